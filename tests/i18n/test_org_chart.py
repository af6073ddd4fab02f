"""The org chart builders' words come from the ``org_chart`` catalogs: seat titles, unit names and
details, functional links, the differences from the role-based plan, the charts' notes and the
plan's role formulas render in every language from codes and raw numbers; reports group titles
by a key that does not depend on the language."""

from __future__ import annotations

import json
import tomllib
from functools import cache

import pytest

from postsale.api import run_plan
from postsale.benchmarks import default_benchmarks
from postsale.company import company_from_mapping
from postsale.core.book import AccountBook
from postsale.core.capacity import measure_workload, required_headcount
from postsale.core.msg import Msg
from postsale.core.org.build import adopt_chart, build_charts
from postsale.core.org.chart import OrgChart
from postsale.core.org.inputs import OrgInputs
from postsale.core.org.layers import (
    CUSTOMER_SUCCESS,
    HEAD_OF_CS,
    ChartBuilder,
    signed,
    unit_lead_title,
)
from postsale.core.tiering import assign_tiers
from postsale.i18n import activate
from postsale.i18n.catalog import LANGUAGES
from postsale.i18n.render import renderer
from postsale.io.read import book_from_columns
from postsale.keys import OrgModel, Role
from postsale.report.org_text import MAX_SAME_TITLE, SHOWN_WHEN_FOLDED, folded_children, org_tree
from postsale.results import Headcount, PlanResult
from postsale.results_text import render_context
from postsale.sample import company_toml, generate_accounts
from strategies import TODAY, company_and_benchmarks, make_book


def _inputs(book: AccountBook) -> OrgInputs:
    company, bench = company_and_benchmarks(None)
    tiering = assign_tiers(book, bench)
    workload = measure_workload(book, tiering, bench, company, TODAY)
    base = required_headcount(workload, bench, company)
    return OrgInputs(book=book, tier=tiering.tier, workload=workload, base=base,
                     benchmarks=bench, company=company)


@cache
def charts(customers: int = 1200) -> tuple[OrgInputs, dict[OrgModel, OrgChart]]:
    book = book_from_columns(generate_accounts(customers, 7, TODAY, profile="global"),
                             source="test")
    inputs = _inputs(book)
    return inputs, build_charts(inputs, TODAY)


@cache
def small_regions_chart() -> OrgChart:
    """Regions to merge, accounts without a region or time zone, languages beyond the seats."""
    rows = ([("Americas", "America/New_York", "English")] * 400
            + [("EMEA", "Europe/Paris", "French")] * 30 + [(None, None, "Malay")] * 10
            + [("Mars", "Asia/Tokyo", "Thai")] * 15)
    book = make_book([30_000.0] * len(rows), region=[r[0] for r in rows],
                     timezone=[r[1] for r in rows], language=[r[2] for r in rows])
    return build_charts(_inputs(book), TODAY)[OrgModel.GEOGRAPHIC]


@cache
def plan() -> PlanResult:
    """A plan whose recommended chart (pods or regions) reshapes the role-based headcount."""
    book = book_from_columns(generate_accounts(1200, 1, TODAY, profile="global"), source="test")
    company = company_from_mapping(tomllib.loads(company_toml(1200, 1)), "sample",
                                   default_benchmarks())
    return run_plan(book, company, today=TODAY).result


@cache
def adopted() -> Headcount:
    """The plan's headcount when it adopts the pod chart (the plan's own step, core/plan.py)."""
    inputs, drawn = charts()
    return adopt_chart(inputs.base, drawn[OrgModel.POD], inputs.benchmarks)


def _messages(chart: OrgChart) -> list[Msg]:
    found: list[Msg] = [row[1] for row in chart.rows]
    found += chart.unit_names.values()
    found += [m for u in chart.units for m in (u.name, u.detail)]
    found += [link.label for link in chart.functional_links]
    found += [*chart.differences, *chart.notes, *chart.reasons.values()]
    return found


def _all_messages() -> list[Msg]:
    _, drawn = charts()
    found = [m for chart in (*drawn.values(), small_regions_chart()) for m in _messages(chart)]
    found += [r.formula for r in adopted().roles.values() if isinstance(r.formula, Msg)]
    return list(dict.fromkeys(found))


def test_the_charts_hold_messages_for_every_kind_of_word() -> None:
    codes = {m.code for m in _all_messages()}
    for prefix in ("org_chart.title.", "org_chart.unit.", "org_chart.pod.", "org_chart.geo.",
                   "org_chart.diff.", "org_chart.link.", "org_chart.formula"):
        assert any(c.startswith(prefix) for c in codes), prefix
    assert {"org_chart.geo.merged_neighbour", "org_chart.geo.merged_largest",
            "org_chart.geo.unassigned_join",
            "org_chart.geo.top_region"} <= {m.code for m in _messages(small_regions_chart())}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_org_chart_message_renders_in_every_language(lang: str) -> None:
    render, english = renderer(lang), renderer("en")
    messages = _all_messages()
    for m in messages:
        text = render(m)
        assert text.strip(), (lang, m)
        assert "{" not in text, (lang, m, text)
        assert "}" not in text, (lang, m, text)
    if lang in ("ja", "zh"):
        sentences = [m for m in messages if m.code in ("org_chart.diff.role", "org_chart.formula")]
        assert sentences
        assert all(render(m) != english(m) for m in sentences)


