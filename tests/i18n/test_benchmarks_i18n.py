"""The benchmark table's words in every language: one ``benchmarks.help.<key>`` per key of
``default.toml`` and one ``benchmarks.motion.<tier>.<motion>`` per catalogue motion, English equal
to the TOML (the TOML stays the source of English, so the catalog cannot drift), translations
without placeholders, and every place that shows a help text showing it in the chosen language."""

from __future__ import annotations

import datetime as dt
import re
import string
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from postsale.api import demo_inputs, run_plan
from postsale.benchmarks import default_benchmarks
from postsale.cli.app import app
from postsale.core.msg import Msg
from postsale.i18n import LANGUAGES, activate, catalog, renderer
from postsale.i18n.benchmarks import benchmark_help, help_for_key, motion_label
from postsale.report.board import render_board_html
from postsale.report.html import render_plan_html
from postsale.report.xlsx import write_plan_xlsx
from postsale.results import PlanResult

TODAY = dt.date(2026, 12, 5)
ROOT = Path(__file__).resolve().parents[2]


def _toml(name: str) -> dict[str, Any]:
    return tomllib.loads(files("postsale.benchmarks").joinpath(name).read_text("utf-8"))


def _help_texts(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """key → help, read from default.toml here (not through the code under test)."""
    out: dict[str, str] = {}
    for name, node in table.items():
        if isinstance(node, dict):
            if "value" in node:
                out[prefix + name] = node["help"]
            out.update(_help_texts(node, f"{prefix}{name}."))
    return out


HELP = _help_texts(_toml("default.toml"))
MOTIONS = {f"{tier}.{name}": spec["label"] for tier, motions in _toml("catalogue.toml").items()
           if isinstance(motions, dict) for name, spec in motions.items()}


def test_the_toml_files_are_read_whole() -> None:
    assert len(HELP) >= 270
    assert len(MOTIONS) >= 30


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_and_motion_has_an_entry(lang: str) -> None:
    messages = catalog(lang).messages
    missing = [k for k in HELP if not messages.get(f"benchmarks.help.{k}", "").strip()]
    missing += [m for m in MOTIONS if not messages.get(f"benchmarks.motion.{m}", "").strip()]
    assert not missing, f"{lang}: {len(missing)} untranslated, e.g. {missing[:10]}"
    stale = [c for c in messages if c.startswith("benchmarks.help.")
             and c.removeprefix("benchmarks.help.") not in HELP]
    stale += [c for c in messages if c.startswith("benchmarks.motion.")
              and c.removeprefix("benchmarks.motion.") not in MOTIONS]
    assert not stale, f"{lang}: codes of keys no TOML has: {stale[:10]}"


def test_english_is_the_toml_text() -> None:
    english = renderer("en")
    for key, text in HELP.items():
        assert english(f"benchmarks.help.{key}") == " ".join(text.split()), key
        assert benchmark_help(default_benchmarks()[key], english) == text, key
    for motion, label in MOTIONS.items():
        assert english(f"benchmarks.motion.{motion}") == label, motion


def test_the_script_finds_no_drift() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n_benchmarks.py"), "--check"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_texts_hold_no_placeholders(lang: str) -> None:
    """Help texts and labels are plain text: a brace would be read as a placeholder."""
    for code, text in catalog(lang).messages.items():
        if code.startswith(("benchmarks.help.", "benchmarks.motion.")):
            fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
            assert not fields, (lang, code, text)


@pytest.mark.parametrize("lang", ["ja", "zh"])
def test_cjk_texts_are_translated_and_use_full_width_punctuation(lang: str) -> None:
    messages = catalog(lang).messages
    for key, text in HELP.items():
        mine = messages[f"benchmarks.help.{key}"]
        assert mine != text, (lang, key)
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", mine), (lang, key, mine)
        assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff][,.:;](?!\d)", mine), (lang, key, mine)


