"""The one door: load benchmarks, read inputs, run the pure core, return typed results.

The CLI and (later) the web app call exactly these functions; a Python user can too::

    import postsale
    result = postsale.plan("accounts.csv", company="company.toml")
    result.to_dict()["headcount"]["required"]

    from postsale.api import assign
    run = assign("accounts.csv", company="company.toml", team="team.csv")
    run.owner_columns()["owner_id"], run.to_dict()["imbalance"]

    from postsale.api import project
    projection = project("accounts.csv", company="company.toml", months=24, seed=7)
    projection.to_dict()["hires"]
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import secrets
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from postsale.benchmarks import default_benchmarks
from postsale.company import Company, company_from_mapping
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.msg import Msg
from postsale.core.plan import build_plan
from postsale.core.tiering import TieringResult
from postsale.errors import ConfigError, InputError, InputProblem
from postsale.i18n import tr
from postsale.results import PlanResult, Warning
from postsale.results_projection import ProjectionResult

if TYPE_CHECKING:
    from postsale.core.assignment.assign import Assignment, AssignmentRules
    from postsale.core.assignment.roster import Roster
    from postsale.core.assignment.summary import Books, Diff, Imbalance, PoolBooks, PoolStaff

MAX_PATH_MONTHS = 480_000  # 10,000 paths over 48 months, 4,000 over 120: ~1.5 GB at most (100k accounts)
__all__ = ["AssignmentRun", "PlanRun", "assign", "benchmarks_in_effect", "demo_inputs",
           "load_book", "load_inputs", "plan", "project", "run_assignment", "run_plan",
           "run_projection"]

ProgressCallback = Callable[[int, int], None]
#: a pandas or polars DataFrame of accounts (neither is a dependency: typed loosely)
DataFrame = Any


class PlanRun:
    """A plan with the book and per-account tiers it was computed from (for exports)."""

    def __init__(self, result: PlanResult, book: AccountBook, tiering: TieringResult) -> None:
        self.result = result
        self.book = book
        self.tiering = tiering

    def account_rows(self) -> list[tuple[str, str, str]]:
        """(account_id, tier, reasons) for every account — the CRM write-back of tiering.

        Reason texts are built once per distinct reason mask (a handful), then broadcast.
        """
        from postsale.core.tiering import reason_messages
        from postsale.i18n import tr
        from postsale.keys import TIER_KEYS

        masks, inverse = np.unique(self.tiering.reasons, return_inverse=True)
        texts = np.array(["; ".join(tr(r) for r in reason_messages(int(m), self.tiering.thresholds))
                          for m in masks],
                         dtype=object)[inverse]
        tiers = np.array([str(t) for t in TIER_KEYS], dtype=object)[self.tiering.tier]
        ids = self.book.account_id.astype(str)
        return list(zip(ids.tolist(), tiers.tolist(), texts.tolist(), strict=True))


def benchmarks_in_effect(company: Company | None = None) -> Benchmarks:
    """Default benchmarks with the company's overrides applied."""
    base = default_benchmarks()
    return company.apply(base) if company is not None else base


def load_company_file(path: str | Path | None) -> Company:
    """Read a company file, or the defaults when ``path`` is None."""
    if path is None:
        return Company()
    from postsale.io.company_file import load_company

    return load_company(path, default_benchmarks())


def load_inputs(
    accounts: str | Path | DataFrame, company: str | Path | None = None,
    progress: ProgressCallback | None = None, *, today: dt.date | None = None,
    subscriptions: str | Path | None = None, opportunities: str | Path | None = None,
    tickets: str | Path | None = None,
) -> tuple[AccountBook, Company, tuple[Warning, ...]]:
    """Read an account file (any supported format), its subscription, opportunity and ticket
    files (arguments, else the company file's ``[import]``) and an optional company file.

    ``today`` is the as-of date of the line-item rules (active subscriptions, trailing windows).
    The third item holds the import's caveats (MRR converted, guessed date order, encoding
    fallback, the line-item rules applied…) as warnings with codes ``import_<note>``.
    """
    parsed = load_company_file(company)
    with _collector_paused():  # an import keeps what it builds too (see _collector_paused)
        book, parsed, notes = load_book(accounts, parsed, progress, today=today,
                                        subscriptions=subscriptions, opportunities=opportunities,
                                        tickets=tickets)
    return book, parsed, notes


