"""The public surface is deliberate: ``postsale.__all__`` is exactly what we promise."""

from __future__ import annotations

import datetime as dt

import postsale


def test_exported_members() -> None:
    assert sorted(postsale.__all__) == [
        "AccountBook", "Company", "ConfigError", "InputError", "PlanResult", "PostsaleError",
        "__version__", "assign", "load_accounts", "plan",
    ]
    for name in postsale.__all__:
        assert hasattr(postsale, name), name


def test_plan_from_a_path_and_a_mapping(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    accounts = tmp_path / "a.csv"
    accounts.write_text("account_id,arr\nA,150000\nB,30000\nC,3000\n", encoding="utf-8")
    result = postsale.plan(accounts, company={"team": {"csm_low_touch": 1}},
                           today=dt.date(2026, 11, 25))
    assert isinstance(result, postsale.PlanResult)
    assert result.tiers["high_touch"].accounts == 1
    assert result.headcount.current["csm_low_touch"] == 1
    assert result.to_dict()["stage"]["number"] == 1


def test_assign_from_a_path(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    accounts = tmp_path / "a.csv"
    accounts.write_text("account_id,arr\nA,150000\nB,30000\nC,3000\nD,40000\n", encoding="utf-8")
    run = postsale.assign(accounts, today=dt.date(2026, 11, 25))
    owners = run.owner_columns()
    assert len(owners["account_id"]) == 4
    assert all(owners["owner_id"])


def test_the_language_rule_can_be_switched_off_from_the_company_file() -> None:
    from postsale.api import assignment_rules
    from postsale.benchmarks import default_benchmarks
    from postsale.company import company_from_mapping

    on = assignment_rules(None)
    off = assignment_rules(company_from_mapping(
        {"benchmarks": {"assignment": {"require_language": 0}}}, "t", default_benchmarks()))
    assert on.require_language
    assert not off.require_language
    assert off.require_region
