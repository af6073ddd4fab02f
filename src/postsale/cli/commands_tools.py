"""``postsale sample``, ``inspect`` and ``benchmarks``: the tools around the plan."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from postsale.cli.app import command
from postsale.cli.common import (
    LangOption,
    TableFormat,
    adopt_company_language,
    err,
    guard,
    parse_today,
    screen_console,
)
from postsale.core.msg import Msg
from postsale.report.terminal import message

__all__ = ["benchmarks", "inspect", "sample"]


@command("postsale sample -o demo", "postsale sample -o big -n 100000 --seed 3",
         summary="cli_help.sample.summary")
def sample(
    out: Annotated[Path, typer.Option("--out", "-o", help="cli_help.sample.out")],
    customers: Annotated[int, typer.Option("--customers", "-n", help="cli_help.sample.customers")] = 300,
    seed: Annotated[int, typer.Option("--seed", "-s", help="cli_help.sample.seed")] = 1,
    today: Annotated[str | None, typer.Option(
        "--today", help="cli_help.sample.today")] = None,
) -> None:
    """Write a realistic, reproducible synthetic company: accounts.csv and company.toml."""

    def run() -> None:
        from postsale.sample import write_sample

        accounts_path, company_path = write_sample(out, customers, seed, parse_today(today))
        err.print(str(Msg("cli.wrote.sample", n=customers, accounts=message(accounts_path),
                          company=message(company_path))))

    guard(run)


@command("postsale inspect export.csv",
         "postsale inspect accounts.xlsx subscriptions.csv --write-company company.toml",
         summary="cli_help.inspect.summary")
def inspect(
    files: Annotated[list[Path], typer.Argument(
        help="cli_help.inspect.files", show_default=False)],
    write_company: Annotated[Path | None, typer.Option(
        "--write-company", help="cli_help.inspect.write_company")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="cli_help.inspect.force")] = False,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="cli_help.option.format")] =
        TableFormat.text,
    lang: LangOption = None,
) -> None:
    """Show each column's type, samples and the canonical column it maps to; write the mapping."""

    def run() -> None:
        from postsale.io.inspect import inspect_files
        from postsale.io.inspect import write_company as write
        from postsale.report.inspect import inspection_dict, render_inspection

        reports = inspect_files(files)
        if write_company is not None:
            write(reports, write_company, force=force)
        if fmt is TableFormat.json:
            data = inspection_dict(reports, str(write_company) if write_company else None)
            sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        else:
            render_inspection(reports, screen_console(140))
        if write_company is not None:
            accounts = next((r.path for r in reports if not r.secondary), "ACCOUNTS")
            err.print(str(Msg("cli.wrote.company", file=message(write_company),
                              accounts=message(accounts))),
                      highlight=False, soft_wrap=True)

    guard(run)


@command("postsale benchmarks", "postsale benchmarks -c company.toml -f json",
         summary="cli_help.benchmarks.summary")
def benchmarks(
    company: Annotated[Path | None, typer.Option(
        "--company", "-c", help="cli_help.benchmarks.company")] = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="cli_help.option.format")] =
        TableFormat.text,
    lang: LangOption = None,
) -> None:
    """Print the benchmark table in effect; overridden entries are marked."""

    def run() -> None:
        from postsale.api import benchmarks_in_effect, load_company_file
        from postsale.core.plan import benchmarks_table

        parsed = load_company_file(company)
        adopt_company_language(parsed)
        table = benchmarks_in_effect(parsed)
        if fmt is TableFormat.json:
            sys.stdout.write(json.dumps(benchmarks_table(table), indent=2, ensure_ascii=False,
                                        allow_nan=False) + "\n")
            return
        from postsale.report.benchmarks import render_benchmarks

        render_benchmarks(table, screen_console(160))

    guard(run)