def load_book(
    accounts: str | Path | DataFrame, company: Company, progress: ProgressCallback | None = None, *,
    today: dt.date | None = None, subscriptions: str | Path | None = None,
    opportunities: str | Path | None = None, tickets: str | Path | None = None,
) -> tuple[AccountBook, Company, tuple[Warning, ...]]:
    """The book of ``accounts`` joined with its secondary files (see :func:`load_inputs`), and
    ``company`` with the arrival profile a ticket export measured (``[support]
    arrival_profile``; unless the company file gives one — its explicit figure wins)."""
    from postsale.core.plausibility import CODES
    from postsale.io.frames import source_name
    from postsale.io.localize import localize
    from postsale.io.read import LineGrain, read_accounts
    from postsale.io.sources import SourceFiles, SourceRules, join_sources

    when = today or dt.date.today()
    settings = company.imports

    def pick(given: str | Path | None, configured: str | None) -> Path | None:
        chosen = given if given is not None else configured  # the command line wins
        return None if chosen is None else Path(chosen)

    files = SourceFiles(subscriptions=pick(subscriptions, settings.subscriptions),
                        opportunities=pick(opportunities, settings.opportunities),
                        tickets=pick(tickets, settings.tickets))
    loaded = read_accounts(accounts, columns=company.columns or None, progress=progress,
                           values=company.values or None,
                           grain=LineGrain(when, dict(settings.aggregate),
                                           settings.history_months),
                           require_arr=files.subscriptions is None and files.opportunities is None)
    loaded = localize(loaded, company, benchmarks_in_effect(company), source_name(accounts))
    loaded = join_sources(loaded, files, when, SourceRules(
        history_months=settings.history_months, opportunity_months=settings.opportunity_months,
        ticket_window_months=settings.ticket_window_months, columns=dict(settings.columns),
        currency=company.company.currency, rates=dict(company.currencies),
        timezone=company.support.timezone))
    if loaded.arrivals is not None and company.support.arrival_profile is None:
        company = company.model_copy(update={"support": company.support.model_copy(
            update={"arrival_profile": loaded.arrivals})})
    notes = tuple(Warning(code=n.code if n.code in CODES else f"import_{n.code}", message=n.message)
                  for n in loaded.notes)
    return loaded.book, company, notes


def demo_inputs(today: dt.date) -> tuple[AccountBook, Company]:
    """The built-in sample company: the seeds' 300 customers and a single Head of CS."""
    import tomllib

    from postsale.io.read import book_from_columns
    from postsale.sample import demo_accounts, demo_company_toml

    company = company_from_mapping(tomllib.loads(demo_company_toml()), "built-in demo company",
                                   default_benchmarks())
    return book_from_columns(demo_accounts(today), source="built-in demo book"), company


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a plan is built, then restore it.

    A large plan builds a few hundred thousand small objects (org-chart nodes and their JSON)
    that all stay alive; each full collection during the build walks every one of them again
    (a third of a second at a million accounts) and frees nothing. An import allocates enough
    to trigger a full collection of everything loaded so far (~15 ms) that frees nothing either.
    Cycles made meanwhile are collected once the collector runs again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_plan(book: AccountBook, company: Company | None = None, *,
             today: dt.date | None = None, notes: tuple[Warning, ...] = (),
             brief: bool = False) -> PlanRun:
    """Plan a book; ``today`` defaults to the current date (read here, never in the core).

    ``notes`` (import caveats from :func:`load_inputs`) are appended to the plan's warnings.
    ``brief``: the plan's figures without its org chart graphs, architecture and advice (the web
    app's what-if panel; see ``build_plan``).
    """
    company = company or Company()
    when = today or dt.date.today()
    with _collector_paused():
        result, tiering = build_plan(book, company, benchmarks_in_effect(company), when,
                                     brief=brief)
    from postsale.results_plausibility import plan_plausibility

    loud = plan_plausibility(book, result, benchmarks_in_effect(company), when)
    if notes or loud:
        result = result.model_copy(update={"warnings": (*result.warnings, *loud, *notes)})
    return PlanRun(result, book, tiering)


