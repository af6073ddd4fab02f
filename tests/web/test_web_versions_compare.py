"""Two versions side by side: plan, assignment and projection comparisons checked against the
payloads, moved accounts counted straight from the two owners CSVs (also at 100,000 accounts),
and the errors a wrong pair gets."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.test import Client
from test_web_versions import (  # type: ignore[import-not-found]
    bearer,
    make_assignment,
    make_plan,
    make_projection,
    owners_bytes,
)

from conftest import TODAY  # type: ignore[attr-defined]

pytestmark = pytest.mark.django_db


# --- comparisons --------------------------------------------------------------------------------

def test_plan_comparison_is_exact_against_the_payloads(
        team: dict[str, Any], client_as: Callable[[str], Client], tmp_path: Path) -> None:
    import pyarrow.csv as pacsv

    from postsale.api import load_book, run_plan
    from postsale.company import Company
    from postsale.sample import _table, generate_accounts
    from postsale.web.versions_compare import compare
    from postsale.web.versions_store import payload_of

    acme = team["acme"]
    a = make_plan(acme, team["planner"])
    bigger = tmp_path / "bigger.csv"
    pacsv.write_csv(_table(generate_accounts(900, 5, TODAY)), str(bigger))
    book, company, _ = load_book(bigger, Company(), today=TODAY)
    b = make_plan(acme, team["planner"], payload=run_plan(book, company, today=TODAY).result.to_dict())
    pa, pb = payload_of(a), payload_of(b)
    found = compare(a, b)
    need_a, need_b = pa["headcount"]["required"], pb["headcount"]["required"]
    assert need_a != need_b
    assert {r["role"]: (r["a"], r["b"], r["change"]) for r in found["by_role"]} == {
        role: (need_a[role], need_b[role], need_b[role] - need_a[role])
        for role in need_a if role != "total" and (need_a[role] or need_b[role])}
    figures = {f["code"].rsplit(".", 1)[1]: f for f in found["figures"]}
    assert (figures["people"]["a"], figures["people"]["b"]) == (need_a["total"], need_b["total"])
    assert figures["cost"]["change"] == pb["economics"]["full_cost"] - pa["economics"]["full_cost"]
    assert figures["cost_share"]["b"] == pb["economics"]["full_cost_share_of_revenue"]
    assert figures["budget"]["a"] == pa["funding"]["budget"]["amount"]
    assert (figures["funded"]["a"], figures["model"]["b"]) == (pa["funding"]["status"],
                                                             pb["org"]["recommended"])
    page = client_as("viewer").get(f"/w/{acme.slug}/versions/compare/?a={a.pk}&b={b.pk}")
    assert page.status_code == 200
    assert f'data-role="{next(iter(found["by_role"]))["role"]}"' in page.content.decode()
    api = bearer(team["viewer"]).get(
        f"/api/v1/workspaces/{acme.slug}/versions/compare?a={a.pk}&b={b.pk}").json()
    assert api["kind"] == "plan"
    assert api["by_role"] == found["by_role"]
    assert api["figures"] == found["figures"]


def _direct_moves(left: Path, right: Path) -> dict[str, tuple[str, str]]:
    def owners(path: Path) -> dict[str, tuple[str, str]]:
        with path.open(newline="", encoding="utf-8") as handle:
            return {row["account_id"]: (row["owner_id"], row["owner_name"])
                    for row in csv.DictReader(handle)}

    a, b = owners(left), owners(right)
    return {k: (a[k][1], b[k][1]) for k in a.keys() & b.keys()
            if a[k][0] != b[k][0] or (not a[k][0] and not b[k][0] and a[k][1] != b[k][1])}


def test_assignment_comparison_counts_moved_accounts_from_the_two_owners_files(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.books import media_path
    from postsale.web.versions_compare import compare, forget_moved, moved_accounts

    forget_moved()
    acme = team["acme"]
    a = make_assignment(acme, team["planner"])
    b = make_assignment(acme, team["planner"], shuffle=3)
    direct = _direct_moves(media_path(a.owners_path), media_path(b.owners_path))
    assert direct  # the edit moved some accounts
    moved = moved_accounts(a, b)
    assert moved.count == len(direct)
    assert (moved.only_a, moved.only_b, moved.common) == (0, 0, 120)
    rows = moved.table.to_pylist()
    assert [r["account_id"] for r in rows] == sorted(direct)
    assert {r["account_id"]: (r["owner_a_name"], r["owner_b_name"]) for r in rows} == direct
    assert moved_accounts(a, a).count == 0
    found = compare(a, b)
    figures = {f["code"].rsplit(".", 1)[1]: f for f in found["figures"]}
    assert figures["accounts"]["a"] == 120
    assert sum(row["b"] or 0 for row in found["books"]) == sum(
        p["accounts"] for p in json.loads(media_path(b.payload_path).read_text())["people"])
    page = client_as("viewer").get(f"/w/{acme.slug}/versions/compare/?a={a.pk}&b={b.pk}")
    assert f'data-moved="{len(direct)}"'.encode() in page.content
    api = bearer(team["viewer"]).get(
        f"/api/v1/workspaces/{acme.slug}/versions/compare?a={a.pk}&b={b.pk}&page=1").json()
    assert api["moved"]["count"] == len(direct)
    assert [r["account_id"] for r in api["moved"]["rows"]] == sorted(direct)[:50]


def test_moved_accounts_of_two_large_owners_files(tmp_path: Path) -> None:
    from postsale.web.versions_compare import moved_between

    n = 100_000
    rng = np.random.default_rng(11)
    ids = np.array([f"ACC-{i:06d}" for i in range(n)], dtype=object)
    owner_a = np.array([f"csm-{k}" for k in rng.integers(0, 300, n)], dtype=object)
    owner_b = owner_a.copy()
    changed = rng.choice(n, 4_321, replace=False)
    owner_b[changed] = np.array([f"new-{k}" for k in range(changed.size)], dtype=object)
    owner_b[:10] = ""  # unassigned in b: a move away from a named owner

    def columns(owner: Any) -> dict[str, Any]:
        blank = np.full(n, "", dtype=object)
        return {"account_id": ids, "owner_id": owner, "owner_name": owner,
                "previous_owner": blank, "moved": np.zeros(n, dtype=bool), "reason": blank,
                "violations": blank}

    left, right = tmp_path / "a.csv", tmp_path / "b.csv"
    left.write_bytes(owners_bytes(columns(owner_a)))
    right.write_bytes(owners_bytes({**columns(owner_b[::-1].copy()),  # b in reverse order
                                    "account_id": ids[::-1].copy()}))
    moved = moved_between(left, right)
    assert moved.count == int((owner_a != owner_b).sum())
    assert moved.count == len(_direct_moves(left, right))
    assert moved.page(2, 3) == moved.table.slice(3, 3).to_pylist()


def test_projection_comparison_is_exact_against_the_payloads(team: dict[str, Any]) -> None:
    from postsale.web.versions_compare import compare
    from postsale.web.versions_store import payload_of

    acme = team["acme"]
    a, b = make_projection(acme, team["planner"], months=6), make_projection(
        acme, team["planner"], months=12, seed=8)
    pa, pb = payload_of(a), payload_of(b)
    figures = {f["code"].rsplit(".", 1)[1]: f for f in compare(a, b)["figures"]}
    assert (figures["horizon"]["a"], figures["horizon"]["b"]) == (6, 12)
    assert figures["required_month0"]["a"] == pa["months"][0]["required"]["total"]
    assert figures["required_last"]["b"] == pb["months"][-1]["required"]["total"]
    assert (figures["hires"]["a"], figures["hires"]["b"]) == (len(pa["hires"]), len(pb["hires"]))
    assert figures["cumulative_cost"]["b"] == pb["months"][-1]["cumulative_cost"]
    assert figures["arr_last"]["change"] == (pb["months"][-1]["arr"]["p50"]
                                             - pa["months"][-1]["arr"]["p50"])
    assert b.summary["months"] == 12
    assert b.summary["hires"] == len(pb["hires"])


def test_comparing_different_kinds_is_a_clear_error(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    acme = team["acme"]
    plan, projection = make_plan(acme, team["planner"]), make_projection(acme, team["planner"])
    page = client_as("viewer").get(
        f"/w/{acme.slug}/versions/compare/?a={plan.pk}&b={projection.pk}")
    assert page.status_code == 400
    assert "only versions of the same kind can be compared" in page.content.decode()
    api = bearer(team["viewer"]).get(
        f"/api/v1/workspaces/{acme.slug}/versions/compare?a={plan.pk}&b={projection.pk}")
    assert api.status_code == 400
    assert "same kind" in api.json()["detail"]
    pickers = client_as("viewer").get(f"/w/{acme.slug}/versions/compare/")
    assert pickers.status_code == 200
    assert b'name="a"' in pickers.content
    junk = client_as("viewer").get(f"/w/{acme.slug}/versions/compare/?a=x&b=1")
    assert junk.status_code == 404
    huge = client_as("viewer").get(f"/w/{acme.slug}/versions/compare/?a={2**70}&b={plan.pk}")
    assert huge.status_code == 404
    assert client_as("viewer").get(f"/w/{acme.slug}/versions/{2**40}/").status_code == 404
    root = f"/api/v1/workspaces/{acme.slug}/versions"
    assert bearer(team["viewer"]).get(
        f"{root}/compare?a={plan.pk}&b={plan.pk}&page=0").status_code == 422
    assert bearer(team["viewer"]).get(f"{root}/{2**40}").status_code == 404




def test_a_lost_or_foreign_owners_file_is_a_clear_error_not_a_crash(
        team: dict[str, Any], client_as: Callable[[str], Client]) -> None:
    from postsale.web.books import media_path
    from postsale.web.versions_compare import forget_moved

    forget_moved()
    acme = team["acme"]
    a, b = make_assignment(acme, team["planner"]), make_assignment(acme, team["planner"])
    media_path(b.owners_path).write_text("id,name\n1,x\n", encoding="utf-8")
    url = f"/w/{acme.slug}/versions/compare/?a={a.pk}&b={b.pk}"
    broken = client_as("viewer").get(url)
    assert broken.status_code == 400
    assert "not an owners file" in broken.content.decode()
    media_path(a.payload_path).unlink()
    gone = client_as("viewer").get(url)
    assert gone.status_code == 400
    assert "cannot be read from the data folder" in gone.content.decode()
    assert bearer(team["viewer"]).get(
        f"/api/v1/workspaces/{acme.slug}/versions/{a.pk}/payload").status_code == 404
    assert client_as("viewer").get(
        f"/w/{acme.slug}/versions/{a.pk}/payload.json").status_code == 404
