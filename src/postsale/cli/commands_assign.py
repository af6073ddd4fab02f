"""``postsale assign``: every account an owner, and the summary of what moved."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from postsale.cli.app import command
from postsale.cli.common import (
    DemoOption,
    LangOption,
    OpportunitiesOption,
    Output,
    QuietOption,
    Sources,
    SubscriptionsOption,
    TableFormat,
    TicketsOption,
    VerboseOption,
    check_outputs,
    check_source,
    file_console,
    guard,
    parse_today,
    planned,
    screen_console,
)
from postsale.core.msg import Msg
from postsale.errors import ConfigError, InfeasibleError, Words
from postsale.report.terminal import message

if TYPE_CHECKING:
    from postsale.api import AssignmentRun
    from postsale.core.assignment.roster import Roster

__all__ = ["assign"]


@command("postsale assign --demo -o owners.csv",
         "postsale assign accounts.csv -c company.toml -t team.csv -o owners.csv",
         "postsale assign accounts.csv -t team.csv -o owners.csv --strict -f json",
         summary="cli_help.assign.summary")
def assign(
    accounts: Annotated[Path | None, typer.Argument(
        help="cli_help.assign.accounts",
        show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="cli_help.assign.out", show_default=False)] = None,
    company: Annotated[Path | None, typer.Option(
        "--company", "-c", help="cli_help.assign.company")] = None,
    team: Annotated[Path | None, typer.Option(
        "--team", "-t", help="cli_help.assign.team")] = None,
    demo: DemoOption = False,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="cli_help.assign.format")] =
        TableFormat.text,
    summary_out: Annotated[Path | None, typer.Option(
        "--summary-out", help="cli_help.assign.summary_out")] = None,
    tolerance: Annotated[float | None, typer.Option(
        "--tolerance", help="cli_help.assign.tolerance", show_default=False)] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="cli_help.assign.strict")] = False,
    today: Annotated[str | None, typer.Option(
        "--today", help="cli_help.assign.today")] = None,
    subscriptions: SubscriptionsOption = None,
    opportunities: OpportunitiesOption = None,
    tickets: TicketsOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    lang: LangOption = None,
) -> None:
    """Assign every account an owner: balanced by workload, within capacity, respecting tier,
    region, language and time zone, and keeping current owners where possible."""

    def run() -> None:
        from postsale.api import run_assignment

        output = Output(quiet, verbose)
        when = parse_today(today)
        sources = Sources(subscriptions, opportunities, tickets)
        check_source("assign", accounts, demo,
                     "accounts.csv --company company.toml --out owners.csv", sources)
        if out is None:
            raise ConfigError("--out", None, Msg("cli.assign.no_out"),
                              Msg("cli.assign.no_out.fix"))
        check_outputs([("--out", out), ("--summary-out", summary_out)], accounts, company, team,
                      *sources.files())
        if tolerance is not None and not 0.0 <= tolerance <= 1.0:
            raise ConfigError("--tolerance", None, Msg("cli.assign.tolerance", value=tolerance),
                              Msg("cli.assign.tolerance.fix"))
        roster: Roster | None = None
        roster_notes: tuple[str, ...] = ()
        if team is not None:
            from postsale.io.team_file import read_team

            loaded = read_team(team, when)
            roster, roster_notes = loaded.roster, loaded.summary_notes()
            output.note(Msg("cli.note.team", file=str(team), n=len(roster)))
        plan_run, parsed = planned(accounts, company, demo, when, sources, output)
        with output.step(Msg("cli.step.assigning", n=len(plan_run.book))):
            result = run_assignment(plan_run, parsed, roster, today=when, tolerance=tolerance,
                                    notes=roster_notes)
        for n in result.notes:
            output.note(Msg("cli.note.note", note=n))
        problems = result.problems()
        if strict and problems:
            what = [Msg("cli.assign.relaxed", n=result.relaxed_accounts)] \
                if result.relaxed_accounts else []
            what += [Msg("cli.assign.over_capacity")] if result.assignment.capacity_note is not None else []
            reasons: list[Words] = [Msg("cli.assign.strict", what=tuple(what)), *problems]
            raise InfeasibleError(reasons)
        from postsale.report.assign_csv import write_owners

        with output.step(Msg("cli.step.owners")):
            write_owners(out, result.owner_columns())
        _emit_summary(result, fmt, summary_out, output)
        output.wrote(str(Msg("cli.wrote.owners", n=len(plan_run.book), file=message(out),
                             moved=result.diff.moves, relaxed=result.relaxed_accounts)))

    guard(run)


def _emit_summary(result: AssignmentRun, fmt: TableFormat, out: Path | None,
                  output: Output) -> None:
    from postsale.io.write import atomic_write_text

    if fmt is TableFormat.json:
        text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    else:
        from postsale.report.assign_text import render_assignment

        if out is None:
            render_assignment(result, screen_console(140))
            return
        console = file_console(160)
        render_assignment(result, console)
        text = console.export_text()
    if out is None:
        output.to_stdout(text, False, Msg("cli.what.assign_summary"))
    else:
        atomic_write_text(out, text)
        output.wrote(str(Msg("cli.wrote.summary", fmt=fmt.value, file=message(out))))
