"""Files nobody refers to any more: a version's payload written by a job killed before its row
(``save_version`` writes files first, then the row), an upload saved by a request cut before its
row, the ``.part-`` temporary of an interrupted write. Rows are the record; a file under a
workspace's ``uploads/`` or ``versions/`` that no row names, and that is older than
``GRACE_SECONDS`` (so a write in flight is never taken), is removed. The worker sweeps when it
starts and about hourly (``postsale.web.jobs.Heartbeat``)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from django.conf import settings

from postsale.web.models import Upload, Version

log = logging.getLogger("postsale.web.sweep")

GRACE_SECONDS = 3600
FOLDERS = ("uploads", "versions")


def referenced() -> set[str]:
    """Every file a row names, relative to MEDIA_ROOT."""
    names: set[str] = set(Upload.objects.values_list("stored_path", flat=True))
    for payload, owners in Version.objects.values_list("payload_path", "owners_path"):
        names.update(n for n in (payload, owners) if n)
    return names


def sweep_orphans(now: float | None = None, grace: float = GRACE_SECONDS) -> list[str]:
    """Remove unreferenced files older than ``grace`` seconds; returns their relative paths.
    The listing is taken before the rows are read, so a file whose row commits meanwhile is
    seen as referenced."""
    root = Path(settings.MEDIA_ROOT)
    moment = time.time() if now is None else now
    candidates = [path for folder in FOLDERS for path in root.glob(f"ws-*/{folder}/*")
                  if path.is_file() and moment - path.stat().st_mtime > grace]
    if not candidates:
        return []
    keep = referenced()
    removed: list[str] = []
    for path in candidates:
        relative = path.relative_to(root).as_posix()
        if relative in keep:
            continue
        path.unlink(missing_ok=True)
        removed.append(relative)
    if removed:
        log.info("removed %d unreferenced files", len(removed))  # i18n: not text
    return removed
