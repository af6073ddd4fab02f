"""The ``postsale`` command line: parse options → call ``postsale.api`` → render.

User errors (``PostsaleError``) become a message on stderr and exit code 2; anything else is an
internal error, exit code 1 (set POSTSALE_DEBUG=1 for the traceback). No business logic lives here.
The commands live in one module per family; importing them registers them on :data:`app`.
"""

from __future__ import annotations

from postsale.cli import (
    commands_assign,
    commands_plan,
    commands_project,
    commands_report,
    commands_tools,
    commands_web,
)
from postsale.cli.app import _terminate, app, main

__all__ = ["_terminate", "app", "main"]
_REGISTERED = (commands_assign, commands_plan, commands_project, commands_report, commands_tools,
               commands_web)
