"""The plan workbook speaks the reader's language (issue 13 item 1): the Inputs, Model and Summary
labels, the Effort and Org fit values and the budget notes come from the ``report_xlsx`` catalog,
while sheet names and the Model's defined names stay what the formulas address."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from econ_plans import tight

from postsale.api import demo_inputs, load_inputs, run_plan, run_projection
from postsale.core.catalogue import OWNER_LABELS
from postsale.core.msg import Msg
from postsale.errors import ConfigError
from postsale.i18n import LANGUAGES, activate, renderer
from postsale.report.xlsx import SHEET_NAMES, write_plan_xlsx
from postsale.results import PlanResult
from postsale.sample import write_sample

TODAY = dt.date(2026, 12, 5)


@pytest.fixture(scope="module")
def demo() -> PlanResult:
    book, company = demo_inputs(TODAY)
    return run_plan(book, company, today=TODAY).result


def _labels(path: Path) -> dict[str, list[str]]:
    wb = openpyxl.load_workbook(path)
    return {name: [str(r[0]) for r in wb[name].iter_rows(values_only=True) if r[0] is not None]
            for name in ("Summary", "Inputs", "Model", "Effort", "Org fit", "Budget")
            if name in wb.sheetnames}


@pytest.fixture(scope="module")
def books(demo: PlanResult, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for lang in LANGUAGES:
        path = tmp_path_factory.mktemp(lang) / "plan.xlsx"
        with activate(lang, demo.currency):
            write_plan_xlsx(demo, path)
        out[lang] = _labels(path)
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_workbook_labels_render_in_every_language(lang: str, demo: PlanResult, tmp_path: Path,
                                                  books: dict[str, dict[str, list[str]]]) -> None:
    labels = books[lang]
    for sheet, texts in labels.items():
        for text in texts:
            assert "{" not in text, (lang, sheet, text)
            assert "}" not in text, (lang, sheet, text)
            assert "Msg(" not in text, (lang, sheet, text)
    english = books["en"]
    if lang != "en":
        for sheet in ("Summary", "Inputs"):
            same = set(labels[sheet]) & set(english[sheet])
            # acronyms (ARR, GRR, NRR) and loanwords (high-touch: ARR in Malay) may read alike
            assert len(same) <= len(labels[sheet]) // 4, (lang, sheet, same)
    path = tmp_path / "plan.xlsx"
    with activate(lang, demo.currency):
        write_plan_xlsx(demo, path)
    wb = openpyxl.load_workbook(path)
    assert tuple(wb.sheetnames) == tuple(n for n in SHEET_NAMES if n != "Accounts")
    names = {str(r[2]) for r in wb["Inputs"].iter_rows(min_row=2, values_only=True)}
    assert {"per_csm_high_touch", "csm_book_low_touch", "rule_high"} <= names  # the formulas' names


def test_exact_workbook_labels_in_english_and_japanese(books: dict[str, dict[str, list[str]]]) -> None:
    assert "CSM pool: remainders staffed once" in books["en"]["Model"]
    assert "full CS cost a year" in books["en"]["Model"]
    assert "plan date" in books["en"]["Summary"]
    assert "high-touch: accounts per CSM" in books["en"]["Inputs"]
    assert "CSM プール：端数はまとめて一度だけ配置" in books["ja"]["Model"]
    assert "高タッチ：CSM 1 人あたりアカウント数" in books["ja"]["Inputs"]
    assert "计划日期" in books["zh"]["Summary"]
    assert "modelo organizacional" in books["pt"]["Org fit"]


def test_budget_notes_carry_money_in_the_readers_format(tmp_path: Path) -> None:
    demo = tight().result  # a budget that takes levers: the notes list each saving
    assert demo.funding is not None
    assert demo.funding.steps
    wb = {}
    for lang in ("en", "pt"):
        path = tmp_path / f"{lang}.xlsx"
        with activate(lang, demo.currency):
            write_plan_xlsx(demo, path)
        wb[lang] = [str(r[0]) for r in openpyxl.load_workbook(path)["Budget"].iter_rows(
            values_only=True) if r[0]]
    assert not any(f"{demo.currency} " in line for line in wb["en"])
    saving = renderer("pt", demo.currency).money(demo.funding.steps[0].saving)
    assert any(saving in line for line in wb["pt"])


def test_owner_labels_are_messages_in_every_language() -> None:
    for lang in LANGUAGES:
        for owner, label in OWNER_LABELS.items():
            text = renderer(lang)(label)
            assert text, (lang, owner)
            assert "{" not in text, (lang, owner)
    assert renderer("en")(OWNER_LABELS["services"]) == "professional services (S0: in the CCO's scope)"
    assert renderer("zh")(OWNER_LABELS["operations"]) == "运营中心：流程与数字化（S2）"


def test_an_arrival_mix_into_an_empty_tier_is_a_config_error(tmp_path: Path) -> None:
    """A company file that sends new customers to a tier without accounts is the user's to fix:
    a ConfigError naming the key, in the active language, not an internal ValueError."""
    accounts, company_file = write_sample(tmp_path, 4, seed=1, today=TODAY)
    company_file.write_text(company_file.read_text() + "\n[projection.arrival_mix]\n"
                            "high_touch = 0.5\nlow_touch = 0.25\ntech_touch = 0.25\n")
    book, company, notes = load_inputs(accounts, company_file)
    plan = run_plan(book, company, today=TODAY, notes=notes).result
    empty = [t for t, s in plan.tiers.items() if s.accounts == 0]
    assert empty, "the sample should leave a tier empty"
    with pytest.raises(ConfigError) as err:
        run_projection(book, company, today=TODAY, months=6, paths=10, seed=1)
    assert err.value.key == "projection.arrival_mix"
    assert "where the book has no account today" in err.value.problem
    with activate("pt"), pytest.raises(ConfigError) as err_pt:
        run_projection(book, company, today=TODAY, months=6, paths=10, seed=1)
    assert "onde a carteira não tem nenhuma conta hoje" in err_pt.value.problem


def test_the_config_error_message_is_a_catalog_message() -> None:
    m = Msg("projection.error.arrival_mix_empty", tiers=("high_touch",))
    assert renderer("en")(m) == "new customers arrive in high-touch, where the book has no account today"
    assert renderer("ja")(m).startswith("新規顧客の流入先に 高タッチ")


def test_json_keeps_the_economics_input_as_a_key(demo: PlanResult) -> None:
    """The plan-economics input of S3's selection names the plan's ``economics`` section (a JSON
    key, the same in every language); its name is a message with its code beside the words."""
    data = demo.to_dict()
    found = [i for step in data["advice"]["selection"]["steps"] for i in step.get("inputs", [])
             if i["name_msg"]["code"] == "selection.input.cost_per_customer"]
    assert found
    assert all(i["value"] == "economics" and i["origin"] == "plan" for i in found)