def plan(
    accounts: AccountBook | str | Path | DataFrame,
    company: Company | str | Path | Mapping[str, Any] | None = None,
    *,
    today: dt.date | None = None,
    subscriptions: str | Path | None = None,
    opportunities: str | Path | None = None,
    tickets: str | Path | None = None,
) -> PlanResult:
    """Plan the post-sale organization for an account book (path, pandas or polars DataFrame,
    or AccountBook); keyword
    ``subscriptions``, ``opportunities``, ``tickets`` name its secondary files."""
    if isinstance(company, Mapping):
        company = company_from_mapping(company, "company mapping", default_benchmarks())
    elif company is not None and not isinstance(company, Company):
        company = load_company_file(company)
    notes: tuple[Warning, ...] = ()
    if not isinstance(accounts, AccountBook):
        book, company, notes = load_book(accounts, company or Company(), today=today,
                                         subscriptions=subscriptions, opportunities=opportunities,
                                         tickets=tickets)
    else:
        book = accounts
    return run_plan(book, company, today=today, notes=notes).result


@dataclass(frozen=True, eq=False)
class AssignmentRun:
    """A book assigned to a roster (C7), with the plan it came from and what it means for people.

    ``pool_staff`` gives each pooled tier's pool as the plan staffs it: the plan's required CSMs
    of that tier, or (none of its own) the tier whose CSMs cover it.
    ``notes`` are facts about the roster (ramping hires, people who own no accounts, current
    owners against the plan's need).
    """

    plan: PlanRun
    roster: Roster
    rules: AssignmentRules
    assignment: Assignment
    books: Books
    pools: PoolBooks
    pool_staff: dict[str, PoolStaff]
    diff: Diff
    imbalance: Imbalance
    notes: tuple[str | Msg, ...]  # messages, and notes the team-file reader wrote
    today: dt.date

    @property
    def relaxed_accounts(self) -> int:
        """Accounts assigned with at least one rule relaxed."""
        return int((self.assignment.violations != "").sum())

    def problems(self) -> list[Msg]:
        """Why the assignment is not clean: relaxed rules (with fixes) and the capacity note."""
        note = self.assignment.capacity_note
        return [*([note] if note is not None else []), *self.assignment.explanations]

    def owner_columns(self) -> dict[str, npt.NDArray[Any]]:
        """The owners file as columns (raw text; the writer makes it spreadsheet-safe):
        ``account_id, owner_id, owner_name, previous_owner, moved, reason, violations``.

        Owner ids and names are looked up per position (a few thousand labels), then broadcast.
        """
        from postsale.core.assignment.summary import PoolStaff, pool_id, pool_label
        from postsale.keys import TIER_KEYS

        a, m = self.assignment, len(self.roster)
        tiers = [str(t) for t in TIER_KEYS]
        ids = np.array([*self.roster.person_id, *(pool_id(t) for t in tiers), "", ""],
                       dtype=object)
        names = np.array([*(str(self.roster.label(j)) for j in range(m)),
                          *(str(pool_label(t, self.pool_staff.get(t, PoolStaff(0))))
                            for t in tiers),
                          tr("assignment.label.unassigned"), tr("assignment.label.churned")],
                         dtype=object)
        pooled = (a.owner < 0) & (a.pool != None)  # noqa: E711 (elementwise)
        index = np.where(a.owner >= 0, a.owner,
                         np.where(pooled, m + self.plan.tiering.tier.astype(np.intp),
                                  np.where(a.churned, m + 4, m + 3)))
        return {
            "account_id": self.plan.book.account_id,
            "owner_id": ids[index],
            "owner_name": names[index],
            "previous_owner": a.previous_label,
            "moved": self.diff.moved,
            "reason": a.reason,
            "violations": a.violations,
        }

    def to_dict(self) -> dict[str, Any]:
        """The summary as JSON-ready data (``postsale assign --format json``)."""
        from postsale.report.assign_text import assignment_summary

        return assignment_summary(self)

    def __repr__(self) -> str:
        from postsale.notebook import assignment_repr

        return assignment_repr(self)

    def _repr_html_(self) -> str:
        from postsale.notebook import assignment_html

        return assignment_html(self)

    def to_frame(self, table: str = "owners", backend: Literal["pandas", "polars"] | None = None
                 ) -> Any:
        """``owners`` (one row per account) or ``people`` as a pandas (or polars) DataFrame."""
        from postsale.notebook import assignment_tables, to_frame

        return to_frame(assignment_tables(self), table, backend)


