"""Reading company files: a good file, and every way a file can be wrong (ConfigError with a fix)."""

from __future__ import annotations

from pathlib import Path

import pytest

from postsale.benchmarks import default_benchmarks
from postsale.errors import ConfigError
from postsale.io.company_file import load_company
from postsale.io.read import load_accounts
from postsale.keys import GrowthMotion, Role

DATA = Path(__file__).resolve().parents[1] / "data"


def config_error(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_company(path, default_benchmarks())
    return info.value


def test_good_company_file() -> None:
    company = load_company(DATA / "company.toml", default_benchmarks())
    assert company.company.name == "Acme"
    assert company.company.gross_margin == 0.75
    assert company.company.growth_motion is GrowthMotion.SALES_LED
    assert company.team == {Role.CSM_LOW_TOUCH: 3}
    assert company.overrides == {"costs.csm_low_touch": 120_000.0,
                                 "accounts_per_csm.low_touch": 50.0}
    assert company.columns == {"Customer Number": "account_id", "Yearly Fee": "arr"}
    assert [(g.months, g.customers, g.arr) for g in company.growth] == [(12, 250, 8_000_000.0)]
    assert company.source == str(DATA / "company.toml")


def test_columns_table_feeds_the_import(tmp_path: Path) -> None:
    company = load_company(DATA / "company.toml", default_benchmarks())
    accounts = tmp_path / "a.csv"
    accounts.write_text("Customer Number,Yearly Fee\nC1,1000\n", encoding="utf-8")
    book = load_accounts(accounts, columns=company.columns)
    assert book.account_id.tolist() == ["C1"]
    assert book.arr.tolist() == [1_000.0]


def test_missing_file(tmp_path: Path) -> None:
    err = config_error(tmp_path / "nope.toml")
    assert str(err.problem) == "company file not found"
    assert err.source.endswith("nope.toml")


def test_syntax_error_names_line_and_column() -> None:
    err = config_error(DATA / "company_syntax_error.toml")
    assert err.source.endswith("company_syntax_error.toml")
    assert "line 2, column 8" in str(err.problem)
    assert "name = Acme" in str(err.problem)
    assert "double quotes" in str(err.fix)


def test_duplicate_key_is_a_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[company]\nname = "a"\nname = "b"\n', encoding="utf-8")
    err = config_error(path)
    assert "syntax error" in str(err.problem)
    assert "once" in str(err.fix)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b'[company]\nname = "Caf\xe9"\n')
    assert "UTF-8" in str(config_error(path).problem)


def test_unknown_column_target() -> None:
    err = config_error(DATA / "company_bad_column.toml")
    assert err.key == "columns.Revenue"
    assert "'revenue' is not an account column" in str(err.problem)
    assert "arr" in str(err.fix)


def test_schema_errors_name_the_full_key() -> None:
    err = config_error(DATA / "company_bad_value.toml")
    assert err.key == "company.gross_margin"


@pytest.mark.parametrize(
    ("text", "key", "fix"),
    [
        ('[company]\nnmae = "x"\n', "company.nmae", "did you mean 'name'?"),
        ("[[growth]]\nmonths = 12\n[[growth]]\nmonths = 0\n", "growth[2].months", "README"),
        ('company = "Acme"\n', "company", "table"),
        ("[team]\ncsm_low_touch = 2.5\n", "team.csm_low_touch", "e.g. 3"),
        ('[projection]\ninterpolation = "cubic"\n', "projection.interpolation", "README"),
        ("[projection]\nmonths = 0\n", "projection.months", "README"),
        ("[projection]\nmonts = 12\n", "projection.monts", "did you mean 'months'?"),
        ("[projection.arrival_mix]\nhigh_touch = 0.5\nlow_touch = 0.1\n",
         "projection.arrival_mix", "README"),
        ('[[scenario]]\nname = "A"\n[scenario.benchmarks]\n"tiering.low_touch_min_acc" = 1\n',
         "scenario[1].tiering.low_touch_min_acc", "did you mean 'tiering.low_touch_min_acv'?"),
        ('[[scenario]]\nname = "A"\n[[scenario]]\nname = "a"\n', "scenario[2].name",
         "its own name"),
        ('[[scenario]]\nname = "A"\nall_tiers = "vip"\n', "scenario[1].all_tiers", "README"),
        ('[[scenario]]\nname = "A"\n[scenario.accounts_per_csm]\nlow_touch = 0\n',
         "scenario[1].accounts_per_csm.low_touch", "e.g. 50"),
        ('scenario = "x"\n', "scenario", "[[scenario]]"),
    ],
)
def test_schema_error_locations(tmp_path: Path, text: str, key: str, fix: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    err = config_error(path)
    assert err.key == key
    assert fix in str(err.fix)


def test_projection_and_scenarios_parse(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[projection]\nmonths = 36\npaths = 500\ninterpolation = "linear"\nretention = "stage"\n'
        "grr = 0.9\nnrr = 1.1\n[projection.arrival_mix]\nhigh_touch = 0.2\nlow_touch = 0.3\n"
        "tech_touch = 0.5\n"
        '[[scenario]]\nname = "Everyone high-touch"\nall_tiers = "high_touch"\n'
        '[[scenario]]\nname = "Tech below 15K"\nretention = "median"\n'
        '[scenario.benchmarks]\n"tiering.low_touch_min_acv" = 15000\n'
        "[scenario.accounts_per_csm]\nlow_touch = 70\n", encoding="utf-8")
    company = load_company(path, default_benchmarks())
    assert company.projection.months == 36
    assert company.projection.interpolation == "linear"
    assert company.projection.arrival_mix == {"high_touch": 0.2, "low_touch": 0.3, "tech_touch": 0.5}
    first, second = company.scenarios
    assert first.all_tiers == "high_touch"
    assert second.overrides == {"tiering.low_touch_min_acv": 15000.0,
                                "accounts_per_csm.low_touch": 70.0}
    assert second.retention == "median"
