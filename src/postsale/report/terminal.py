"""Terminal-safe output: user text (names, headers, paths, cells) never drives the terminal.

An account name or a file path may hold ``ESC`` sequences (colours, window titles, cursor moves,
hyperlinks) or other C0/C1 control characters; printed raw they would restyle, hide or overwrite
the report. :class:`SafeConsole` shows each such character as a visible escape (``\\x1b``) in the
text it renders, while Rich's own styling (which it emits as separate control segments and
styles) still reaches a colour terminal. :func:`plain` does the same for a string, and markup in
messages is escaped with :func:`message` so ``[/x]`` in a cell is shown, not interpreted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.segment import Segment

__all__ = ["SafeConsole", "message", "plain"]

# C0 controls except tab and newline, DEL, and C1 controls (U+0080–U+009F, e.g. CSI U+009B).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def plain(text: str) -> str:
    """``text`` with every terminal control character shown as a visible ``\\xNN`` escape."""
    return _CONTROL.sub(_visible, text)


def message(text: object) -> str:
    """Any user-facing text as Rich markup that prints literally: controls shown, markup escaped."""
    return escape(plain(str(text)))


class SafeConsole(Console):
    """A Rich console whose rendered text carries no control characters from the data."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            seg if seg.control else Segment(plain(seg.text), seg.style, seg.control)
            for seg in buffer)

    def export_text(self, *, clear: bool = True, styles: bool = False) -> str:
        text = super().export_text(clear=clear, styles=styles)
        return text if styles else plain(text)