def assignment_rules(company: Company | None = None, tolerance: float | None = None
                     ) -> AssignmentRules:
    """The rules in effect: ``[assignment]`` benchmarks (lock days, time-zone limit, tolerance),
    the company's pooled tiers, and ``tolerance`` when given."""
    from postsale.core.assignment.assign import AssignmentRules

    table = benchmarks_in_effect(company)
    info = (company or Company()).company
    return AssignmentRules(
        require_region=table.value("assignment.require_region") >= 0.5,
        require_language=table.value("assignment.require_language") >= 0.5,
        max_timezone_hours=table.value("assignment.max_timezone_hours"),
        lock_days=int(table.value("assignment.lock_days")),
        tolerance=table.value("assignment.tolerance") if tolerance is None else tolerance,
        pooled_tiers=tuple(info.pooled_tiers),
    )


def run_assignment(run: PlanRun, company: Company | None = None, roster: Roster | None = None,
                   *, today: dt.date | None = None, tolerance: float | None = None,
                   notes: tuple[str | Msg, ...] = ()) -> AssignmentRun:
    """Assign the plan's book (C7). ``roster`` None: the book's current owners (its ``owner``
    column) with open requisitions from the recommended org chart for the plan's gap, or, when the
    book names no owner, the chart's positions (every seat an open requisition). ``today``
    defaults to the plan's date. Raises :class:`~postsale.errors.InfeasibleError` when nobody can
    own the book's named accounts."""
    from postsale.core.assignment import summary
    from postsale.core.assignment.assign import assign_book
    from postsale.core.assignment.current_owners import roster_from_owners
    from postsale.core.assignment.roster import (
        roster_from_chart,
        seat_cover,
        with_covered_tiers,
    )
    from postsale.core.assignment.workload import account_weights
    from postsale.errors import InfeasibleError
    from postsale.keys import TIER_KEYS

    company = company or Company()
    when = today or run.result.today
    tier = run.tiering.tier
    required = {r: int(n) for r, n in run.result.headcount.required.items()}
    if roster is None:
        org = run.result.org
        chart = replace(roster_from_chart(org.charts[org.recommended]),
                        source=Msg("assignment.source.recommended_chart",
                                   model=str(org.recommended)))
        owned = roster_from_owners(run.book, tier, required, chart)
        roster = with_covered_tiers(chart if owned is None else owned.roster,
                                    seat_cover(required))
        notes = notes if owned is None else (*notes, *owned.notes())
    rules = assignment_rules(company, tolerance)
    pooled = np.isin(tier, [k for k, t in enumerate(TIER_KEYS) if str(t) in rules.pooled_tiers])
    if len(roster) == 0 and not pooled.all():
        raise InfeasibleError([Msg("errors.api.no_owner", n=int((~pooled).sum()),
                                   roster=roster.source)])
    roster, renamed = _aligned_regions(run.book, roster)
    notes = (*notes, *renamed)
    effort = run.result.headcount.effort
    books = [effort.tiers[t].implied_accounts_per_csm for t in TIER_KEYS] \
        if effort is not None and effort.sizing == "effort" else None
    weights = account_weights(run.book, tier, benchmarks_in_effect(company), when,
                              company.company.automation_maturity, books)
    result = assign_book(run.book, tier, weights, roster, rules, when, pinned=run.book.pinned)
    notes = (*notes, *summary.roster_mismatches(run.book, roster))
    return AssignmentRun(
        plan=run, roster=roster, rules=rules, assignment=result,
        books=summary.person_books(run.book, result, roster, rules.pooled_tiers, when),
        pools=summary.pool_books(run.book, result, tier),
        pool_staff=summary.pool_staffing(required, rules.pooled_tiers),
        diff=summary.diff(result, tier, len(roster)),
        imbalance=summary.imbalance(result, roster, rules.pooled_tiers, tier), notes=notes,
        today=when,
    )


