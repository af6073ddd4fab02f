"""S2's architecture on the chart: the intervention point and the implementation merge rule."""

from __future__ import annotations

from typing import Any

from tests.strategies import make_book, plan


def _arch(raw: dict[str, Any], arr: float = 400_000.0, n: int = 60) -> dict[str, Any]:
    result, _ = plan(make_book([arr] * n, implementation_weeks=10.0),
                     {"company": {"product_complexity": "high"}, "budget": {"share": 1.0}, **raw})
    return result.org.architecture


def test_cs_never_takes_over_presales() -> None:
    # a complex product and an all-enterprise book: S2's pre-deal point would over-extend CS
    arch = _arch({})
    assert arch["intervention_point"] == "after_the_deal"
    assert "presales stays with sales" in str(arch["intervention_reason"])
    assert "(100% of ARR high-touch, ≥ 50%)" in str(arch["intervention_reason"])


def test_the_merge_thresholds_are_benchmarks() -> None:
    default = _arch({}, n=60)
    assert not default["merge_implementation_into_csm"]
    raised = _arch({"benchmarks": {"architecture": {"merge_below_customers": 100}}}, n=60)
    assert raised["merge_implementation_into_csm"]
    assert str(raised["merge_reason"]) == "merge: few customers (60 < 100)"
