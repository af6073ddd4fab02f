"""Errors speak the reader's language: a bad account file and a bad company file are reported in
every language with the file, row, column or key still named, the CLI prints them so (exit 2),
and the error carries its codes and raw values for tools."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from postsale.api import load_inputs
from postsale.cli import app
from postsale.core.msg import Msg
from postsale.errors import ConfigError, InputError, PostsaleError
from postsale.i18n import LANGUAGES, activate

DATA = Path(__file__).resolve().parents[1] / "data"
BAD_BOOK = DATA / "accounts_bad.csv"
GOOD_BOOK = DATA / "accounts_good.csv"
BAD_COMPANY = DATA / "company_bad_value.toml"
TODAY = dt.date(2026, 11, 25)
_LEFTOVER = re.compile(r"\{[a-z_]+(:[^}]*)?\}|Msg\(")


def _error(accounts: Path, company: Path | None = None) -> PostsaleError:
    with pytest.raises(PostsaleError) as info:
        load_inputs(accounts, company, today=TODAY)
    return info.value


def _failures() -> list[PostsaleError]:
    """Real failures across the converted modules: cells, the TOML reader, the schema, pydantic."""
    return [_error(BAD_BOOK), _error(GOOD_BOOK, BAD_COMPANY),
            _error(GOOD_BOOK, DATA / "company_syntax_error.toml"),
            _error(GOOD_BOOK, DATA / "company_bad_column.toml")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_errors_render_in_every_language_without_leftovers(lang: str) -> None:
    failures = _failures()
    with activate(lang):
        texts = [str(e) for e in failures]
    for text in texts:
        assert not _LEFTOVER.search(text), (lang, text)
    assert "accounts_bad.csv" in texts[0]
    assert "company.gross_margin" in texts[1]
    if lang != "en":  # translated, not the English sentence
        with activate("en"):
            english = [str(e) for e in failures]
        assert all(t != e for t, e in zip(texts, english, strict=True)), lang


def test_a_bad_book_in_english_is_unchanged() -> None:
    err = _error(BAD_BOOK)
    assert isinstance(err, InputError)
    lines = str(err).splitlines()
    assert lines[0] == f"17 problems in {BAD_BOOK}; nothing was imported."
    assert lines[1] == (f"  - {BAD_BOOK}, row 2, column 'arr': ARR 'abc' is not an amount — fix: "
                        "write a number such as 30000, $30,000, 30K or 1.2M")


def test_a_bad_book_in_japanese_and_portuguese_names_file_row_and_column() -> None:
    err = _error(BAD_BOOK)
    with activate("ja"):
        ja = str(err).splitlines()
    assert ja[0] == f"{BAD_BOOK} に 17 件の問題があります。何もインポートされていません。"
    assert ja[1] == (f"  - {BAD_BOOK}、2 行目、列「arr」：ARRの値 'abc' は金額ではありません — "
                     "対処：30000、$30,000、30K、1.2M のような数値で書いてください")
    with activate("pt"):
        pt = str(err).splitlines()
    assert pt[0] == f"17 problemas em {BAD_BOOK}; nada foi importado."
    assert pt[1].startswith(f"  - {BAD_BOOK}, linha 2, coluna 'arr': ARR 'abc' não é um valor")


def test_a_bad_company_file_in_japanese_and_portuguese_names_the_key() -> None:
    err = _error(GOOD_BOOK, BAD_COMPANY)
    assert isinstance(err, ConfigError)
    assert str(err) == (f"{BAD_COMPANY}, key 'company.gross_margin': Input should be less than or "
                        "equal to 1 — fix: see the company-file section of the README")
    with activate("ja"):
        assert str(err) == (f"{BAD_COMPANY}、キー「company.gross_margin」：1 以下の値を入力して"
                            "ください — 対処：README の会社ファイルの節を参照してください")
    with activate("pt"):
        assert str(err) == (f"{BAD_COMPANY}, chave 'company.gross_margin': O valor deve ser menor "
                            "ou igual a 1 — como corrigir: veja a seção sobre o arquivo da empresa "
                            "no README")


def test_errors_carry_codes_and_raw_values() -> None:
    err = _error(BAD_BOOK)
    assert isinstance(err, InputError)
    data = err.problems[0].msg().to_json()
    assert data["code"] == "errors.problem"
    assert data["params"]["where"] == {"code": "errors.where.row_column", "params": {
        "file": str(BAD_BOOK), "row": "2", "column": "arr"}}
    assert data["params"]["problem"]["code"] == "errors_io.cell.amount"
    assert data["params"]["problem"]["params"]["c"] == "'abc'"
    assert err.msg() == Msg("errors.input.head", total=17, file=str(BAD_BOOK))
    company = _error(GOOD_BOOK, BAD_COMPANY)
    assert isinstance(company, ConfigError)
    assert company.problem == Msg("errors.validation.le", bound="1")


def test_an_unknown_validator_complaint_keeps_its_words() -> None:
    from postsale.errors import validation_problem

    odd = validation_problem({"type": "url_parsing", "msg": "Input should be a valid URL"})
    assert odd == Msg("errors.validation.other", detail="Input should be a valid URL")
    # a bound pydantic words differently from the catalog falls back to pydantic's wording
    assert validation_problem({"type": "greater_than", "msg": "Input should be greater than 0.5",
                               "ctx": {"gt": 0.5}}) == Msg("errors.validation.gt", bound="0.5")


runner = CliRunner()


@pytest.mark.parametrize(("args", "expected"), [
    (["plan", str(BAD_BOOK)], ["エラー：", f"{BAD_BOOK} に 17 件の問題があります", "2 行目、列「arr」",
                               "金額ではありません"]),
    (["plan", str(GOOD_BOOK), "-c", str(BAD_COMPANY)],
     ["エラー：", "キー「company.gross_margin」", "1 以下の値を入力してください"]),
    (["plan", "--demo", "--accounts-out", "a.csv", "-q", "-v"],
     ["エラー：", "--quiet と --verbose は同時に指定できません"]),
])
def test_the_cli_prints_errors_in_the_environment_language(args: list[str],
                                                           expected: list[str]) -> None:
    result = runner.invoke(app, [*args, "--today", "2026-11-25"], env={"POSTSALE_LANG": "ja"})
    assert result.exit_code == 2, result.output
    for text in expected:
        assert text in result.stderr, (text, result.stderr)
    assert "error:" not in result.stderr


def test_the_cli_prints_english_errors_unchanged() -> None:
    result = runner.invoke(app, ["plan", str(BAD_BOOK), "--today", "2026-11-25"],
                           env={"POSTSALE_LANG": "en"})
    assert result.exit_code == 2
    assert f"error: 17 problems in {BAD_BOOK}; nothing was imported." in result.stderr
    assert "row 2, column 'arr': ARR 'abc' is not an amount" in result.stderr


def test_cli_lines_render_in_every_language() -> None:
    lines = [Msg("cli.wrote.plan", fmt="html", file="plan.html"),
             Msg("cli.step.planning", n=1200), Msg("cli.note.demo", n=300),
             Msg("cli.flood_size", what=Msg("cli.what.plan", fmt="XLSX"), mb=2.5),
             Msg("cli.wrote.owners", n=1500, file="o.csv", moved=12, relaxed=0)]
    with activate("en"):
        assert [str(m) for m in lines] == [
            "wrote html plan to plan.html", "Planning 1,200 accounts…",
            "read the built-in demo book: 300 accounts",
            "an XLSX plan (2.5 MB) would flood the terminal",
            "wrote 1,500 owners to o.csv (12 moved, 0 with a rule relaxed)"]
    with activate("ja"):
        assert str(lines[0]) == "html の計画を plan.html に書き出しました"
    for lang in LANGUAGES:
        with activate(lang):
            for m in lines:
                assert not _LEFTOVER.search(str(m)), (lang, m)


def test_postsales_own_validator_wording_is_translated() -> None:
    from postsale.benchmarks import default_benchmarks
    from postsale.company import company_from_mapping

    with pytest.raises(ConfigError) as info:
        company_from_mapping({"budget": {"share": 0.1, "amount": 100.0}}, "c.toml",
                             default_benchmarks())
    assert str(info.value.problem) == "Value error, give either share or amount, not both"
    with activate("ja"):
        assert str(info.value.problem) == "share と amount はどちらか一方だけを指定してください"


def test_lang_flag_chooses_the_language_of_an_error(tmp_path: Path) -> None:
    """``--lang`` applies to the error that ends a command, not only to its reports."""
    bad = tmp_path / "accounts.csv"
    bad.write_text("account_id,arr\na1,-5\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["plan", str(bad), "--lang", "ja"])
    assert done.exit_code == 2
    text = done.output
    assert "accounts.csv" in text
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text), text
