"""CLI edge: user text in messages is shown, never interpreted (Rich markup, terminal controls)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from postsale.cli import app
from postsale.report.terminal import SafeConsole, message, plain

runner = CliRunner()
TODAY = "2026-11-25"


@pytest.mark.parametrize("name", ["[/x].csv", "[bold]b.csv", "\x1b[31mred\x1b]0;t\x07.csv"])
def test_markup_and_escapes_in_a_path_are_printed_literally(tmp_path: Path, name: str) -> None:
    result = runner.invoke(app, ["plan", str(tmp_path / name), "--today", TODAY])
    assert result.exit_code == 2, result.output
    assert "file not found" in result.stderr
    assert "\x1b" not in result.stderr
    assert "\x07" not in result.stderr
    if "[" in name and "\x1b" not in name:
        assert name in result.stderr


def test_markup_in_a_header_named_by_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("account_id,[/x]arr\na,abc\n")
    company = tmp_path / "c.toml"
    company.write_text('[columns]\n"[/x]arr" = "arr"\n')
    result = runner.invoke(app, ["plan", str(path), "-c", str(company), "--today", TODAY])
    assert result.exit_code == 2, result.output
    assert "column '[/x]arr'" in result.stderr


def test_control_characters_in_names_never_reach_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("account_id,arr,name,owner\n"
                    "a,100000,\x1b[2J[bold]Acme,\x1b[31mDana\x9b1m\n"
                    "b,5000,[/b]Beta,\x1b[31mDana\x9b1m\n")
    out = tmp_path / "owners.csv"
    for args in (["plan", str(path)], ["org", str(path)],
                 ["assign", str(path), "--out", str(out)]):
        result = runner.invoke(app, [*args, "--today", TODAY])
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output, args
        assert "\x9b" not in result.output, args


def test_plain_and_message() -> None:
    assert plain("a\x1b[31mb\tc\nd\x7f\x85") == "a\\x1b[31mb\tc\nd\\x7f\\x85"
    assert message("[/x] \x1b") == "\\[/x] \\x1b"


def test_safe_console_keeps_its_own_styles_but_not_the_datas(tmp_path: Path) -> None:
    with open(tmp_path / "t", "w") as handle:
        console = SafeConsole(file=handle, force_terminal=True, color_system="standard")
        console.print("[red]x[/red] " + message("\x1b[2J"), highlight=False)
    text = (tmp_path / "t").read_text()
    assert "\x1b[31m" in text  # Rich's own colour
    assert "\x1b[2J" not in text
    assert "\\x1b[2J" in text
