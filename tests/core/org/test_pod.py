"""Pod shapes are benchmarks (S0 §Model 3, STYLE habit 14): an override of ``pods.<tier>.*`` changes
the pods, their positions and the sentences that state the shape."""

from __future__ import annotations

from typing import Any

from postsale.benchmarks import default_benchmarks
from postsale.core.org.pod import POD_KEYS, pod_shapes
from postsale.keys import OrgModel, Tier
from strategies import make_book, plan

BOOK = make_book([30_000.0] * 1_000)  # 1,000 low-touch accounts: 20 CSMs, two mid-market pods


def pod_chart(raw: dict[str, Any] | None = None) -> dict[str, Any]:
    result, _ = plan(BOOK, raw)
    chart: dict[str, Any] = result.org.charts[OrgModel.POD]
    return chart


def pods(chart: dict[str, Any]) -> list[dict[str, Any]]:
    return [u for u in chart["units"] if u["kind"] == "pod"]


def test_the_default_shapes_are_s0s() -> None:
    shapes = pod_shapes(default_benchmarks())
    assert [(str(s.segment), s.csms, s.implementation_specialists, s.tams)
            for s in shapes.values()] == [
        ("Enterprise", 3, 1, 1), ("Mid-market", 5, 2, 0), ("SMB", 3, 1, 0)]
    for key in POD_KEYS:
        assert "S0 §Model 3" in default_benchmarks()[key].source


def test_default_pods_and_their_sentences() -> None:
    chart = pod_chart()
    assert [(u["positions"], str(u["detail"])) for u in pods(chart)] == [
        (8, "5 CSMs, 2 implementation, 0 TAM for 500 low_touch accounts")] * 2
    assert str(chart["notes"][0]) == ("pods keep S0's shapes; a segment that outgrows one pod splits into "
                                 "several")
    assert any(d.endswith("(S0 shapes: 1 per enterprise and SMB pod, 2 per mid-market pod)")
               for d in map(str, chart["differences"]))


def test_a_shape_override_changes_the_pods_and_the_note() -> None:
    chart = pod_chart({"benchmarks": {"pods": {"low_touch": {"csms": 4,
                                                             "implementation_specialists": 3}}}})
    assert [(u["positions"], str(u["detail"])) for u in pods(chart)] == [
        (8, "4 CSMs, 3 implementation, 0 TAM for 334 low_touch accounts"),
        (7, "3 CSMs, 3 implementation, 0 TAM for 333 low_touch accounts"),
        (7, "3 CSMs, 3 implementation, 0 TAM for 333 low_touch accounts")]
    assert str(chart["notes"][0]).startswith(
        "pods keep S0's shapes except Mid-market pod: 4 CSMs, 3 implementation, 0 TAM (from ")
    assert any(d.endswith("(pod shapes: 1 per enterprise and SMB pod, 3 per mid-market pod)")
               for d in map(str, chart["differences"]))


def test_the_tam_sentence_reads_the_shape() -> None:
    bench = default_benchmarks()
    two = pod_shapes(bench.with_overrides({"pods.high_touch.tams": 2}, origin="acme.toml"))
    assert two[Tier.HIGH_TOUCH].tams == 2
    assert two[Tier.HIGH_TOUCH].overridden_by == ("acme.toml",)
    book = make_book([150_000.0] * 120 + [30_000.0] * 300)
    generous = {"budget": {"share": 1.0}}  # the needed plan: no budget lever moves accounts
    default, _ = plan(book, generous)
    raised, _ = plan(book, {**generous, "benchmarks": {"pods": {"high_touch": {"tams": 2}}}})
    tam = [n for n in default.org.charts[OrgModel.POD]["nodes"] if n["role"] == "tam"]
    tam2 = [n for n in raised.org.charts[OrgModel.POD]["nodes"] if n["role"] == "tam"]
    assert sum(n["count"] for n in tam2) == 2 * sum(n["count"] for n in tam)
    assert "+4 tam: one TAM in every enterprise pod" in map(
        str, default.org.charts[OrgModel.POD]["differences"])
    assert "+8 tam: two TAMs in every enterprise pod" in map(
        str, raised.org.charts[OrgModel.POD]["differences"])


def test_small_pods_added_directly_match_the_generic_lead_unit(monkeypatch: Any) -> None:
    # build_pod adds a pod of ≤ spans.manager_max people directly (its members reporting to the
    # lead's id); the chart must be node for node the one lead_unit draws (mixed pod sizes, TAMs)
    from test_geographic import org_inputs

    import postsale.core.org.pod as pod_module
    from postsale.io.read import book_from_columns
    from postsale.sample import generate_accounts
    from strategies import TODAY

    book = book_from_columns(generate_accounts(3_000, 5, TODAY), source="test")
    inputs = org_inputs(book, {"benchmarks": {"pods": {"low_touch": {"csms": 4}}}})
    direct = pod_module.build_pod(inputs)
    add_pod = pod_module._add_pod

    def generic(*args: Any, small: bool) -> str:
        return add_pod(*args, small=False)

    monkeypatch.setattr(pod_module, "_add_pod", generic)
    drawn = pod_module.build_pod(inputs)
    assert len(direct.rows) > 40
    assert {r[2] for r in direct.rows} >= {"tam", "manager"}
    assert direct.rows == drawn.rows
    assert direct.functional_links == drawn.functional_links
    assert direct.to_graph() == drawn.to_graph()
