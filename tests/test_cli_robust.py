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


# ------------------------------------------------------------------------------ output paths


def _book(tmp_path: Path) -> Path:
    path = tmp_path / "accounts.csv"
    path.write_text("account_id,arr\na,100000\nb,5000\n")
    return path


@pytest.mark.parametrize("command", [["plan"], ["org"], ["project", "--paths", "10"]])
def test_out_equal_to_the_input_is_refused(tmp_path: Path, command: list[str]) -> None:
    accounts = _book(tmp_path)
    before = accounts.read_bytes()
    result = runner.invoke(app, [*command, str(accounts), "--out", str(accounts), "--today", TODAY])
    assert result.exit_code == 2, result.output
    assert "input file" in result.stderr
    assert accounts.read_bytes() == before


def test_out_equal_to_the_company_or_team_file_is_refused(tmp_path: Path) -> None:
    accounts = _book(tmp_path)
    company = tmp_path / "c.toml"
    company.write_text("[company]\nname = 'x'\n")
    result = runner.invoke(app, ["plan", str(accounts), "-c", str(company), "--accounts-out",
                                 str(company), "--today", TODAY])
    assert result.exit_code == 2, result.output
    team = tmp_path / "team.csv"
    team.write_text("person_id,name,role\np1,Ana,csm_low_touch\n")
    result = runner.invoke(app, ["assign", str(accounts), "--team", str(team), "--out", str(team),
                                 "--today", TODAY])
    assert result.exit_code == 2, result.output
    assert "input file" in result.stderr


@pytest.mark.parametrize("fmt", ["json", "text", "html"])
def test_out_dash_is_stdout(tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    accounts = _book(tmp_path)
    result = runner.invoke(app, ["plan", str(accounts), "-f", fmt, "--out", "-", "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "-").exists()
    assert len(result.stdout) > 100


def test_json_output_is_strict_json(tmp_path: Path) -> None:
    import json

    result = runner.invoke(app, ["plan", str(_book(tmp_path)), "-f", "json", "--today", TODAY])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout, parse_constant=lambda c: pytest.fail(f"{c} in the JSON"))


@pytest.mark.parametrize("where", ["dir", "missing"])
def test_unwritable_out_is_exit_2_with_a_fix(tmp_path: Path, where: str) -> None:
    out = tmp_path if where == "dir" else tmp_path / "nope" / "plan.json"
    result = runner.invoke(app, ["plan", str(_book(tmp_path)), "-f", "json", "--out", str(out),
                                 "--today", TODAY])
    assert result.exit_code == 2, result.output
    assert "fix:" in result.stderr


def test_a_failing_second_output_leaves_the_first_untouched(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import postsale.report.csv as report_csv

    def boom(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report_csv, "write_account_tiers", boom)
    plan_out = tmp_path / "plan.json"
    plan_out.write_text("previous")
    result = runner.invoke(app, ["plan", str(_book(tmp_path)), "-f", "json", "--out", str(plan_out),
                                 "--accounts-out", str(tmp_path / "tiers.csv"), "--today", TODAY])
    assert result.exit_code != 0
    assert plan_out.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accounts.csv", "plan.json"]


def test_sigterm_removes_the_temp_file(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from postsale.cli import _terminate\n"
        "from postsale.io.write import atomic_path\n"
        "signal.signal(signal.SIGTERM, _terminate)\n"
        f"with atomic_path(Path({str(tmp_path / 'big.json')!r})) as tmp:\n"
        "    tmp.write_text('x' * 100000)\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    signal.pause()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], timeout=60, check=False)
    assert done.returncode == 128 + 15
    assert list(tmp_path.iterdir()) == []
