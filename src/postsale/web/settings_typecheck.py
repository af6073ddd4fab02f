"""Settings for mypy's Django plugin: the real settings without touching the disk (a fixed key,
a data folder that is never created)."""

from __future__ import annotations

import os

os.environ.setdefault("POSTSALE_SECRET_KEY", "type-checking-only")
os.environ.setdefault("POSTSALE_DATA_DIR", "/nonexistent/postsale-typecheck")

from postsale.web.settings import *  # noqa: F403
