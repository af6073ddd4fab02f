"""``postsale plan`` and ``postsale org``: the plan, and its organization models."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from postsale.cli.app import command
from postsale.cli.common import (
    CompanyOption,
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
    TodayOption,
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
from postsale.errors import ConfigError
from postsale.keys import OrgModel
from postsale.report.terminal import message

if TYPE_CHECKING:
    import datetime as dt

    from postsale.api import PlanRun
    from postsale.core.assignment.roster import Seating
    from postsale.io.team_file import LoadedTeam
    from postsale.results import PlanResult

__all__ = ["org", "plan"]

Member = tuple[str, str | None, str]  # a team file row: (person_id, name or None if open, role)

AccountsArgument = Annotated[Path | None, typer.Argument(
    help="cli_help.option.accounts",
    show_default=False)]


class PlanFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    xlsx = "xlsx"


class OrgFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


@command("postsale plan --demo",
         "postsale plan accounts.csv -c company.toml",
         "postsale plan accounts.csv -c company.toml -f html -o plan.html",
         "postsale plan accounts.csv -f json | jq .headcount",
         summary="cli_help.plan.summary")
def plan(
    accounts: AccountsArgument = None,
    company: CompanyOption = None,
    demo: DemoOption = False,
    fmt: Annotated[PlanFormat, typer.Option("--format", "-f", help="cli_help.option.format")] =
        PlanFormat.text,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="cli_help.plan.out")] = None,
    accounts_out: Annotated[Path | None, typer.Option(
        "--accounts-out", help="cli_help.plan.accounts_out")] = None,
    today: TodayOption = None,
    subscriptions: SubscriptionsOption = None,
    opportunities: OpportunitiesOption = None,
    tickets: TicketsOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    lang: LangOption = None,
    force: ForceOption = False,
) -> None:
    """Diagnose the stage, tier every account, cost each tier, size every role and advise."""

    def run() -> None:
        output = Output(quiet, verbose, force)
        when = parse_today(today)
        sources = Sources(subscriptions, opportunities, tickets)
        check_source("plan", accounts, demo, "accounts.csv --company company.toml", sources)
        check_outputs([("--out", out), ("--accounts-out", accounts_out)], accounts, company,
                      *sources.files())
        if out is None:  # before the work: an HTML page or a workbook is no terminal output
            output.refuse_terminal(fmt in (PlanFormat.html, PlanFormat.xlsx),
                                   Msg("cli.what.plan", fmt=fmt.value.upper()))
        result, _ = planned(accounts, company, demo, when, sources, output)
        _emit(result, fmt, out, output)
        if accounts_out is not None:
            from postsale.report.csv import write_account_tiers

            with output.step(Msg("cli.step.tiers")):
                write_account_tiers(accounts_out, result.account_rows())
            output.wrote(str(Msg("cli.wrote.tiers", n=len(result.book), file=message(accounts_out))))

    guard(run)


def _emit(run: PlanRun, fmt: PlanFormat, out: Path | None, output: Output) -> None:
    from postsale.io.write import atomic_write_text

    result = run.result
    if fmt is PlanFormat.text:
        from postsale.report.text import render_plan

        if out is None:
            render_plan(result, screen_console())
            return
        console = file_console(140)
        render_plan(result, console)
        atomic_write_text(out, console.export_text())
    elif fmt is PlanFormat.json:
        _emit_json(result.to_dict(), out, output)
    elif fmt is PlanFormat.html:
        from postsale.report.html import render_plan_html

        html = render_plan_html(result)
        if out is None:
            output.to_stdout(html, True, Msg("cli.what.plan", fmt="HTML"))
            return
        atomic_write_text(out, html)
    else:
        _emit_xlsx(run, out, output)
    if out is not None:
        output.wrote(str(Msg("cli.wrote.plan", fmt=fmt.value, file=message(out))))


def _emit_json(data: object, out: Path | None, output: Output) -> None:
    """Streamed (json.dump encodes in chunks): a million-account plan's org charts hold tens of
    thousands of nodes, and one giant string would double the peak memory. Only a terminal gets
    the text whole first, to refuse it when it is large."""
    if out is None and sys.stdout.isatty():
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        output.to_stdout(text, False, Msg("cli.what.json_plan"))
    elif out is None:
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
        sys.stdout.write("\n")
    else:
        from postsale.io.write import atomic_path

        with atomic_path(out) as tmp, tmp.open("w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, ensure_ascii=False, allow_nan=False)
            handle.write("\n")


def _emit_xlsx(run: PlanRun, out: Path | None, output: Output) -> None:
    """The workbook to ``out``, or (no ``--out``: piped, as the terminal was refused) to stdout."""
    from postsale.report.xlsx import write_plan_xlsx

    with output.step(Msg("cli.step.workbook")):
        write_plan_xlsx(run.result, out or Path("-"), accounts=run.account_rows())


@command("postsale org --demo",
         "postsale org accounts.csv -c company.toml --model pod",
         "postsale org accounts.csv -c company.toml -f html -o org.html",
         "postsale org accounts.csv -c company.toml -t team.csv -f html -o org.html",
         summary="cli_help.org.summary")
def org(
    accounts: AccountsArgument = None,
    company: CompanyOption = None,
    demo: DemoOption = False,
    model: Annotated[OrgModel | None, typer.Option(
        "--model", help="cli_help.org.model")] = None,
    fmt: Annotated[OrgFormat, typer.Option("--format", "-f", help="cli_help.option.format")] =
        OrgFormat.text,
    out: OutOption = None,
    team: Annotated[Path | None, typer.Option(
        "--team", "-t", help="cli_help.org.team", show_default=False)] = None,
    today: TodayOption = None,
    subscriptions: SubscriptionsOption = None,
    opportunities: OpportunitiesOption = None,
    tickets: TicketsOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
    lang: LangOption = None,
    force: ForceOption = False,
) -> None:
    """Draw the four organization models as org charts, score them and design the chosen one."""

    def run() -> None:
        from postsale.io.write import atomic_write_text

        output = Output(quiet, verbose, force)
        when = parse_today(today)
        sources = Sources(subscriptions, opportunities, tickets)
        check_source("org", accounts, demo, "accounts.csv --company company.toml", sources)
        check_outputs([("--out", out)], accounts, company, team, *sources.files())
        if team is not None and fmt is OrgFormat.text:
            raise ConfigError("--team", None, Msg("cli.org.text_team"),
                              Msg("cli.org.text_team.fix"))
        if out is None:
            output.refuse_terminal(fmt is OrgFormat.html, Msg("cli.what.org_html"))
        loaded = _team_members(team, when, output)
        members = None if loaded is None else loaded.members
        result = planned(accounts, company, demo, when, sources, output)[0].result
        seating = None if loaded is None else _seating(result, loaded)
        if seating is not None and members is not None and seating.unseated:
            left = [members[k] for k in seating.unseated]
            shown = ", ".join(f"{name or pid} ({role})" for pid, name, role in left[:5])
            output.note(Msg("cli.note.unseated_more" if len(left) > 5 else "cli.note.unseated",
                            n=len(left), shown=shown))
        if fmt is OrgFormat.json:
            data = result.org.to_dict()
            if model is not None:
                data["charts"] = {str(model): data["charts"][str(model)]}
            data["headcount"] = result.headcount.to_dict()
            if seating is not None and members is not None:
                data["seating"] = _seating_dict(result, members, seating)
            text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        elif fmt is OrgFormat.html:
            from postsale.report.org_html import render_org_html

            seated, unseated = _names(members, seating)
            text = render_org_html(result, model, seated, unseated)
        else:
            from postsale.report.org_text import render_org_text

            if out is None:
                render_org_text(result, screen_console(), model)
                return
            console = file_console(140)
            render_org_text(result, console, model)
            text = console.export_text()
        if out is None:
            output.to_stdout(text, fmt is OrgFormat.html, Msg("cli.what.org", fmt=fmt.value))
        else:
            atomic_write_text(out, text)
            output.wrote(str(Msg("cli.wrote.org", fmt=fmt.value, file=message(out))))

    guard(run)




def _team_members(team: Path | None, when: dt.date, output: Output) -> LoadedTeam | None:
    """The team file (read and validated as ``postsale assign`` reads it)."""
    if team is None:
        return None
    from postsale.io.team_file import read_team

    loaded = read_team(team, when)
    output.note(Msg("cli.note.team_open", file=str(team), n=len(loaded.members)))
    return loaded


def _seating(result: PlanResult, team: LoadedTeam) -> Seating:
    """The team on the recommended chart's seats by role, region and languages
    (``core.assignment.roster.seat_people``)."""
    from postsale.core.assignment.roster import seat_team

    return seat_team(result.org.charts[result.org.recommended], team.members, team.profiles)


def _names(members: tuple[Member, ...] | None, seating: Seating | None
           ) -> tuple[dict[str, str | None] | None, list[str]]:
    """For the page: each seat's name (None: open), and the names of people left without a seat
    (no team file: nothing)."""
    from postsale.core.assignment.roster import seat_names

    if members is None or seating is None:
        return None, []
    return seat_names(members, seating)


def _seating_dict(result: PlanResult, members: tuple[Member, ...], seating: Seating
                  ) -> dict[str, object]:
    """JSON: the recommended model, each seat's person_id (null: an open requisition), the open
    seat count and the people the chart has no seat of their role for."""
    return {"model": str(result.org.recommended),
            "seats": {sid: None if k is None else members[k][0]
                      for sid, k in seating.seat.items()},
            "open": sum(k is None for k in seating.seat.values()),
            "unseated": [members[k][0] for k in seating.unseated]}
