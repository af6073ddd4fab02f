"""Orphan files (a version's payload whose job was killed before its row, an upload cut before
its row, an interrupted write's temporary) are removed once old; files rows name, and young
files, stay."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def _old(path: Path, hours: float = 2) -> Path:
    moment = time.time() - hours * 3600
    os.utime(path, (moment, moment))
    return path


def test_only_old_files_no_row_names_are_removed(make_workspace: Callable[..., Any]) -> None:
    from postsale.web.sweep import sweep_orphans
    from postsale.web.versions_store import create_version

    workspace = make_workspace("Sweep", customers=30)
    upload = workspace.uploads.get()
    version = create_version(workspace, "plan", author=None, payload={"a": 1}, summary={})
    root = Path(settings.MEDIA_ROOT)
    folder = root / f"ws-{workspace.pk}"
    kept = [_old(root / upload.stored_path), _old(root / version.payload_path)]
    orphan_version = folder / "versions" / "plan-dead.json"
    orphan_version.write_text("{}")
    _old(orphan_version)
    orphan_upload = folder / "uploads" / "cut.csv"
    orphan_upload.write_text("account_id\n")
    _old(orphan_upload)
    part = folder / "versions" / ".part-x1"
    part.write_text("half")
    _old(part)
    young = folder / "versions" / "plan-in-flight.json"
    young.write_text("{}")

    removed = sweep_orphans()

    assert sorted(removed) == sorted(p.relative_to(root).as_posix()
                                     for p in (orphan_version, orphan_upload, part))
    assert all(p.exists() for p in kept)
    assert young.exists()
    assert sweep_orphans() == []
