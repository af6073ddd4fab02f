"""The ``postsale`` command line: parse options → call ``postsale.api`` → render.

User errors (``PostsaleError``) become a message on stderr and exit code 2; anything else is an
internal error, exit code 1 (set POSTSALE_DEBUG=1 for the traceback). No business logic lives here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

from postsale import __version__
from postsale.errors import ConfigError, InfeasibleError, PostsaleError
from postsale.keys import OrgModel
from postsale.report.terminal import SafeConsole, message
from postsale.results import Warning

if TYPE_CHECKING:  # imported lazily at run time: the CLI starts fast
    from postsale.api import PlanRun
    from postsale.company import Company

if TYPE_CHECKING:
    from postsale.core.assignment.roster import Roster

__all__ = ["app", "main"]

app = typer.Typer(
    name="postsale",
    help="Design and run a post-sale (customer success) organization from your customer book.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_err = SafeConsole(stderr=True)
T = TypeVar("T")
PROGRESS_MIN_BYTES = 20_000_000


class PlanFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    xlsx = "xlsx"


class TableFormat(StrEnum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"postsale {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """postsale: tiers, unit economics, headcount, triggers and advice from your account book."""


def _guard(action: Callable[[], T]) -> T:
    """Run ``action``; turn user errors into exit 2 and surprises into exit 1."""
    from postsale.io.write import output_batch

    try:
        with output_batch():  # every output of the command, or none
            return action()
    except InfeasibleError as exc:  # one reason a line: there may be dozens
        head, *rest = exc.reasons or [str(exc)]
        lines = [f"  - {r}" for r in rest[:15]]
        lines += [f"  … and {len(rest) - 15} more"] if len(rest) > 15 else []
        _err.print("[bold red]error:[/bold red] " + message("\n".join([head, *lines])),
                   markup=True, highlight=False, soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except PostsaleError as exc:
        _err.print(f"[bold red]error:[/bold red] {message(exc)}", markup=True, highlight=False,
                   soft_wrap=True)
        raise typer.Exit(exc.exit_code) from None
    except typer.Exit:
        raise
    except Exception as exc:
        if os.environ.get("POSTSALE_DEBUG"):
            raise
        _err.print(f"[bold red]internal error:[/bold red] {type(exc).__name__}: {message(exc)}\n"
                   "This is a bug in postsale; rerun with POSTSALE_DEBUG=1 for the traceback.",
                   markup=True, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


def _check_outputs(outputs: list[tuple[str, Path | None]], *inputs: Path | None) -> None:
    """Before any work: outputs are writable and never one of the inputs (exit 2 otherwise)."""
    from postsale.io.write import check_outputs

    check_outputs(outputs, inputs)


def _parse_today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError("--today", None, f"'{value}' is not a date",
                          "write it as YYYY-MM-DD, e.g. 2026-11-25") from None


# The secondary files of a book (issue 11), on plan, org, assign and project alike.
SubscriptionsOption = Annotated[Path | None, typer.Option(
    "--subscriptions", help="Subscriptions or line items (CSV, XLSX, Parquet, JSON) joined on the "
    "account ID: ARR of the lines active today, previous ARR, renewal dates, churn. Default: "
    "\\[import] subscriptions.", show_default=False)]
OpportunitiesOption = Annotated[Path | None, typer.Option(
    "--opportunities", help="Opportunities / deals joined on the account ID: closed-won recurring "
    "amounts of the last 12 months as ARR (without subscriptions), open renewals as renewal "
    "dates. Default: \\[import] opportunities.", show_default=False)]
TicketsOption = Annotated[Path | None, typer.Option(
    "--tickets", help="Support tickets, one row per ticket, joined on the account ID: tickets per "
    "month over the last 6 months. Default: \\[import] tickets.", show_default=False)]


@dataclass(frozen=True)
class _Sources:
    subscriptions: Path | None = None
    opportunities: Path | None = None
    tickets: Path | None = None

    def given(self) -> bool:
        return any(p is not None for p in self.files())

    def files(self) -> tuple[Path | None, ...]:
        return (self.subscriptions, self.opportunities, self.tickets)


def _load_with_progress(accounts: Path, company: Path | None, when: dt.date,  # type: ignore[no-untyped-def]
                        sources: _Sources = _Sources()):
    from postsale.api import load_inputs

    size = accounts.stat().st_size if accounts.exists() else 0
    if size < PROGRESS_MIN_BYTES or not _err.is_terminal:
        return load_inputs(accounts, company, today=when, subscriptions=sources.subscriptions,
                           opportunities=sources.opportunities, tickets=sources.tickets)
    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(),
                  TimeRemainingColumn(), console=_err, transient=True) as bar:
        task = bar.add_task(f"Reading {accounts.name}", total=size)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return load_inputs(accounts, company, progress=advance, today=when,
                           subscriptions=sources.subscriptions,
                           opportunities=sources.opportunities, tickets=sources.tickets)


def _check_source(command: str, accounts: Path | None, demo: bool, example: str,
                  sources: _Sources = _Sources()) -> None:
    """Exactly one of an ACCOUNTS file and --demo; the demo takes no secondary file."""
    if demo == (accounts is not None):
        raise ConfigError(f"postsale {command}", None,
                          "give either an ACCOUNTS file or --demo (not both, not neither)",
                          f"run `postsale {command} {example}` or `postsale {command} --demo`")
    if demo and sources.given():
        raise ConfigError(f"postsale {command}", None,
                          "--subscriptions, --opportunities and --tickets join an ACCOUNTS file; "
                          "the demo has its own book", f"run `postsale {command} accounts.csv "
                          "--subscriptions subscriptions.csv`, or drop them with --demo")


def _planned(accounts: Path | None, company: Path | None, demo: bool,
             when: dt.date, sources: _Sources = _Sources()) -> tuple[PlanRun, Company]:
    """Read the inputs (or the built-in demo) and run the plan every command starts from."""
    from postsale.api import demo_inputs, run_plan

    notes: tuple[Warning, ...] = ()
    if demo:
        book, parsed = demo_inputs(when)
    else:
        assert accounts is not None
        book, parsed, notes = _load_with_progress(accounts, company, when, sources)
    return run_plan(book, parsed, today=when, notes=notes), parsed


@app.command()
def plan(
    accounts: Annotated[Path | None, typer.Argument(
        help="Account book: CSV, XLSX, Parquet or JSON export from your CRM or billing system.",
        show_default=False)] = None,
    company: Annotated[Path | None, typer.Option(
        "--company", "-c", help="Company file (TOML): team, costs, ratios, overrides.")] = None,
    demo: Annotated[bool, typer.Option(
        "--demo", help="Plan the built-in sample company (300 customers, one Head of CS).")] = False,
    fmt: Annotated[PlanFormat, typer.Option("--format", "-f", help="Output format.")] =
        PlanFormat.text,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write the report here (required for xlsx; json/html default to "
        "stdout).")] = None,
    accounts_out: Annotated[Path | None, typer.Option(
        "--accounts-out", help="Also write every account's tier and reasons to this CSV.")] = None,
    today: Annotated[str | None, typer.Option(
        "--today", help="Plan as of this date (YYYY-MM-DD); default: today.")] = None,
    subscriptions: SubscriptionsOption = None,
    opportunities: OpportunitiesOption = None,
    tickets: TicketsOption = None,
) -> None:
    """Diagnose the stage, tier every account, cost each tier, size every role and advise."""

    def run() -> None:

        when = _parse_today(today)
        sources = _Sources(subscriptions, opportunities, tickets)
        _check_source("plan", accounts, demo, "accounts.csv --company company.toml", sources)
        _check_outputs([("--out", out), ("--accounts-out", accounts_out)], accounts, company,
                       *sources.files())
        if fmt is PlanFormat.xlsx and out is None:
            raise ConfigError("--format xlsx", None, "an Excel report needs a file to go to",
                              "add --out plan.xlsx")
        result, _ = _planned(accounts, company, demo, when, sources)
        book = result.book
        _emit(result, fmt, out)
        if accounts_out is not None:
            from postsale.report.csv import write_account_tiers

            write_account_tiers(accounts_out, result.account_rows())
            _err.print(f"wrote {len(book):,} account tiers to {message(accounts_out)}")

    _guard(run)


def _emit(run: object, fmt: PlanFormat, out: Path | None) -> None:
    from postsale.api import PlanRun
    from postsale.io.write import atomic_write_text

    assert isinstance(run, PlanRun)
    result = run.result
    if fmt is PlanFormat.text:
        from postsale.report.text import render_plan

        if out is None:
            render_plan(result, SafeConsole(width=max(Console().width, 120)))
        else:
            file_console = SafeConsole(record=True, width=140, file=open(os.devnull, "w"))  # noqa: SIM115
            render_plan(result, file_console)
            atomic_write_text(out, file_console.export_text())
    elif fmt is PlanFormat.json:
        # Streamed (json.dump encodes in chunks): a million-account plan's org charts hold tens of
        # thousands of nodes, and one giant string would double the peak memory.
        data = result.to_dict()
        if out is None:
            json.dump(data, sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
            sys.stdout.write("\n")
        else:
            from postsale.io.write import atomic_path

            with atomic_path(out) as tmp, tmp.open("w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=2, ensure_ascii=False, allow_nan=False)
                handle.write("\n")
    elif fmt is PlanFormat.html:
        from postsale.report.html import render_plan_html

        html = render_plan_html(result)
        if out is None:
            sys.stdout.write(html)
        else:
            atomic_write_text(out, html)
    else:
        from postsale.report.xlsx import write_plan_xlsx

        assert out is not None
        write_plan_xlsx(result, out, accounts=run.account_rows())
    if out is not None:
        _err.print(f"wrote {fmt.value} plan to {message(out)}")


class OrgFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


@app.command()
def org(
    accounts: Annotated[Path | None, typer.Argument(
        help="Account book (CSV, XLSX, Parquet or JSON).", show_default=False)] = None,
    company: Annotated[Path | None, typer.Option(
        "--company", "-c", help="Company file (TOML).")] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Use the built-in sample company.")] = False,
    model: Annotated[OrgModel | None, typer.Option(
        "--model", "-m", help="Show one model only (default: all four, recommended first).")] = None,
    fmt: Annotated[OrgFormat, typer.Option("--format", "-f", help="Output format.")] =
        OrgFormat.text,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file.")] = None,
    today: Annotated[str | None, typer.Option(
        "--today", help="As of this date (YYYY-MM-DD); default: today.")] = None,
    subscriptions: SubscriptionsOption = None,
    opportunities: OpportunitiesOption = None,
    tickets: TicketsOption = None,
) -> None:
    """Draw the four organization models as org charts, score them and design the chosen one."""

    def run() -> None:
        from postsale.io.write import atomic_write_text

        when = _parse_today(today)
        sources = _Sources(subscriptions, opportunities, tickets)
        _check_source("org", accounts, demo, "accounts.csv --company company.toml", sources)
        _check_outputs([("--out", out)], accounts, company,
                       *sources.files())
        result = _planned(accounts, company, demo, when, sources)[0].result
        chosen = model
        if fmt is OrgFormat.json:
            data = result.org.to_dict()
            if chosen is not None:
                data["charts"] = {str(chosen): data["charts"][str(chosen)]}
            data["headcount"] = result.headcount.to_dict()
            text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        elif fmt is OrgFormat.html:
            from postsale.report.org_html import render_org_html

            text = render_org_html(result, chosen)
        else:
            from postsale.report.org_text import render_org_text

            if out is None:
                render_org_text(result, SafeConsole(width=max(Console().width, 120)), chosen)
                return
            console = SafeConsole(record=True, width=140, file=open(os.devnull, "w"))  # noqa: SIM115
            render_org_text(result, console, chosen)
            text = console.export_text()
        if out is None:
            sys.stdout.write(text)
        else:
            atomic_write_text(out, text)
            _err.print(f"wrote {fmt.value} org design to {message(out)}")

    _guard(run)


@app.command()
def assign(
    accounts: Annotated[Path | None, typer.Argument(
        help="Account book (CSV, XLSX, Parquet or JSON); its owner column is the current owner.",
        show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Write the owners file here (CSV: account_id, owner_id, owner_name, "
        "previous_owner, moved, reason, violations).", show_default=False)] = None,
    company: Annotated[Path | None, typer.Option(
        "--company", "-c", help="Company file (TOML); \\[company] pooled_tiers pools whole "
        "tiers.")] = None,
    team: Annotated[Path | None, typer.Option(
        "--team", "-t", help="Team file (CSV: person_id, name, role, tiers, region, languages, "
        "timezone, capacity, start_date). Default: the book's current owners (owner column) "
        "plus open requisitions for the plan's gap; with no owner in the book, the recommended "
        "org chart's positions, as open requisitions.")] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Use the built-in sample company.")] = False,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="Summary format.")] =
        TableFormat.text,
    summary_out: Annotated[Path | None, typer.Option(
        "--summary-out", help="Write the summary to this file instead of stdout.")] = None,
    tolerance: Annotated[float | None, typer.Option(
        "--tolerance", help="Rebalance only books more than this fraction over the balanced "
        "load (default: the benchmark assignment.tolerance, 0.05).", show_default=False)] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Exit 2 (and write nothing) when any rule had to be relaxed or demand "
        "exceeds capacity.")] = False,
    today: Annotated[str | None, typer.Option(
        "--today", help="As of this date (YYYY-MM-DD): renewal lock, ramp, weights; default: "
        "today.")] = None,
    subscriptions: SubscriptionsOption = None,
    opportunities: OpportunitiesOption = None,
    tickets: TicketsOption = None,
) -> None:
    """Assign every account an owner: balanced by workload, within capacity, respecting tier,
    region, language and time zone, and keeping current owners where possible."""

    def run() -> None:
        from postsale.api import run_assignment

        when = _parse_today(today)
        sources = _Sources(subscriptions, opportunities, tickets)
        _check_source("assign", accounts, demo,
                      "accounts.csv --company company.toml --out owners.csv", sources)
        if out is None:
            raise ConfigError("--out", None, "the owners file needs somewhere to go",
                              "add --out owners.csv")
        _check_outputs([("--out", out), ("--summary-out", summary_out)], accounts, company, team,
                       *sources.files())
        if tolerance is not None and not 0.0 <= tolerance <= 1.0:
            raise ConfigError("--tolerance", None, f"{tolerance:g} is not a fraction from 0 to 1",
                              "write e.g. --tolerance 0.05 (5% over the balanced load)")
        roster: Roster | None = None
        roster_notes: tuple[str, ...] = ()
        if team is not None:
            from postsale.io.team_file import read_team

            loaded = read_team(team, when)
            roster, roster_notes = loaded.roster, loaded.summary_notes()
        plan_run, parsed = _planned(accounts, company, demo, when, sources)
        result = run_assignment(plan_run, parsed, roster, today=when, tolerance=tolerance,
                                notes=roster_notes)
        problems = result.problems()
        if strict and problems:
            what = [f"{result.relaxed_accounts:,} accounts need a rule relaxed"] \
                if result.relaxed_accounts else []
            what += ["demand exceeds capacity"] if result.assignment.capacity_note else []
            raise InfeasibleError([f"--strict: {' and '.join(what)}; nothing was written",
                                   *problems])
        from postsale.report.assign_csv import write_owners

        write_owners(out, result.owner_columns())
        _emit_assignment(result, fmt, summary_out)
        _err.print(f"wrote {len(plan_run.book):,} owners to {message(out)} ({result.diff.moves:,} moved, "
                   f"{result.relaxed_accounts:,} with a rule relaxed)", highlight=False)

    _guard(run)


def _emit_assignment(result: object, fmt: TableFormat, out: Path | None) -> None:
    from postsale.api import AssignmentRun
    from postsale.io.write import atomic_write_text

    assert isinstance(result, AssignmentRun)
    if fmt is TableFormat.json:
        text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    else:
        from postsale.report.assign_text import render_assignment

        if out is None:
            render_assignment(result, SafeConsole(width=max(Console().width, 140)))
            return
        console = SafeConsole(record=True, width=160, file=open(os.devnull, "w"))  # noqa: SIM115
        render_assignment(result, console)
        text = console.export_text()
    if out is None:
        sys.stdout.write(text)
    else:
        atomic_write_text(out, text)
        _err.print(f"wrote the {fmt.value} summary to {message(out)}")


class ProjectFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"
    csv = "csv"


@app.command()
def project(
    accounts: Annotated[Path | None, typer.Argument(
        help="Account book (CSV, XLSX, Parquet or JSON).", show_default=False)] = None,
    company: Annotated[Path | None, typer.Option(
        "--company", "-c", help="Company file (TOML): team, [[growth]] targets, [projection], "
        "[[scenario]].")] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Use the built-in sample company.")] = False,
    months: Annotated[int | None, typer.Option(
        "--months", "-m", help="Horizon in months (default: [projection] months, else 24).",
        show_default=False)] = None,
    paths: Annotated[int | None, typer.Option(
        "--paths", "-p", help="Monte Carlo paths (default: [projection] paths, else 1000).",
        show_default=False)] = None,
    seed: Annotated[int | None, typer.Option(
        "--seed", "-s", help="Random seed: the same seed gives the same projection (default: drawn "
        "and reported).", show_default=False)] = None,
    fmt: Annotated[ProjectFormat, typer.Option("--format", "-f", help="Output format.")] =
        ProjectFormat.text,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file.")] = None,
    today: Annotated[str | None, typer.Option(
        "--today", help="Project from this date (YYYY-MM-DD); default: today.")] = None,
    subscriptions: SubscriptionsOption = None,
    opportunities: OpportunitiesOption = None,
    tickets: TicketsOption = None,
) -> None:
    """Project customers, ARR, headcount and cost month by month, with P10/P50/P90 bands, the
    hiring calendar (when to open each requisition) and scenarios side by side."""

    def run() -> None:
        from postsale.api import demo_inputs, run_projection
        from postsale.io.write import atomic_write_text

        when = _parse_today(today)
        sources = _Sources(subscriptions, opportunities, tickets)
        _check_source("project", accounts, demo, "accounts.csv --company company.toml", sources)
        _check_outputs([("--out", out)], accounts, company,
                       *sources.files())
        notes: tuple[Warning, ...] = ()
        if demo:
            book, parsed = demo_inputs(when)
        else:
            assert accounts is not None
            book, parsed, notes = _load_with_progress(accounts, company, when, sources)
        with _err.status("Simulating the paths and scenarios…", spinner="dots") if \
                _err.is_terminal else nullcontext():
            result = run_projection(book, parsed, today=when, months=months, paths=paths, seed=seed,
                                    notes=notes, source=str(accounts) if accounts else "the demo")
        if fmt is ProjectFormat.text:
            from postsale.report.project_text import render_projection

            if out is None:
                render_projection(result, SafeConsole(width=max(Console().width, 120)))
                return
            console = SafeConsole(record=True, width=160, file=open(os.devnull, "w"))  # noqa: SIM115
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
            sys.stdout.write(text)
        else:
            atomic_write_text(out, text)
            _err.print(f"wrote {fmt.value} projection to {message(out)} (seed {result.seed})")

    _guard(run)


@app.command()
def sample(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write accounts.csv and "
                                      "company.toml into.")],
    customers: Annotated[int, typer.Option("--customers", "-n", help="Number of customers.")] = 300,
    seed: Annotated[int, typer.Option("--seed", "-s", help="Random seed (same seed, same "
                                      "company).")] = 1,
    today: Annotated[str | None, typer.Option(
        "--today", help="Generate as of this date (YYYY-MM-DD); default: today.")] = None,
) -> None:
    """Write a realistic, reproducible synthetic company: accounts.csv and company.toml."""

    def run() -> None:
        from postsale.sample import write_sample

        accounts_path, company_path = write_sample(out, customers, seed, _parse_today(today))
        _err.print(f"wrote {customers:,} accounts to {message(accounts_path)} and the company "
                   f"file to {message(company_path)}")

    _guard(run)


@app.command()
def inspect(
    files: Annotated[list[Path], typer.Argument(
        help="Exports to inspect: accounts, and optionally subscriptions / line items, "
        "opportunities and tickets (CSV, XLSX, Parquet, JSON).", show_default=False)],
    write_company: Annotated[Path | None, typer.Option(
        "--write-company", help="Write a company file (TOML) with the proposed [columns], "
        "[values.*] and [import] sections.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace an existing --write-company file.")] = False,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] =
        TableFormat.text,
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
            render_inspection(reports, SafeConsole(width=max(Console().width, 140)))
        if write_company is not None:
            accounts = next((r.path for r in reports if not r.secondary), "ACCOUNTS")
            _err.print(f"wrote the company file to {message(write_company)}; next: postsale "
                       f"plan {message(accounts)} --company {message(write_company)}",
                       highlight=False, soft_wrap=True)

    _guard(run)


@app.command()
def benchmarks(
    company: Annotated[Path | None, typer.Option(
        "--company", "-c", help="Apply this company file's overrides.")] = None,
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] =
        TableFormat.text,
) -> None:
    """Print the benchmark table in effect; overridden entries are marked."""

    def run() -> None:
        from postsale.api import benchmarks_in_effect, load_company_file
        from postsale.core.plan import benchmarks_table

        table = benchmarks_in_effect(load_company_file(company))
        if fmt is TableFormat.json:
            sys.stdout.write(json.dumps(benchmarks_table(table), indent=2, ensure_ascii=False,
                                        allow_nan=False)
                             + "\n")
            return
        from postsale.report.benchmarks import render_benchmarks

        render_benchmarks(table, SafeConsole(width=max(Console().width, 160)))

    _guard(run)


def _terminate(signum: int, _frame: object) -> None:
    """SIGTERM as ``SystemExit``: ``finally`` blocks run, so no temp output file is left behind."""
    raise SystemExit(128 + signum)


def main() -> None:
    """Console-script entry point."""
    import signal

    signal.signal(signal.SIGTERM, _terminate)
    app()
