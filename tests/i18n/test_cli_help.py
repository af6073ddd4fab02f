"""The CLI's ``--help`` in five languages (domain ``cli_help``): every command's summary and
option help in the language of ``--lang`` or of the environment, Typer's panel titles with them,
brackets shown literally, no code or placeholder left, English as before."""

from __future__ import annotations

import re

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from postsale.cli import app
from postsale.cli.app import LiteralCommand, peek_language
from postsale.i18n import LANGUAGES, activate, tr

runner = CliRunner()
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
WIDE = {"COLUMNS": "250", "LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}
TITLES = {"en": "Options", "ms": "Pilihan", "ja": "オプション", "zh": "选项", "pt": "Opções"}


def _flat(text: str) -> str:
    """Text without whitespace and box borders: a wrapped cell reads as one run."""
    return re.sub(r"[\s│╭╮╰╯─]+", "", text)


def _codes(name: str) -> list[str]:
    """The summary and option-help codes of a command (what its help must show)."""
    cmd = _command(name)
    assert isinstance(cmd, LiteralCommand)
    return [c for c in cmd._codes.values() if c]


def _help(args: list[str], lang: str | None, env_lang: str = "") -> str:
    result = runner.invoke(app, [*args, "-h", *(["--lang", lang] if lang else [])],
                           env={**WIDE, "POSTSALE_LANG": env_lang})
    assert result.exit_code == 0, result.output
    return result.stdout


def _check(out: str, name: str, lang: str) -> None:
    flat = _flat(out)
    with activate(lang):
        for code in _codes(name):
            assert code.startswith("cli_help."), code
            assert _flat(tr(code)) in flat, f"{name} {lang}: {code} not shown"
    body = "\n".join(ln for ln in out.splitlines() if "[OPTIONS]" not in ln)  # usage: {files}
    assert "cli_help." not in out
    assert "{" not in body
    assert "\\[" not in out
    assert TITLES[lang] in out


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_help_in_the_environment_language(name: str, lang: str) -> None:
    _check(_help(name.split(), None, env_lang=lang), name, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_help_in_the_lang_option_language(name: str, lang: str) -> None:
    other = "pt" if lang != "pt" else "ja"  # --lang wins over the environment
    _check(_help(name.split(), lang, env_lang=other), name, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_root_help_lists_commands_in_the_language(lang: str) -> None:
    out = _help([], None, env_lang=lang)
    flat = _flat(out)
    with activate(lang):
        assert _flat(tr("cli_help.app.root")) in flat
        assert _flat(tr("cli_help.option.help")) in flat
        for name in TOP:  # the command list shows each summary (its start, at least)
            assert _flat(tr(f"cli_help.{name}.summary"))[:12] in flat
    assert "cli_help." not in out
    assert TITLES[lang] in out
    assert "postsale plan --demo" in out  # the example stays as written


@pytest.mark.parametrize("lang", LANGUAGES)
def test_brackets_stay_literal_in_every_language(lang: str) -> None:
    project = _help(["project"], lang)
    assert "[[growth]]" in project
    assert "[projection]" in project
    assert "[[scenario]]" in project
    inspect = _help(["inspect"], lang)
    assert "[columns]" in inspect
    assert "[values.*]" in inspect
    assert "[import]" in inspect


def test_examples_stay_as_written_under_a_translated_heading() -> None:
    out = _help(["plan"], "ja")
    assert "例：" in out
    assert "postsale plan accounts.csv -f json | jq .headcount" in out
    assert "Examples:" not in out


def test_exact_sentences() -> None:
    assert "Diagnose the stage, tier every account, cost each tier, size every role and " \
        "advise." in _help(["plan"], "en")
    assert "Mostra a tabela de benchmarks em vigor; as entradas substituídas vêm marcadas." \
        in _help(["benchmarks"], "pt")
    assert "乱数シード（同じシードなら同じ会社）。" in _help(["sample"], "ja")


@pytest.mark.parametrize(("lang", "usage", "required", "default"), [
    ("en", "Usage: postsale sample", "[required]", "[default: 300]"),
    ("ms", "Penggunaan: postsale sample", "[wajib]", "[lalai: 300]"),
    ("ja", "使い方：postsale sample", "[必須]", "[既定：300]"),
    ("zh", "用法：postsale sample", "[必填]", "[默认：300]"),
    ("pt", "Uso: postsale sample", "[obrigatório]", "[padrão: 300]")])
def test_typer_words_follow_the_language(lang: str, usage: str, required: str,
                                         default: str) -> None:
    out = _help(["sample"], None, env_lang=lang)
    assert usage in out
    assert required in out
    assert default in out


def test_a_usage_error_stays_english_outside_a_help() -> None:
    result = runner.invoke(app, ["sample", "--nope"], env={**WIDE, "POSTSALE_LANG": "ja"})
    assert result.exit_code == 2
    assert "Usage: postsale sample" in result.output


def test_english_is_the_default_and_unchanged() -> None:
    assert _help(["plan"], None) == _help(["plan"], None, env_lang="en") == _help(["plan"], "en")
    assert "Show this message and exit." in _help(["plan"], None)


def test_unsupported_environment_language_falls_back_to_english() -> None:
    result = runner.invoke(app, ["plan", "-h"],
                           env={**WIDE, "POSTSALE_LANG": "", "LANG": "de_DE"})
    assert result.exit_code == 0
    assert TITLES["en"] in result.stdout


def test_the_attributes_read_english_after_a_translated_help() -> None:
    _help(["plan"], "zh")
    cmd = GROUP.commands["plan"]  # type: ignore[attr-defined]
    assert cmd.help == "Diagnose the stage, tier every account, cost each tier, size every role " \
        "and advise."


@pytest.mark.parametrize("args", [["-h", "--lang", "ja"], ["--lang=ja", "-h"]])
def test_lang_asks_for_the_help_language_where_no_lang_option_exists(args: list[str]) -> None:
    root = runner.invoke(app, args, env={**WIDE, "POSTSALE_LANG": ""})
    sample = runner.invoke(app, ["sample", *args], env={**WIDE, "POSTSALE_LANG": ""})
    assert root.exit_code == 0, root.output
    assert sample.exit_code == 0, sample.output
    assert "オプション" in root.stdout
    assert "乱数シード" in sample.stdout


def test_peek_language() -> None:
    assert peek_language(["plan", "-h", "--lang", "ja"]) == "ja"
    assert peek_language(["--lang=zh", "plan"]) == "zh"
    assert peek_language(["plan", "--lang", "de"]) is None  # Click refuses it later
    assert peek_language(["plan", "--lang"]) is None
