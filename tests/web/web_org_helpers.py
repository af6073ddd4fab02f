"""Helpers for the org chart and owners tests: a book whose accounts have owners, a team file,
and a rebalance run in the test's own thread (the worker's runner, called directly)."""

from __future__ import annotations

from typing import Any

import numpy as np

from conftest import TODAY  # type: ignore[attr-defined]
from postsale.sample import generate_accounts

TEAM_CSV = """person_id,name,role
p-ana,Ana,csm_high_touch
p-alf,Alf,csm_high_touch
p-ben,Ben,csm_low_touch
p-bea,Bea,csm_low_touch
p-cai,Cai,csm_tech_touch
p-cat,Cat,csm_tech_touch
"""
#: every account of a tier starts with one person, so a rebalance moves about half of them
FIRST_OWNER = {"high_touch": "Ana", "low_touch": "Ben", "tech_touch": "Cai"}


def own_accounts(team: dict[str, Any], tmp_path: Any, *, with_team: bool = True) -> dict[str, Any]:
    """acme's book again, every account owned by the first person of its tier, and (unless
    ``with_team`` is false) a team file; ``tiers`` maps account id to tier."""
    from postsale.api import run_plan
    from postsale.keys import TIER_KEYS
    from postsale.web.books import forget_books, loaded_book
    from postsale.web.models import FileKind
    from postsale.web.uploads_store import store_columns, store_path

    acme = team["acme"]
    loaded = loaded_book(acme, TODAY)
    tiers = np.array([str(t) for t in TIER_KEYS], dtype=object)[
        run_plan(loaded.book, loaded.company, today=TODAY).tiering.tier]
    columns = generate_accounts(120, 3, TODAY)
    columns["owner"] = np.array([FIRST_OWNER[t] for t in tiers], dtype=object)
    store_columns(acme, columns, "accounts-owned.csv", today=TODAY)
    if with_team:
        path = tmp_path / "team.csv"
        path.write_text(TEAM_CSV, encoding="utf-8")
        upload = store_path(acme, path, FileKind.TEAM, today=TODAY)
        assert upload.status == "ok", upload.problems
    forget_books()
    return {**team, "tiers": dict(zip(columns["account_id"].tolist(), tiers.tolist(), strict=True))}


def rebalance_now(workspace: Any, user: Any, *, propose: bool = False) -> Any:
    """Queue a rebalance and run it here (the worker's runner, synchronously)."""
    from postsale.web.jobs import Progress
    from postsale.web.jobs_assign import rebalance, start_rebalance
    from postsale.web.models import Job

    job = start_rebalance(workspace, user, propose=propose, today=TODAY)
    job = Job.objects.select_related("workspace", "created_by").get(pk=job.pk)
    version = rebalance(job, Progress(job))
    Job.objects.filter(pk=job.pk).update(status="done", version=version, progress=1.0)
    return version