def test_exact_sentences_in_english_and_japanese() -> None:
    en, ja, pt = renderer("en"), renderer("ja"), renderer("pt")
    total = Msg("org_chart.diff.total", total=12, delta=signed(3))
    assert en(total) == "total 12 (+3 vs the role-based plan)"
    assert ja(total) == "合計 12（役割ベースの計画比 +3）"
    assert pt(Msg("org_chart.title.head_of_cs")) == "Head de Sucesso do Cliente"
    _, drawn = charts()
    pod = drawn[OrgModel.POD]
    assert "+4 tam: one TAM in every enterprise pod" in [en(d) for d in pod.differences] or any(
        en(d).endswith("one TAM in every enterprise pod") for d in pod.differences)
    assert "すべてのエンタープライズポッドにTAMを1名" in " ".join(ja(d) for d in pod.differences)


def test_plan_formulas_read_the_chart_reasons_not_its_sentences() -> None:
    inputs, drawn = charts()
    pod = drawn[OrgModel.POD]
    changed = {role: r for role, r in adopted().roles.items() if isinstance(r.formula, Msg)
               and r.formula.code == "org_chart.formula"}
    assert changed, "the pod chart changes no role's count"
    for role, r in changed.items():
        assert r.formula["now"] == r.required == pod.headcount[str(role)]
        assert r.formula["was"] == inputs.base.roles[role].required
        assert r.formula["why"] == pod.reasons[str(role)]
        assert r.formula["role_based"] == inputs.base.roles[role].formula
    assert str(changed[Role.TAM].formula).startswith(
        f"{pod.headcount['tam']} in the pod chart (+{pod.headcount['tam']} vs the role-based 0: "
        "one TAM in every enterprise pod); role-based: ")
    assert renderer("ja")(changed[Role.TAM].formula).startswith(
        f"ポッドモデルの組織図で {pod.headcount['tam']}（役割ベースの 0 比 +{pod.headcount['tam']}"
        "：すべてのエンタープライズポッドにTAMを1名）")


def test_json_carries_codes_and_raw_numbers_beside_the_sentences() -> None:
    result = plan()
    data = json.loads(json.dumps(result.to_dict(lang="zh")))
    model = str(result.org.recommended)
    graph = data["org"]["charts"][model]
    assert all(isinstance(d, str) for d in graph["differences"])
    codes = graph["differences_msg"]
    assert codes[-1]["code"] in ("org_chart.diff.total", "org_chart.diff.total_same",
                                 "org_chart.geo.diff_total")
    assert isinstance(codes[-1]["params"].get("total", codes[-1]["params"].get("people")), int)
    node = graph["nodes"][0]
    assert {"title", "title_code", "family", "family_key", "unit", "unit_key"} <= set(node)
    assert node["title_code"].startswith("org_chart.title.")
    roles = json.loads(json.dumps(adopted().model_dump(mode="json",
                                                       context=render_context("zh"))))["roles"]
    tam = roles["tam"]
    assert tam["formula"].startswith("小组(Pod)组织架构图中为 ")
    assert tam["formula_msg"]["code"] == "org_chart.formula"
    params = tam["formula_msg"]["params"]
    assert isinstance(params["now"], int)
    assert params["was"] == 0
    assert params["model"] == "pod"
    assert params["why"]["code"] == "org_chart.pod.tam_in_pod"


def _pods_under_one_head(lang: str) -> list[tuple[str, int]]:
    """The folds of a head leading more pod leads than a report shows, drawn in ``lang``."""
    b = ChartBuilder(default_benchmarks())
    head = b.add(Role.DIRECTOR, CUSTOMER_SUCCESS, title=HEAD_OF_CS)
    segment = Msg("org_chart.segment.enterprise")
    for p in range(MAX_SAME_TITLE + 8):
        unit = b.name(f"pod.high_touch.{p + 1:02d}",
                      Msg("org_chart.unit.pod_n", segment=segment, number=f"{p + 1:02d}"))
        lead = b.add(Role.MANAGER, unit, title=unit_lead_title(Msg("org_chart.kind.pod"),
                                                               b.label(unit)), reports_to=head)
        b.add(Role.CSM_HIGH_TOUCH, unit, count=3, reports_to=lead)
    with activate(lang):
        graph = b.freeze(OrgModel.POD, []).to_graph()
    return [(item[0], len(item[1])) for item in folded_children(org_tree(graph))
            if isinstance(item, tuple)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_long_runs_of_one_title_family_fold_in_every_language(lang: str) -> None:
    folds = _pods_under_one_head(lang)
    assert [n for _, n in folds] == [MAX_SAME_TITLE + 8 - SHOWN_WHEN_FOLDED]
    expected = {"en": "Pod Lead — Enterprise pod", "ja": "ポッドリード — エンタープライズポッド",
                "zh": "Pod 负责人 — 企业级 Pod", "pt": "Líder de Pod — Pod Enterprise",
                "ms": "Ketua Pod — Pod Enterprise"}
    assert folds[0][0] == expected[lang]
