"""``postsale project``: the organization month by month, with bands and scenarios."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from postsale.cli.app import command
from postsale.cli.common import (
    DemoOption,
    ForceOption,
    LangOption,
    OpportunitiesOption,
    OutOption,
    Output,
    QuietOption,
    Sources,
    SubscriptionsOption,
    TicketsOption,
    VerboseOption,
    check_outputs,
    check_source,
    file_console,
    guard,
    load,
    parse_today,
    screen_console,
)
from postsale.core.msg import Msg
from postsale.report.terminal import message

__all__ = ["project"]


class ProjectFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    csv = "csv"
    xlsx = "xlsx"


@command("postsale project --demo",
         "postsale project accounts.csv -c company.toml --months 36 --seed 7",
         "postsale project accounts.csv -c company.toml -f csv -o projection.csv",
         "postsale project accounts.csv -c company.toml -f xlsx -o projection.xlsx",
         summary="cli_help.project.summary")
def project(
    accounts: Annotated[Path | None, typer.Argument(
        help="cli_help.project.accounts", show_default=False)] = None,
    company: Annotated[Path | None, typer.Option(
        "--company", "-c", help="cli_help.project.company")] = None,
    demo: DemoOption = False,
    months: Annotated[int | None, typer.Option(
        "--months", "-m", help="cli_help.project.months",
        show_default=False)] = None,
    paths: Annotated[int | None, typer.Option(
        "--paths", "-p", help="cli_help.project.paths",
        show_default=False)] = None,
    seed: Annotated[int | None, typer.Option(
        "--seed", "-s", help="cli_help.project.seed", show_default=False)] = None,
    fmt: Annotated[ProjectFormat, typer.Option("--format", "-f", help="cli_help.option.format")] =
        ProjectFormat.text,
    out: OutOption = None,
    today: Annotated[str | None, typer.Option(
        "--today", help="cli_help.project.today")] = None,
    subscriptions: SubscriptionsOption = None,
    opportunities: OpportunitiesOption = None,
    tickets: TicketsOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    lang: LangOption = None,
    force: ForceOption = False,
) -> None:
    """Project customers, ARR, headcount and cost month by month, with P10/P50/P90 bands, the
    hiring calendar (when to open each requisition) and scenarios side by side."""

    def run() -> None:
        from postsale.api import run_projection
        from postsale.io.write import atomic_write_text

        output = Output(quiet, verbose, force)
        when = parse_today(today)
        sources = Sources(subscriptions, opportunities, tickets)
        check_source("project", accounts, demo, "accounts.csv --company company.toml", sources)
        check_outputs([("--out", out)], accounts, company, *sources.files())
        if out is None:
            output.refuse_terminal(
                fmt in (ProjectFormat.html, ProjectFormat.xlsx),
                Msg("cli.what.projection_html") if fmt is ProjectFormat.html
                else Msg("cli.what.projection", fmt="XLSX"))
        book, parsed, notes = load(accounts, company, demo, when, sources, output)
        with output.step(Msg("cli.step.simulating")):
            result = run_projection(book, parsed, today=when, months=months, paths=paths, seed=seed,
                                    notes=notes, source=str(accounts) if accounts else "the demo")
        output.note(Msg("cli.note.seed", seed=str(result.seed)))
        if fmt is ProjectFormat.xlsx:
            from postsale.report.project_xlsx import projection_xlsx_bytes, write_projection_xlsx

            with output.step(Msg("cli.step.workbook")):
                if out is None:  # --force: the workbook's bytes to stdout
                    output.to_stdout(projection_xlsx_bytes(result), True,
                                     Msg("cli.what.projection", fmt="XLSX"))
                    return
                write_projection_xlsx(result, out)
            output.wrote(str(Msg("cli.wrote.projection", fmt="xlsx", file=message(out),
                                 seed=str(result.seed))))
            return
        if fmt is ProjectFormat.text:
            from postsale.report.project_text import render_projection

            if out is None:
                render_projection(result, screen_console())
                return
            console = file_console(160)
            render_projection(result, console)
            text = console.export_text()
        elif fmt is ProjectFormat.json:
            text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        elif fmt is ProjectFormat.html:
            from postsale.report.project_html import render_projection_html

            text = render_projection_html(result)
        else:
            from postsale.report.project_csv import projection_csv_text

            text = projection_csv_text(result)
        if out is None:
            output.to_stdout(text, fmt is ProjectFormat.html,
                             Msg("cli.what.projection", fmt=fmt.value))
        else:
            atomic_write_text(out, text)
            output.wrote(str(Msg("cli.wrote.projection", fmt=fmt.value, file=message(out),
                                 seed=str(result.seed))))

    guard(run)