def _aligned_regions(book: AccountBook, roster: Roster) -> tuple[Roster, tuple[Msg, ...]]:
    """The roster with its regions in the book's spelling (``AMER`` → ``Americas``), and a note
    per renamed region (see ``postsale.core.assignment.regions``)."""
    from postsale.core.assignment.regions import align_regions
    from postsale.io.localize import region_aliases

    if not any(roster.region):
        return roster, ()
    labels = book.codes("region")[0]
    regions, renamed = align_regions(roster.region, labels, region_aliases())
    if not renamed:
        return roster, ()
    return replace(roster, region=regions), tuple(
        Msg("assignment.region_aligned", stated=stated, book=book_name)
        for stated, book_name in renamed)


def assign(
    accounts: AccountBook | str | Path | DataFrame,
    company: Company | str | Path | Mapping[str, Any] | None = None,
    *,
    team: str | Path | None = None,
    today: dt.date | None = None,
    tolerance: float | None = None,
    subscriptions: str | Path | None = None,
    opportunities: str | Path | None = None,
    tickets: str | Path | None = None,
) -> AssignmentRun:
    """Assign an account book (path or AccountBook) to a team file's people; when ``team`` is None,
    to the book's current owners plus open requisitions for the plan's gap (or, with no owner in
    the book, to the recommended org chart's positions)."""
    if isinstance(company, Mapping):
        company = company_from_mapping(company, "company mapping", default_benchmarks())
    elif company is not None and not isinstance(company, Company):
        company = load_company_file(company)
    when = today or dt.date.today()
    roster: Roster | None = None
    notes: tuple[str, ...] = ()
    if team is not None:
        from postsale.io.team_file import read_team

        loaded = read_team(team, when)
        roster, notes = loaded.roster, loaded.summary_notes()
    book_notes: tuple[Warning, ...] = ()
    if not isinstance(accounts, AccountBook):
        book, company, book_notes = load_book(accounts, company or Company(), today=when,
                                              subscriptions=subscriptions,
                                              opportunities=opportunities, tickets=tickets)
    else:
        book = accounts
    run = run_plan(book, company, today=when, notes=book_notes)
    return run_assignment(run, company, roster, today=when, tolerance=tolerance, notes=notes)


