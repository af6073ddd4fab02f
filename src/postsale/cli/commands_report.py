"""``postsale report``: the board pack (PDF or HTML) from the plan."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from postsale.cli.app import command
from postsale.cli.commands_plan import AccountsArgument
from postsale.cli.common import (
    CompanyOption,
    DemoOption,
    ForceOption,
    LangOption,
    OpportunitiesOption,
    Output,
    QuietOption,
    Sources,
    SubscriptionsOption,
    TicketsOption,
    TodayOption,
    VerboseOption,
    check_outputs,
    check_source,
    guard,
    parse_today,
    planned,
)
from postsale.core.msg import Msg
from postsale.errors import ConfigError
from postsale.report.terminal import message

__all__ = ["report"]


class PaperSize(StrEnum):
    a4 = "a4"
    letter = "letter"


@command("postsale report --demo -o plan.pdf",
         "postsale report accounts.csv -c company.toml -o plan.pdf --paper letter",
         "postsale report accounts.csv -c company.toml -o plan.html",
         summary="cli_help.report.summary")
def report(
    accounts: AccountsArgument = None,
    company: CompanyOption = None,
    demo: DemoOption = False,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="cli_help.report.out", show_default=False)] = None,
    paper: Annotated[PaperSize, typer.Option("--paper", help="cli_help.report.paper")] =
        PaperSize.a4,
    today: TodayOption = None,
    subscriptions: SubscriptionsOption = None,
    opportunities: OpportunitiesOption = None,
    tickets: TicketsOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    lang: LangOption = None,
    force: ForceOption = False,
) -> None:
    """Write the board pack: a one-page summary (the funded plan, cost share against the budget
    and the published median, three decisions), tiers and economics, the org chart, the hiring
    calendar over the roadmap, the owner changes, and the benchmarks the figures cite."""

    def run() -> None:
        output = Output(quiet, verbose, force)
        when = parse_today(today)
        sources = Sources(subscriptions, opportunities, tickets)
        check_source("report", accounts, demo, "accounts.csv --company company.toml -o plan.pdf",
                     sources)
        if out is None:
            raise ConfigError("--out", None, Msg("cli.report.no_out"),
                              Msg("cli.report.no_out.fix"))
        suffix = out.suffix.lower()
        if suffix not in (".pdf", ".html", ".htm"):
            raise ConfigError("--out", None, Msg("cli.report.suffix", name=out.name),
                              Msg("cli.report.suffix.fix"))
        check_outputs([("--out", out)], accounts, company, *sources.files())
        plan_run, parsed = planned(accounts, company, demo, when, sources, output)
        assignment = None
        if any(plan_run.book.owner):  # owners on file (else None or ""): who changes owner
            from postsale.api import run_assignment

            with output.step(Msg("cli.step.assigning", n=len(plan_run.book))):
                assignment = run_assignment(plan_run, parsed, today=when)
        from postsale.io.write import atomic_write_bytes, atomic_write_text
        from postsale.report.board import board_pdf, render_board_html

        html = render_board_html(plan_run.result, assignment, paper.value)
        if suffix == ".pdf":
            with output.step(Msg("cli.step.pdf")):
                atomic_write_bytes(out, board_pdf(html))
        else:
            atomic_write_text(out, html)
        output.wrote(str(Msg("cli.wrote.board", file=message(out))))

    guard(run)