def test_catalogue_figure_help_exact_sentences() -> None:
    entry = default_benchmarks()["catalogue.high_touch.weekly_check_in.frequency"]
    assert isinstance(entry.help, Msg)
    assert entry.help.code == "benchmarks.catalogue.help"
    assert benchmark_help(entry, renderer("en")) == (
        "Weekly check-in (high-touch, proactive, per account, owner csm): frequency.")
    assert benchmark_help(entry, renderer("ja")) == (
        "週次チェックイン（高タッチ、プロアクティブ、アカウントあたり、担当 CSM）：頻度。")
    assert benchmark_help(entry, renderer("pt")) == (
        "Check-in semanal (high-touch, proativo, por conta, responsável CSM): frequência.")
    assert motion_label("high_touch.qbr", "x", renderer("zh")) == "季度高管业务回顾（QBR）"


def test_catalogue_help_message_carries_keys_and_raw_values() -> None:
    entry = default_benchmarks()["catalogue.low_touch.webinars.audience"]
    assert isinstance(entry.help, Msg)
    data = entry.help.to_json()
    assert data["code"] == "benchmarks.catalogue.help"
    assert data["params"]["motion"] == "low_touch.webinars"
    assert data["params"]["tier"] == "low_touch"
    assert data["params"]["field"] == {"code": "benchmarks.field.audience", "params": {}}


def test_a_motion_only_the_company_defines_keeps_its_own_label() -> None:
    assert motion_label("low_touch.office_hours", "Office hours", renderer("ja")) == "Office hours"
    assert help_for_key("no.such.key") == ""


def test_exact_help_in_each_language() -> None:
    entry = default_benchmarks()["accounts_per_csm.high_touch"]
    expected = {
        "en": "Enterprise high-touch accounts one dedicated CSM can hold.",
        "ms": "Akaun high-touch enterprise yang boleh dipegang oleh seorang CSM khusus.",
        "ja": "専任CSM 1人が担当できるエンタープライズの高タッチアカウント数。",
        "zh": "一名专属 CSM 可负责的企业级高接触客户数。",
        "pt": "Contas enterprise high-touch que um CSM dedicado consegue atender.",
    }
    for lang, text in expected.items():
        assert benchmark_help(entry, renderer(lang)) == text
        with activate(lang):
            assert help_for_key("accounts_per_csm.high_touch") == text


def test_benchmarks_command_prints_japanese_help() -> None:
    result = CliRunner().invoke(app, ["benchmarks", "--lang", "ja"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "GRR帯" in out
    assert "採用リードタイム" in out
    assert "Stage-2 GRR band." not in out
    english = CliRunner().invoke(app, ["benchmarks", "--lang", "en"]).stdout
    assert "Stage-2 GRR band." in english
    assert "GRR帯" not in english


@pytest.fixture(scope="module")
def plan() -> PlanResult:
    book, company = demo_inputs(TODAY)
    return run_plan(book, company, today=TODAY).result


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plan_reports_show_help_in_the_language(plan: PlanResult, lang: str,
                                                tmp_path: Path) -> None:
    key = "accounts_per_csm.low_touch"
    with activate(lang):
        text = help_for_key(key)
        html = render_plan_html(plan)
        board = render_board_html(plan)
        write_plan_xlsx(plan, tmp_path / "plan.xlsx", [])
    assert text
    assert "{" not in text
    assert text in html
    cited = [k for k in plan.benchmarks["entries"] if k in board]
    assert cited, "the board pack cites no benchmark"
    # the board pack's appendix stays a short table (issue 13): keys, values and sources, the
    # explanations are in the plan report, the workbook and `postsale benchmarks`
    with activate(lang):
        assert not any(help_for_key(k) in board for k in cited if help_for_key(k))
    ws = openpyxl.load_workbook(tmp_path / "plan.xlsx")["Benchmarks"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows[key][-1] == text
    assert all(r[-1] for r in rows.values()), "a benchmark row without help"