def run_projection(
    book: AccountBook, company: Company | None = None, *, today: dt.date | None = None,
    months: int | None = None, paths: int | None = None, seed: int | None = None,
    notes: tuple[Warning, ...] = (), source: str = "the account book",
) -> ProjectionResult:
    """Project a book forward (C8). ``months``/``paths`` default to the company file's
    ``[projection]`` (24 and 1,000); without ``seed`` one is drawn and reported in the result, so
    any run can be repeated exactly. ``source`` names the book in errors."""
    from postsale.core.projection.project import build_projection

    company = company or Company()
    when = today or dt.date.today()
    horizon = months if months is not None else company.projection.months
    count = paths if paths is not None else company.projection.paths
    for name, value, low, high in (("--months", horizon, 1, 120), ("--paths", count, 1, 100_000)):
        if not low <= value <= high:
            raise ConfigError(name, None, Msg("errors.api.out_of_range", value=str(value)),
                              Msg("errors.api.out_of_range.fix", low=low, high=high))
    if horizon * count > MAX_PATH_MONTHS:  # memory grows with paths × months (~2 KB each)
        raise ConfigError("--paths", None, Msg("errors.api.path_months", paths=count,
                                               months=horizon, limit=MAX_PATH_MONTHS),
                          Msg("errors.api.path_months.fix", paths=MAX_PATH_MONTHS // horizon,
                              months=horizon))
    if seed is not None and not 0 <= seed < 2**63:
        raise ConfigError("--seed", None, Msg("errors.api.out_of_range", value=str(seed)),
                          Msg("errors.api.seed.fix"))
    if not book.active.any():
        raise InputError([InputProblem(
            file=source, row=None, column="arr",
            problem=Msg("errors.api.no_live", n=len(book)),
            fix=Msg("errors.api.no_live.fix"))])
    # one truth across commands: the projection grows the plan's recommended (funded) inputs, and
    # carries the organization model's seats beyond the role formulas, so month 0 = the plan
    from postsale.core.funding import funded_inputs
    from postsale.core.rebalance import rebalance
    from postsale.keys import Role

    planned = run_plan(book, company, today=when).result
    funded_company, funded_benchmarks = funded_inputs(company, benchmarks_in_effect(company),
                                                      planned.funding)
    structure = {Role(r): planned.headcount.required[r] - planned.headcount.role_based.get(r, 0)
                 for r in planned.headcount.required if r != "total"}
    # the team in seat as the plan sees it (the owners it took when [team] is missing), by the
    # plan's titles after retitling (fungible capacity)
    hc = planned.headcount
    team = rebalance({Role(r): n for r, n in hc.current.items() if r != "total"},
                     {Role(r): n for r, n in hc.required.items() if r != "total"}).after
    funded_company = funded_company.model_copy(update={"team": {r: n for r, n in team.items() if n}})
    chosen = seed if seed is not None else secrets.randbelow(2**32)
    # the plan's and the scenarios' simulations are independent; numpy releases the GIL in its
    # large array work, so threads overlap them (about 1.3× on 2 cores), same result either way
    workers = min(4, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers) if workers > 1 else nullcontext() as pool:
        result = build_projection(book, funded_company, funded_benchmarks, when,
                                  months=horizon, paths=count, seed=chosen, executor=pool,
                                  structure={r: d for r, d in structure.items() if d},
                                  budget=_people_budget(planned),
                                  budget_share=_budget_share(planned))
    if notes:
        result = result.model_copy(update={"warnings": (*result.warnings, *notes)})
    return result


def _budget_share(planned: PlanResult) -> float | None:
    """A share-of-ARR budget (the default, or ``[budget] share``): it grows with the book, so the
    projection funds each month's hires within that share of the month's ARR."""
    budget = planned.economics.budget
    return None if budget is None or budget.basis == "company_amount" else budget.share


def _people_budget(planned: PlanResult) -> float | None:
    """The annual amount the people in seat may cost during a projection: a ``[budget] amount``
    less today's technology cost. A share-of-ARR budget grows with ARR, so it caps no fixed run
    rate; it is passed as a share instead (:func:`_budget_share`)."""
    budget = planned.economics.budget
    if budget is None or budget.basis != "company_amount":
        return None
    return max(0.0, budget.amount - planned.economics.technology_cost)


def project(
    accounts: AccountBook | str | Path | DataFrame,
    company: Company | str | Path | Mapping[str, Any] | None = None,
    *,
    today: dt.date | None = None,
    months: int | None = None,
    paths: int | None = None,
    seed: int | None = None,
    subscriptions: str | Path | None = None,
    opportunities: str | Path | None = None,
    tickets: str | Path | None = None,
) -> ProjectionResult:
    """Project the organization month by month: growth, headcount, hiring calendar, cost,
    P10/P50/P90 bands and scenarios (``postsale project``)."""
    if isinstance(company, Mapping):
        company = company_from_mapping(company, "company mapping", default_benchmarks())
    elif company is not None and not isinstance(company, Company):
        company = load_company_file(company)
    notes: tuple[Warning, ...] = ()
    if not isinstance(accounts, AccountBook):
        book, company, notes = load_book(accounts, company or Company(), today=today,
                                         subscriptions=subscriptions, opportunities=opportunities,
                                         tickets=tickets)
        from postsale.io.frames import source_name

        source = source_name(accounts)
    else:
        book, source = accounts, "the account book"
    return run_projection(book, company, today=today, months=months, paths=paths, seed=seed,
                          notes=notes, source=source)
