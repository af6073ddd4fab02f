"""The CLI behaves (issue 13 item 5): literal brackets in help and errors, ``-h``, examples,
completion, one meaning per short flag, the terminal's width, ``--quiet``/``--verbose``, no
binary or large output on a terminal, and progress only on a terminal."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from postsale.cli import app

runner = CliRunner()
POSTSALE = str(Path(sys.executable).with_name("postsale"))
GROUP = get_command(app)
TOP = sorted(GROUP.commands)  # type: ignore[attr-defined]


def _leaves(group: object, prefix: tuple[str, ...] = ()) -> list[str]:
    """Every runnable command as typed after ``postsale`` (``users create`` inside its group)."""
    out: list[str] = []
    for name, cmd in sorted(group.commands.items()):  # type: ignore[attr-defined]
        out += _leaves(cmd, (*prefix, name)) if hasattr(cmd, "commands") else [" ".join((*prefix, name))]
    return out


def _command(name: str) -> object:
    found: object = GROUP
    for part in name.split():
        found = found.commands[part]  # type: ignore[attr-defined]
    return found


COMMANDS = _leaves(GROUP)
WIDE = {"COLUMNS": "250"}  # help on one line per option: a bracket is never wrapped apart


def _escaped_brackets(text: str) -> set[str]:
    """``[word]`` for every bracket the help text holds (escaped for Rich as ``\\[word]``)."""
    return {m.group(1) for m in re.finditer(r"\\(\[[^\[\]\\]+\])", text)}


def _help_texts(name: str) -> list[str]:
    cmd = _command(name)
    return [t for t in [cmd.help, cmd.epilog, *(getattr(p, "help", None) for p in cmd.params)]
            if t]


def test_every_command_declares_bracketed_words_somewhere() -> None:
    # the test below would pass vacuously if no help held a bracket
    words = set().union(*(_escaped_brackets(t) for c in COMMANDS for t in _help_texts(c)))
    assert {"[growth]", "[projection]", "[scenario]", "[import]", "[company]", "[columns]",
            "[values.*]"} <= words


@pytest.mark.parametrize("name", COMMANDS)
def test_help_renders_every_bracketed_word(name: str) -> None:
    result = runner.invoke(app, [*name.split(), "--help"], env=WIDE)
    assert result.exit_code == 0, result.output
    for word in set().union(*(_escaped_brackets(t) for t in _help_texts(name))):
        assert word in result.stdout, f"{name} --help lost {word}"


def test_help_through_the_entry_point_keeps_double_brackets() -> None:
    done = subprocess.run([POSTSALE, "project", "--help"], capture_output=True, text=True,
                          env={**os.environ, **WIDE}, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "[[growth]] targets, [projection], [[scenario]]" in done.stdout
    assert "default: [projection] months" in done.stdout


def test_an_error_keeps_the_section_it_names(tmp_path: Path) -> None:
    company = tmp_path / "company.toml"
    company.write_text("[growht]\ntarget_customers = 10\n", encoding="utf-8")
    done = subprocess.run([POSTSALE, "plan", "tests/data/accounts_good.csv", "-c", str(company)],
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, **WIDE}, cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 2
    assert "unknown section [growht]" in done.stderr
    assert "did you mean [growth]?" in done.stderr


def test_a_usage_error_keeps_brackets() -> None:
    result = runner.invoke(app, ["plan", "--demo", "--format", "[growth]"], env=WIDE)
    assert result.exit_code == 2
    assert "[growth]" in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_dash_h_is_help_with_an_example(name: str) -> None:
    short = runner.invoke(app, [*name.split(), "-h"], env=WIDE)
    assert short.exit_code == 0, short.output
    assert short.stdout == runner.invoke(app, [*name.split(), "--help"], env=WIDE).stdout
    assert "Examples:" in short.stdout
    assert f"postsale {name} " in short.stdout.split("Examples:")[1]


def test_root_help_offers_completion() -> None:
    result = runner.invoke(app, ["-h"], env=WIDE)
    assert result.exit_code == 0
    assert "--install-completion" in result.stdout
    assert "--show-completion" in result.stdout
    script = runner.invoke(app, ["--show-completion", "bash"])
    assert script.exit_code == 0
    assert "_POSTSALE_COMPLETE" in script.stdout


def test_each_short_flag_means_one_long_option_everywhere() -> None:
    meanings: dict[str, set[str]] = {}
    root = GROUP.make_context("postsale", ["plan"], resilient_parsing=True)
    for name in COMMANDS:
        cmd = _command(name)
        ctx = cmd.make_context(name, [], parent=root, resilient_parsing=True)
        params = [*cmd.params, cmd.get_help_option(ctx)]
        for p in params:
            if p is None:
                continue
            opts = [*p.opts, *p.secondary_opts]
            longs = sorted(o for o in opts if o.startswith("--"))
            for o in opts:
                if re.fullmatch(r"-[A-Za-z]", o):
                    meanings.setdefault(o, set()).add(longs[0])
    assert meanings["-h"] == {"--help"}
    assert meanings["-q"] == {"--quiet"}
    assert meanings["-v"] == {"--verbose"}
    clashes = {k: v for k, v in meanings.items() if len(v) > 1}
    assert not clashes, clashes


def _widths(text: str) -> list[int]:
    return [len(line) for line in text.splitlines()]


def test_width_follows_columns_with_a_floor() -> None:
    narrow = runner.invoke(app, ["plan", "--demo", "--today", "2026-11-25"], env={"COLUMNS": "72"})
    assert narrow.exit_code == 0, narrow.output
    assert max(_widths(narrow.stdout)) <= 72
    tiny = runner.invoke(app, ["plan", "--demo", "--today", "2026-11-25"], env={"COLUMNS": "20"})
    assert 20 < max(_widths(tiny.stdout)) <= 60  # the floor: tables stay legible
    piped = runner.invoke(app, ["plan", "--demo", "--today", "2026-11-25"])
    assert 80 < max(_widths(piped.stdout)) <= 120  # no terminal, no COLUMNS: a page width


def test_quiet_prints_only_the_written_file(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = runner.invoke(app, ["plan", "--demo", "-f", "json", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote json plan to {out}\n"


def test_verbose_names_the_inputs_and_the_benchmarks(tmp_path: Path) -> None:
    accounts = tmp_path / "mrr.csv"
    accounts.write_text("account_id,mrr\nA,1000\nB,2500\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", str(accounts), "-f", "json", "-o",
                                 str(tmp_path / "p.json"), "-v"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert f"read {accounts}: 2 accounts" in result.stderr
    assert "company file: (defaults); benchmarks 20" in result.stderr
    assert "note [import_mrr" in result.stderr  # the import's caveat, with its code
    plain = runner.invoke(app, ["plan", str(accounts), "-f", "json", "-o",
                                str(tmp_path / "p2.json")])
    assert "read " not in plain.stderr


def test_quiet_and_verbose_together_is_a_user_error() -> None:
    result = runner.invoke(app, ["project", "--demo", "-q", "-v"])
    assert result.exit_code == 2
    assert "--quiet and --verbose" in result.stderr


def _run_on_pty(args: list[str], *, stdout_tty: bool) -> tuple[int, str, str]:
    """Run the real entry point with stdout (or else stderr) on a pseudo-terminal; the other
    stream is a pipe. Returns (exit code, what the terminal showed, the piped stream)."""
    master, slave = pty.openpty()
    shown: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            shown.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        done = subprocess.run([POSTSALE, *args], stdin=subprocess.DEVNULL, timeout=120,
                              stdout=slave if stdout_tty else subprocess.PIPE,
                              stderr=subprocess.PIPE if stdout_tty else slave, check=False)
    finally:
        os.close(slave)
        reader.join(10)
        os.close(master)
    piped = (done.stderr if stdout_tty else done.stdout).decode()
    return done.returncode, b"".join(shown).decode(errors="replace"), piped


@pytest.mark.parametrize("args", [["plan", "--demo", "-f", "html"],
                                  ["plan", "--demo", "-f", "xlsx"],
                                  ["org", "--demo", "-f", "html"],
                                  ["project", "--demo", "-f", "html", "--paths", "20"]])
def test_a_terminal_is_refused_html_and_xlsx(args: list[str]) -> None:
    code, shown, stderr = _run_on_pty(args, stdout_tty=True)
    assert code == 2
    assert "would flood the terminal" in stderr
    assert "--out FILE" in stderr
    assert "--force" in stderr
    assert shown == ""


def test_force_prints_to_the_terminal_and_a_pipe_needs_no_force() -> None:
    code, shown, _ = _run_on_pty(["plan", "--demo", "-f", "html", "--force"], stdout_tty=True)
    assert code == 0
    assert "<html" in shown
    piped = runner.invoke(app, ["plan", "--demo", "-f", "html"])
    assert piped.exit_code == 0
    assert piped.stdout.lstrip().startswith("<!")


def test_large_text_is_refused_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from postsale.cli.common import LARGE_OUTPUT_BYTES, Output
    from postsale.errors import ConfigError

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    with pytest.raises(ConfigError, match="MB\\) would flood the terminal"):
        Output().to_stdout("x" * (LARGE_OUTPUT_BYTES + 1), False, "the JSON plan")
    Output().to_stdout("small\n", False, "the JSON plan")  # small text still prints


def test_progress_shows_on_a_terminal_only_and_never_when_quiet(tmp_path: Path) -> None:
    out = str(tmp_path / "plan.json")
    code, shown, _ = _run_on_pty(["plan", "--demo", "-f", "json", "-o", out], stdout_tty=False)
    assert code == 0
    assert "Planning 300 accounts" in shown
    assert "wrote json plan" in shown
    code, shown, _ = _run_on_pty(["plan", "--demo", "-f", "json", "-o", out, "-q"],
                                 stdout_tty=False)
    assert code == 0
    assert shown.strip() == f"wrote json plan to {out}"
    captured = runner.invoke(app, ["assign", "--demo", "-o", str(tmp_path / "owners.csv")])
    assert captured.exit_code == 0, captured.output
    assert "Assigning" not in captured.stderr
    assert "\x1b" not in captured.stderr
