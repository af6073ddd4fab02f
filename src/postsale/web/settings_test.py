"""Settings for the test suite: the real settings with the data folder (uploads, versions, the
secret key) in a fresh temporary directory unless ``POSTSALE_DATA_DIR`` names one — pytest-django
reads the settings before any conftest runs, so the folder cannot be chosen there."""

from __future__ import annotations

import os
import tempfile

if "POSTSALE_DATA_DIR" not in os.environ:
    os.environ["POSTSALE_DATA_DIR"] = tempfile.mkdtemp(prefix="postsale-web-tests-")
os.environ.setdefault("POSTSALE_SECRET_KEY", "tests-only-" + "x" * 50)

from postsale.web.settings import *  # noqa: F403
