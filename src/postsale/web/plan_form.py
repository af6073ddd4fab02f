"""The what-if panel's form: its inputs (named by company-file key, so a ``ConfigError`` lands on
the input it names) read into a ``WhatIf``.

The inputs start at the plan's own lever values (``planning.baseline_levers``); a value equal to
its starting value is no lever at all, so an untouched panel is the baseline plan (a cache hit,
zero deltas) and an explicit ``accounts_per_csm.tech_touch`` is only written when it was moved.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from postsale.core.msg import Msg
from postsale.errors import ConfigError
from postsale.keys import TIER_KEYS
from postsale.web.planning import WHATIF_SOURCE, GrowthLever, WhatIf

RENEWAL_OWNERS = ("csm", "desk", "automatic", "sales")
#: growth rows the panel offers beyond the company's own targets
EXTRA_GROWTH_ROWS = 1


def _number(data: Mapping[str, Any], key: str, whole: bool = False) -> float | int | None:
    raw = str(data.get(key, "") or "").strip().replace(",", "").replace("_", "")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or (whole and not value.is_integer()):
        fix = Msg("errors_company.not_number.fix")
        raise ConfigError(WHATIF_SOURCE, key, Msg("errors_company.not_number", value=repr(raw)), fix)
    return int(value) if whole else value


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def growth_rows(baseline: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The panel's growth rows: the company's targets, then empty rows to add one."""
    rows = [dict(g) for g in baseline["growth"]]
    rows += [{"months": None, "customers": None, "arr": None}] * EXTRA_GROWTH_ROWS
    return [{"index": i, **row} for i, row in enumerate(rows, start=1)]


def whatif_from_form(data: Mapping[str, Any], baseline: Mapping[str, Any]) -> WhatIf:
    """The levers the form moved away from the plan's values (an input not sent keeps the
    company's setting; an emptied one is a change). Raises ``ConfigError`` naming the input (its
    company-file key) for a value that is not a number or not a choice."""
    per_csm = {}
    for tier in TIER_KEYS:
        value = _number(data, f"accounts_per_csm.{tier}")
        if value is not None and not _same(value, baseline["accounts_per_csm"][str(tier)]):
            per_csm[tier] = float(value)
    thresholds: dict[str, float | None] = {}
    for name in ("high_touch_min_acv", "low_touch_min_acv"):
        value = _number(data, f"tiering.{name}")
        thresholds[name] = None if value is None or _same(value, baseline[name]) else float(value)
    share, amount = _number(data, "budget.share"), _number(data, "budget.amount")
    budget: dict[str, float | None] = {}
    given = "budget.share" in data or "budget.amount" in data  # absent inputs: keep the setting
    if given and not (_same(share, baseline["budget_share"])
                      and _same(amount, baseline["budget_amount"])):
        if share is None and amount is None:  # cleared: back to the rule of thumb
            raise ConfigError(WHATIF_SOURCE, "budget", Msg("web_plan.whatif.budget_cleared"),
                              Msg("web_plan.whatif.budget_cleared.fix"))
        budget = {"budget_share": share, "budget_amount": amount}
    growth = _growth(data, baseline)
    renewals = {}
    for tier in TIER_KEYS:
        owner = str(data.get(f"renewals.{tier}", "") or "")
        if not owner or owner == baseline["renewals"][str(tier)]:
            continue
        if owner not in RENEWAL_OWNERS:
            choices = ", ".join(f'"{c}"' for c in RENEWAL_OWNERS)
            raise ConfigError(WHATIF_SOURCE, f"renewals.{tier}",
                              Msg("errors_company.value", value=repr(owner)),
                              Msg("errors_company.value.fix", choices=choices))
        renewals[tier] = owner
    try:
        return WhatIf(accounts_per_csm=per_csm, **thresholds, **budget, growth=growth,
                      renewals=renewals)
    except ValidationError as error:  # pragma: no cover - the inputs above are typed already
        raise ConfigError(WHATIF_SOURCE, None, Msg("errors_company.see_readme"),
                          Msg("errors_company.see_readme")) from error


def _growth(data: Mapping[str, Any], baseline: Mapping[str, Any]) -> tuple[GrowthLever, ...] | None:
    if not any(str(key).startswith("growth[") for key in data):  # absent inputs: keep the targets
        return None
    targets = []
    for row in growth_rows(baseline):
        i = row["index"]
        months = _number(data, f"growth[{i}].months", whole=True)
        customers = _number(data, f"growth[{i}].customers", whole=True)
        arr = _number(data, f"growth[{i}].arr")
        if months is None and customers is None and arr is None:
            continue
        if months is None:
            raise ConfigError(WHATIF_SOURCE, f"growth[{i}].months",
                              Msg("web_plan.whatif.months_missing"),
                              Msg("web_plan.whatif.months_missing.fix"))
        targets.append(GrowthLever(months=int(months), customers=None if customers is None
                                   else int(customers), arr=None if arr is None else float(arr)))
    original = tuple(GrowthLever(**g) for g in baseline["growth"])
    return None if tuple(targets) == original else tuple(targets)
