"""Capacity (C4, DOMAIN.md §1 and §4): required headcount per role key, each with its formula.

CSMs come from accounts per CSM by tier; implementation specialists from the onboarding pipeline
(the larger of the concurrent-load and annual-throughput needs — S0 gives both "8–15 concurrent" and
"25–45 a year at 4–8 weeks", which are not the same capacity, so the plan checks both); support from
tickets per engineer per day when the book has tickets, else customers per engineer by product
complexity; renewals from the next-12-month renewal pipeline (÷ ~100; 40–60 for complex enterprise);
CS Ops from CSM count and automation maturity (none below ~8 CSMs); leadership from spans of control.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from postsale.core.capacity_text import onboarding_mode, renewal_owner
from postsale.core.effort import cs_ops_staffing, effort_formulas, seat_fte
from postsale.core.leadership import leadership
from postsale.core.msg import Msg
from postsale.core.projection.first_year import FirstYear, first_year
from postsale.core.projection.first_year import arrival_share as arrival_mix
from postsale.core.ratios import accounts_per_csm_key, cost_key
from postsale.core.support import staffing as support_queue
from postsale.core.support.profile import Hub
from postsale.core.tiering import HIGH, TECH, TieringResult
from postsale.core.workload_facts import (
    DAYS_PER_YEAR,
    book_facts,
    complex_renewal,
    days_to_next_renewal,
    live_book,
)
from postsale.keys import (
    CSM_ROLE_BY_TIER,
    ROLE_KEYS,
    TIER_KEYS,
    Role,
    Tier,
)
from postsale.results import Headcount, RoleRequirement

__all__ = [
    "DAYS_PER_YEAR",
    "Workload",
    "WorkloadArrays",
    "complex_renewal",
    "csm_seats",
    "days_to_next_renewal",
    "desk_renewals",
    "implementation_fte",
    "leadership",
    "measure_workload",
    "required_headcount",
    "role_counts",
    "specialist_onboarding_share",
]

@dataclass(frozen=True)
class Workload:
    """Facts measured on the book once, shared by capacity, triggers and diagnosis."""

    customers: int
    arr: float
    tier_accounts: tuple[int, int, int]
    tier_arr: tuple[float, float, float]
    onboarding_in_progress: int
    onboarding_not_started: int
    onboarding_known: bool
    new_customers_per_year: float
    new_customers_source: Msg
    implementation_weeks: float
    implementation_weeks_from_book: bool
    tickets_known: bool
    tickets_per_day: float
    renewals_known: bool
    renewals_standard_12m: int
    renewals_complex_12m: int
    at_risk_tech_touch: int
    health_known: bool
    # Per tier (TIER_KEYS order), so ownership and onboarding mode can be applied per tier; None
    # (hand-built workloads) means "not split": every renewal and onboarding counts.
    renewals_by_tier: tuple[int, int, int] | None = None  # standard (non-complex) renewals
    onboarding_by_tier: tuple[int, int, int] | None = None
    new_customers_share: tuple[float, float, float] | None = None
    tickets_by_tier: tuple[float, float, float] | None = None  # tickets a month per tier
    month_to_month: int = 0  # live accounts on month-to-month terms: no renewal event
    # [support.channels]: follow-the-sun hubs from the book's time zones (None: none or no zones)
    # and whether the ticket volume came from the channels' tickets_per_day (core/support)
    support_hubs: tuple[Hub, ...] | None = None
    tickets_from_company: bool = False

    @property
    def onboarding_active(self) -> int:
        return self.onboarding_in_progress + self.onboarding_not_started

    @property
    def renewals_12m(self) -> int:
        return self.renewals_standard_12m + self.renewals_complex_12m


def measure_workload(
    book: AccountBook, tiering: TieringResult, benchmarks: Benchmarks, company: Company,
    today: dt.date, new_customers: FirstYear | None = None,
) -> Workload:
    """Vectorized measurements of the book (no per-account Python loops). ``new_customers``: the
    next 12 months' new customers when the caller has them already (a projection does).

    The tier-independent facts are measured once per book (``workload_facts``); a tiering only
    adds its per-tier counts."""
    f = book_facts(book, benchmarks, today)
    tier = tiering.tier
    live_tier = tier[f.live]
    counts = np.bincount(live_tier, minlength=3)
    arr_by_tier = np.bincount(live_tier, weights=f.live_arr, minlength=3)
    customers = f.customers
    trailing = f.trailing
    # The [[growth]] customer targets set the pace of new customers: the growth they ask for in the
    # next 12 months plus the customers who replace the ones expected to churn.
    targets = sorted((g for g in company.growth if g.customers is not None), key=lambda g: g.months)
    growth_rate = 0.0
    if targets and customers > 0:
        year = new_customers or first_year(live_book(book, f),
                                            tier if f.all_active else tier[f.active], company,
                                            benchmarks)
        growth_rate = year.gross
    if growth_rate > trailing:
        new_per_year = growth_rate
        new_source = Msg("capacity.source.growth_target", customers=targets[0].customers,
                         months=targets[0].months, net=year.net, replacing=year.replacing_churn,
                         retention=year.retention_source)
    else:
        new_per_year = float(trailing)
        new_source = Msg("capacity.source.started") if "start_date" in book.present \
            else Msg("capacity.source.none")

    mean_weeks = f.mean_weeks
    onboarding_count = f.onboarding_in_progress + f.onboarding_not_started
    onboarding_tiers = np.bincount(tier[f.onboarding_rows], minlength=3)
    pipeline = False
    if new_source.code == "capacity.source.none" and "onboarding_status" in book.present \
            and mean_weeks > 0 and onboarding_count > 0:
        # One throughput model (DOMAIN.md §10.2): without start dates or targets, the accounts in
        # onboarding now are the pipeline, arriving at their count every implementation length.
        new_per_year = float(onboarding_count) * 52.0 / mean_weeks
        new_source = Msg("capacity.source.pipeline", accounts=onboarding_count, weeks=mean_weeks)
        pipeline = True
    share = arrival_mix(company)
    if share is None and pipeline:
        # the pipeline's own tiers, not the whole book's: an account that is not onboarding
        # changes neither the pipeline nor who onboards it
        share = onboarding_tiers / onboarding_tiers.sum()
    if share is None:
        basis = f.recent if new_per_year == float(trailing) and trailing > 0 else f.active
        mix = np.bincount(tier[basis], minlength=3).astype(np.float64)
        share = mix / mix.sum() if mix.sum() > 0 else np.array([0.0, 1.0, 0.0])

    by_tier_tickets = np.bincount(live_tier, weights=f.monthly_tickets, minlength=3)

    renewing_tier = tier[f.renewing_rows]
    complex_ = (renewing_tier == HIGH) & f.renewing_complex
    by_tier = np.bincount(renewing_tier[~complex_], minlength=3)
    renewals_complex = int(complex_.sum())
    at_risk = int((tier[f.at_risk_rows] == TECH).sum())
    tickets_known, tickets_per_day, from_company = support_queue.channel_volume(
        company, f.tickets_known, f.tickets_per_day)
    return Workload(
        customers=customers,
        arr=f.arr,
        tier_accounts=(int(counts[0]), int(counts[1]), int(counts[2])),
        tier_arr=(float(arr_by_tier[0]), float(arr_by_tier[1]), float(arr_by_tier[2])),
        onboarding_in_progress=f.onboarding_in_progress,
        onboarding_not_started=f.onboarding_not_started,
        onboarding_known="onboarding_status" in book.present,
        new_customers_per_year=new_per_year,
        new_customers_source=new_source,
        implementation_weeks=mean_weeks,
        implementation_weeks_from_book=f.weeks_from_book,
        tickets_known=tickets_known,
        tickets_per_day=tickets_per_day,
        renewals_known="renewal_date" in book.present,
        renewals_standard_12m=int(f.renewing_rows.size) - renewals_complex,
        renewals_complex_12m=renewals_complex,
        at_risk_tech_touch=at_risk,
        health_known="health_score" in book.present,
        renewals_by_tier=(int(by_tier[0]), int(by_tier[1]), int(by_tier[2])),
        onboarding_by_tier=(int(onboarding_tiers[0]), int(onboarding_tiers[1]),
                            int(onboarding_tiers[2])),
        new_customers_share=(float(share[0]), float(share[1]), float(share[2])),
        tickets_by_tier=(float(by_tier_tickets[0]), float(by_tier_tickets[1]),
                         float(by_tier_tickets[2])) if f.tickets_known else None,
        month_to_month=f.month_to_month,
        support_hubs=support_queue.measure_hubs(book, f.live, f.monthly_tickets, f.tickets_known,
                                                company, benchmarks, today),
        tickets_from_company=from_company,
    )


@dataclass(frozen=True, eq=False)
class WorkloadArrays:
    """The workload facts that size the roles, as arrays of any common shape (e.g. paths × months).

    ``tier_accounts`` has a trailing axis of 3 tiers; ``tickets_per_day`` is ``None`` when the book
    has no ticket data (support is then sized by customers).
    """

    tier_accounts: npt.NDArray[np.int64]
    onboarding_active: npt.NDArray[np.float64]
    new_customers_per_year: npt.NDArray[np.float64]
    implementation_weeks: float
    tickets_per_day: npt.NDArray[np.float64] | None
    renewals_standard_12m: npt.NDArray[np.float64]
    renewals_complex_12m: npt.NDArray[np.float64]
    customers: npt.NDArray[np.int64] | None = None  # default: the sum over tiers
    # Per-tier splits (trailing axis of 3 tiers) so ownership and onboarding mode apply per tier;
    # None: not split (every renewal is desk work, every onboarding a specialist's).
    renewals_by_tier: npt.NDArray[np.float64] | None = None
    onboarding_by_tier: npt.NDArray[np.float64] | None = None
    new_customers_share: npt.NDArray[np.float64] | None = None  # (3,)
    tech_at_risk: npt.NDArray[np.float64] | None = None  # None: no health data
    support_hubs: tuple[Hub, ...] | None = None  # follow-the-sun hubs ([support.channels])

    @classmethod
    def of(cls, workload: Workload) -> WorkloadArrays:
        """The 0-d arrays of one measured workload."""
        return cls(
            tier_accounts=np.asarray(workload.tier_accounts, dtype=np.int64),
            onboarding_active=np.asarray(float(workload.onboarding_active)),
            new_customers_per_year=np.asarray(workload.new_customers_per_year),
            implementation_weeks=workload.implementation_weeks,
            tickets_per_day=np.asarray(workload.tickets_per_day) if workload.tickets_known else None,
            renewals_standard_12m=np.asarray(float(workload.renewals_standard_12m)),
            renewals_complex_12m=np.asarray(float(workload.renewals_complex_12m)),
            customers=np.asarray(workload.customers, dtype=np.int64),
            renewals_by_tier=None if workload.renewals_by_tier is None
            else np.asarray(workload.renewals_by_tier, dtype=np.float64),
            onboarding_by_tier=None if workload.onboarding_by_tier is None
            else np.asarray(workload.onboarding_by_tier, dtype=np.float64),
            new_customers_share=None if workload.new_customers_share is None
            else np.asarray(workload.new_customers_share, dtype=np.float64),
            tech_at_risk=np.asarray(float(workload.at_risk_tech_touch)) if workload.health_known
            else None,
            support_hubs=workload.support_hubs,
        )


def _staffed_array(fte: npt.NDArray[np.float64], min_fte: float) -> npt.NDArray[np.int64]:
    """A specialist role is staffed once its workload reaches ``min_fte``; then whole people."""
    return np.where(fte < min_fte, 0, np.ceil(fte - 1e-9)).astype(np.int64)


def csm_seats(fte: npt.NDArray[np.float64]) -> dict[Role, npt.NDArray[np.int64]]:
    """Whole CSM seats per tier from FTE (trailing axis of 3 tiers), capacity being fungible.

    Each tier gets its whole people; the fractions left over are pooled and staffed once, by the
    tiers with the largest remainders (largest-remainder rounding). A tier too small for a seat is
    covered by another tier's CSM — never a full CSM for 1–3 accounts — and the total is
    ceil(Σ FTE), not Σ ceil(FTE) (issue 10 item 4).
    """
    fte = np.asarray(fte, dtype=np.float64)
    whole = np.floor(fte + 1e-9)
    rest = np.clip(fte - whole, 0.0, None)
    extra = np.ceil(rest.sum(axis=-1) - 1e-9).astype(np.int64)
    order = np.argsort(-rest, axis=-1, kind="stable")  # largest remainder first
    rank = np.argsort(order, axis=-1, kind="stable")
    seats = whole.astype(np.int64) + (rank < extra[..., None]).astype(np.int64)
    return {CSM_ROLE_BY_TIER[t]: seats[..., i] for i, t in enumerate(TIER_KEYS)}


def implementation_fte(w: WorkloadArrays, benchmarks: Benchmarks, company: Company
                       ) -> npt.NDArray[np.float64]:
    """Implementation FTE: new customers onboarded by specialists a year ÷ annual throughput.

    One throughput model (DOMAIN.md §10.2): S0's 25–45 implementations a year at 4–8 weeks
    (``capacity.implementations_per_year`` at ``capacity.implementation_weeks``), scaled inversely
    by the book's implementation length; S0's "8–15 concurrent" is shown as a check. Only tiers
    whose ``[onboarding]`` mode is ``specialist`` count; 0 weeks is self-serve (no specialist).
    """
    weeks = w.implementation_weeks
    if not math.isfinite(weeks) or weeks <= 0:
        return np.zeros(np.shape(w.new_customers_per_year))
    share = specialist_onboarding_share(w, company)
    per_year = (benchmarks.value("capacity.implementations_per_year")
                * benchmarks.value("capacity.implementation_weeks") / weeks)
    return np.asarray(w.new_customers_per_year * share / per_year, dtype=np.float64)


def specialist_onboarding_share(w: WorkloadArrays, company: Company) -> float:
    """The share of new customers whose tier is onboarded by implementation specialists."""
    mask = np.array([company.onboarding[t] == "specialist" for t in TIER_KEYS], dtype=np.float64)
    if w.new_customers_share is None:
        return 1.0
    return float(np.asarray(w.new_customers_share) @ mask)


def desk_renewals(w: WorkloadArrays, company: Company
                  ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Standard and complex renewals a renewals desk carries, by ``[renewals]`` owner per tier.

    ``csm`` (high-touch default, S3), ``automatic`` (tech-touch default, S3) and ``sales`` (S4)
    staff no renewals specialist; ``desk`` (low-touch default, S0 ÷ 100, complex ÷ 50) does.
    """
    desk = np.array([company.renewals[t] == "desk" for t in TIER_KEYS], dtype=np.float64)
    if w.renewals_by_tier is not None:
        standard = np.asarray(w.renewals_by_tier, dtype=np.float64) @ desk
    else:
        standard = np.asarray(w.renewals_standard_12m, dtype=np.float64)
    complex_ = np.asarray(w.renewals_complex_12m, dtype=np.float64) * desk[0]
    return np.asarray(standard, dtype=np.float64), complex_


def role_counts(
    w: WorkloadArrays, benchmarks: Benchmarks, company: Company
) -> tuple[dict[Role, npt.NDArray[np.int64]], dict[Role, npt.NDArray[np.float64]]]:
    """Required headcount and workload FTE per role key, element-wise over the arrays of ``w``.

    The one implementation of the capacity rules: the plan calls it on one workload (0-d arrays),
    projections on every path and month at once. Leadership layers are evaluated once per distinct
    (people, CSMs, customers, functions) combination.
    """
    info = company.company
    min_fte = benchmarks.value("capacity.min_fte_for_dedicated_role")
    counts: dict[Role, npt.NDArray[np.int64]] = {}
    ftes: dict[Role, npt.NDArray[np.float64]] = {}
    accounts = np.asarray(w.tier_accounts, dtype=np.int64)
    customers = accounts.sum(axis=-1) if w.customers is None else np.asarray(w.customers)
    for i, tier in enumerate(TIER_KEYS):
        ratio = benchmarks.value(accounts_per_csm_key(tier, benchmarks, info.automation_maturity))
        fte = accounts[..., i] / ratio
        if tier is Tier.TECH_TOUCH and w.tech_at_risk is not None:
            # S0: tech-touch is staffed on health-score capacity, not raw count (DOMAIN.md §10.4)
            fte = np.asarray(w.tech_at_risk, dtype=np.float64) / benchmarks.value(
                "capacity.at_risk_tech_touch_per_csm")
        ftes[CSM_ROLE_BY_TIER[tier]] = np.asarray(fte, dtype=np.float64)
    # [headcount] sizing = "effort": the service catalogue's hours size CSMs, implementation and
    # CS Ops instead of the ratios (core/effort.py, issue 12)
    effort = seat_fte(w, benchmarks, company) if company.headcount.sizing == "effort" else None
    if effort is not None:
        ftes.update({r: effort[r] for r in CSM_ROLE_BY_TIER.values()})
    seats = csm_seats(np.stack([ftes[CSM_ROLE_BY_TIER[t]] for t in TIER_KEYS], axis=-1))
    # someone owns the customers: a book with customers and no CSM work still gets one pooled CSM,
    # in the tier with the most accounts (a tech-touch program's escalations, renewals, advocacy)
    nobody = (sum(seats.values()) == 0) & (customers > 0)
    largest = np.argmax(accounts, axis=-1)
    for i, tier in enumerate(TIER_KEYS):
        role = CSM_ROLE_BY_TIER[tier]
        counts[role] = (seats[role] + (nobody & (largest == i))).astype(np.int64)

    fte = implementation_fte(w, benchmarks, company) if effort is None \
        else effort[Role.IMPLEMENTATION_SPECIALIST]
    ftes[Role.IMPLEMENTATION_SPECIALIST] = fte
    counts[Role.IMPLEMENTATION_SPECIALIST] = _staffed_array(fte, min_fte)

    queue = support_queue.uses_queue(company, w.tickets_per_day is not None)
    if queue and w.tickets_per_day is not None:  # [support.channels]: queues per channel
        fte = support_queue.support_fte(w.tickets_per_day, company, benchmarks, w.support_hubs)
    elif w.tickets_per_day is not None:
        # tickets size the throughput; S0's 50–200 customers per engineer (the simple-product 200)
        # is the coverage floor for the human-touch customers (tech-touch is served by self-serve,
        # chatbot and community, S3): an enterprise book with few tickets still has support
        human = accounts[..., 0] + accounts[..., 1]
        fte = np.maximum(
            w.tickets_per_day / benchmarks.value("capacity.tickets_per_engineer_per_day"),
            human / benchmarks.value("capacity.customers_per_support_engineer.low"))
    else:
        fte = customers / benchmarks.value(
            f"capacity.customers_per_support_engineer.{info.product_complexity}")
    ftes[Role.SUPPORT_ENGINEER] = np.asarray(fte, dtype=np.float64)
    counts[Role.SUPPORT_ENGINEER] = np.ceil(ftes[Role.SUPPORT_ENGINEER] - 1e-9).astype(np.int64) \
        if queue else _staffed_array(ftes[Role.SUPPORT_ENGINEER], min_fte)

    standard, complex_ = desk_renewals(w, company)
    fte = (standard / benchmarks.value("capacity.renewals_per_specialist")
           + complex_ / benchmarks.value("capacity.renewals_per_specialist_complex"))
    ftes[Role.RENEWALS_SPECIALIST] = np.asarray(fte, dtype=np.float64)
    counts[Role.RENEWALS_SPECIALIST] = _staffed_array(fte, min_fte)

    csms = np.sum([counts[CSM_ROLE_BY_TIER[t]] for t in TIER_KEYS], axis=0)
    ops_key = "capacity.csms_per_cs_ops_mature" if info.automation_maturity == "mature" \
        else "capacity.csms_per_cs_ops"
    ratio = benchmarks.value(ops_key)
    first_at = benchmarks.value("capacity.cs_ops_first_at_csms")
    ops = np.where(csms < first_at, 0, np.maximum(1, np.floor(csms / ratio + 0.5)))
    # S3: the tech-touch program is run by a small CS Ops / content and enablement team
    tech = accounts[..., TIER_KEYS.index(Tier.TECH_TOUCH)]
    program = np.where(tech >= benchmarks.value("capacity.tech_touch_program_min_accounts"),
                       np.ceil(tech / benchmarks.value("capacity.tech_touch_accounts_per_program_staff")),
                       0)
    ftes[Role.CS_OPS] = np.maximum(np.asarray(csms / ratio, dtype=np.float64), program)
    counts[Role.CS_OPS] = np.maximum(ops, program).astype(np.int64)
    if effort is not None:
        ftes[Role.CS_OPS], counts[Role.CS_OPS] = cs_ops_staffing(csms, effort[Role.CS_OPS],
                                                                benchmarks, company)
    counts[Role.TAM] = np.zeros_like(customers)
    ftes[Role.TAM] = np.zeros(customers.shape)

    ics = sum(counts[r] for r in counts)
    functions = sum((counts[r] > 0).astype(np.int64) for r in (
        Role.IMPLEMENTATION_SPECIALIST, Role.SUPPORT_ENGINEER, Role.RENEWALS_SPECIALIST)) + (csms > 0)
    # customers only matter against the CCO threshold: clipping keeps the distinct combinations few
    capped = np.minimum(customers, int(benchmarks.value("spans.cco_min_customers")))
    # one int64 key per combination (a 1-D unique sorts numbers, not rows: ~10× faster on the
    # paths × months of a projection), decoded back for the distinct ones
    columns = [np.asarray(c, dtype=np.int64).reshape(-1)
               for c in np.broadcast_arrays(ics, csms, capped, functions)]
    radix = [int(c.max(initial=0)) + 1 for c in columns]
    key = columns[0]
    for column, base in zip(columns[1:], radix[1:], strict=True):
        key = key * base + column
    unique_keys, inverse = np.unique(key, return_inverse=True)
    unique = np.empty((unique_keys.size, 4), dtype=np.int64)
    rest = unique_keys.copy()
    for j in (3, 2, 1):
        unique[:, j] = rest % radix[j]
        rest //= radix[j]
    unique[:, 0] = rest
    layers = [leadership(int(c[0]), int(c[1]), int(c[2]), int(c[3]), benchmarks) for c in unique]
    for role in (Role.TEAM_LEAD, Role.MANAGER, Role.DIRECTOR, Role.VP, Role.CCO):
        per_combo = np.array([layer[role][0] for layer in layers], dtype=np.int64)
        counts[role] = per_combo[inverse.reshape(-1)].reshape(customers.shape)
        ftes[role] = counts[role].astype(np.float64)
    # S0: a team lead "often still carries accounts" — part of a book each (DOMAIN.md §10.5), so
    # the CSM seats they lead shrink by whole books (low-touch first, then high, then tech)
    carried = np.floor(counts[Role.TEAM_LEAD] * benchmarks.value("spans.team_lead_book_share")
                       + 1e-9).astype(np.int64)
    for tier in (Tier.LOW_TOUCH, Tier.HIGH_TOUCH, Tier.TECH_TOUCH):
        role = CSM_ROLE_BY_TIER[tier]
        take = np.minimum(carried, counts[role])
        counts[role] = counts[role] - take
        carried = carried - take
    return counts, ftes


def required_headcount(
    workload: Workload, benchmarks: Benchmarks, company: Company
) -> Headcount:
    """Required headcount per role with formulas, compared with ``[team]``.

    Counts and FTE come from ``role_counts`` (the one implementation of the rules); this function
    adds the formula text and the benchmark keys behind every figure.
    """
    info = company.company
    min_fte = benchmarks.value("capacity.min_fte_for_dedicated_role")
    arrays = WorkloadArrays.of(workload)
    count_arrays, fte_arrays = role_counts(arrays, benchmarks, company)
    count = {role: int(v) for role, v in count_arrays.items()}
    fte = {role: float(v) for role, v in fte_arrays.items()}
    rows: dict[Role, tuple[Msg | str, tuple[str, ...]]] = {}

    for i, tier in enumerate(TIER_KEYS):
        key = accounts_per_csm_key(tier, benchmarks, info.automation_maturity)
        rows[CSM_ROLE_BY_TIER[tier]] = (
            Msg("capacity.csm", accounts=workload.tier_accounts[i], tier=str(tier),
                per_csm=benchmarks.value(key), fte=fte[CSM_ROLE_BY_TIER[tier]]),
            (key,))
    if workload.health_known:
        per = benchmarks.value("capacity.at_risk_tech_touch_per_csm")
        rows[Role.CSM_TECH_TOUCH] = (
            Msg("capacity.csm_at_risk", at_risk=workload.at_risk_tech_touch,
                min_acv=benchmarks.value("capacity.tech_touch_human_min_acv"),
                accounts=workload.tier_accounts[2], per=per, fte=fte[Role.CSM_TECH_TOUCH]),
            ("capacity.at_risk_tech_touch_per_csm", "tiering.at_risk_health",
             "capacity.tech_touch_human_min_acv"))

    conc_key = f"capacity.implementations_concurrent.{info.product_complexity}"
    concurrent = benchmarks.value(conc_key)
    weeks = workload.implementation_weeks
    modes = tuple(onboarding_mode(t, company.onboarding[t]) for t in TIER_KEYS)
    impl_sources = (conc_key, "capacity.implementations_per_year", "capacity.implementation_weeks",
                    "capacity.min_fte_for_dedicated_role")
    if weeks <= 0:
        rows[Role.IMPLEMENTATION_SPECIALIST] = (
            Msg("capacity.implementation.self_serve"), impl_sources)
    else:
        share = specialist_onboarding_share(arrays, company)
        per_year = (benchmarks.value("capacity.implementations_per_year")
                    * benchmarks.value("capacity.implementation_weeks") / weeks)
        new_h = workload.new_customers_per_year * share
        concurrent_fte = new_h * weeks / 52.0 / concurrent
        rows[Role.IMPLEMENTATION_SPECIALIST] = (
            Msg("capacity.implementation", new=new_h, share=share,
                total=workload.new_customers_per_year, source=workload.new_customers_source,
                modes=modes, per_year=per_year, weeks=weeks,
                fte=fte[Role.IMPLEMENTATION_SPECIALIST], concurrent_fte=concurrent_fte,
                concurrent=concurrent, onboarding=workload.onboarding_active, min_fte=min_fte),
            impl_sources)
    support_fte = fte[Role.SUPPORT_ENGINEER]
    support = None
    sources: tuple[str, ...]
    formula: Msg | str
    if support_queue.uses_queue(company, workload.tickets_known):
        support = support_queue.support_staffing(
            workload.tickets_per_day, workload.tickets_from_company, workload.customers, company,
            benchmarks, workload.support_hubs)
        queue_formula, sources = support_queue.formula(support)
        formula = queue_formula
    elif workload.tickets_known:
        human = workload.tier_accounts[0] + workload.tier_accounts[1]
        floor_ratio = benchmarks.value("capacity.customers_per_support_engineer.low")
        formula = Msg("capacity.support.tickets", tickets=workload.tickets_per_day,
                      per_engineer=benchmarks.value("capacity.tickets_per_engineer_per_day"),
                      human=human, floor=floor_ratio, fte=support_fte)
        sources = ("capacity.tickets_per_engineer_per_day",
                                    "capacity.working_days_per_month",
                                    "capacity.customers_per_support_engineer.low")
    else:
        key = f"capacity.customers_per_support_engineer.{info.product_complexity}"
        formula = Msg("capacity.support.customers", customers=workload.customers,
                      per_engineer=benchmarks.value(key), complexity=info.product_complexity,
                      fte=support_fte)
        sources = (key,)
        if company.support.channels:
            formula = Msg("capacity.support.channels_need_volume", formula=formula)
    if support is None:
        rows[Role.SUPPORT_ENGINEER] = (Msg("capacity.staffed_from", formula=formula,
                                           min_fte=min_fte),
                                       (*sources, "capacity.min_fte_for_dedicated_role"))
    else:
        rows[Role.SUPPORT_ENGINEER] = (formula, sources)

    standard, complex_ = desk_renewals(arrays, company)
    renewals = Msg("capacity.renewals", standard=float(standard),
                   per=benchmarks.value("capacity.renewals_per_specialist"),
                   complex=float(complex_),
                   per_complex=benchmarks.value("capacity.renewals_per_specialist_complex"),
                   fte=fte[Role.RENEWALS_SPECIALIST],
                   owners=tuple(renewal_owner(t, company.renewals[t]) for t in TIER_KEYS))
    if workload.month_to_month:
        renewals = Msg("capacity.renewals.month_to_month", formula=renewals,
                       accounts=workload.month_to_month)
    if not workload.renewals_known:
        renewals = Msg("capacity.renewals.no_dates", formula=renewals)
    rows[Role.RENEWALS_SPECIALIST] = (
        renewals,
        ("capacity.renewals_per_specialist", "capacity.renewals_per_specialist_complex",
         "capacity.min_fte_for_dedicated_role"),
    )

    # the CS Ops and leadership rules saw the CSM books before team leads took part of them
    book_share = benchmarks.value("spans.team_lead_book_share")
    carried = math.floor(count[Role.TEAM_LEAD] * book_share + 1e-9)
    csms = sum(count[CSM_ROLE_BY_TIER[t]] for t in TIER_KEYS) + carried
    ops_key = "capacity.csms_per_cs_ops_mature" if info.automation_maturity == "mature" \
        else "capacity.csms_per_cs_ops"
    first_at = benchmarks.value("capacity.cs_ops_first_at_csms")
    tech = workload.tier_accounts[2]
    program_min = benchmarks.value("capacity.tech_touch_program_min_accounts")
    per_staff = benchmarks.value("capacity.tech_touch_accounts_per_program_staff")
    program = math.ceil(tech / per_staff) if tech >= program_min else 0
    if csms < first_at:
        by_csms = Msg("capacity.cs_ops.leader", csms=csms, first_at=first_at)
    elif info.automation_maturity == "mature":
        by_csms = Msg("capacity.cs_ops.mature", csms=csms, per=benchmarks.value(ops_key))
    else:
        by_csms = Msg("capacity.cs_ops.early", csms=csms, per=benchmarks.value(ops_key))
    rows[Role.CS_OPS] = (
        Msg("capacity.cs_ops.program", formula=by_csms, tech=tech, per=per_staff,
            program=program) if program else by_csms,
        (ops_key, "capacity.cs_ops_first_at_csms", "capacity.tech_touch_program_min_accounts",
         "capacity.tech_touch_accounts_per_program_staff"),
    )
    if company.headcount.sizing == "effort":
        rows.update(effort_formulas(arrays, benchmarks, company, fte, csms))
    rows[Role.TAM] = (Msg("capacity.tam"), ())

    ics = sum(count[r] for r in rows) + carried
    functions = sum(1 for r in (Role.IMPLEMENTATION_SPECIALIST, Role.SUPPORT_ENGINEER,
                                Role.RENEWALS_SPECIALIST) if count[r] > 0) + (1 if csms else 0)
    span_keys = ("spans.team_lead", "spans.manager", "spans.manager_max",
                 "spans.manager_team_leads", "spans.director_managers",
                 "spans.director_max_managers", "spans.director_people", "spans.vp_max_directors",
                 "spans.cco_min_customers", "spans.cco_min_people", "spans.cco_min_functions",
                 "stages.people_max.1")
    for role, (_, why) in leadership(ics, csms, workload.customers, functions, benchmarks).items():
        rows[role] = (why, span_keys)
    if carried:
        rows[Role.TEAM_LEAD] = (
            Msg("capacity.team_lead.carries", formula=rows[Role.TEAM_LEAD][0], share=book_share,
                carried=carried), (*span_keys, "spans.team_lead_book_share"))

    roles: dict[Role, RoleRequirement] = {}
    for role in ROLE_KEYS:
        formula, sources = rows[role]
        current = company.team.get(role, 0)
        unit_cost = benchmarks.value(cost_key(role))
        roles[role] = RoleRequirement(
            role=role, required=count[role], current=current, gap=count[role] - current,
            workload_fte=round(fte[role], 4), formula=formula, cost=count[role] * unit_cost,
            sources=(*sources, cost_key(role)),
        )
    required_by_key = {str(r): v.required for r, v in roles.items()}
    current_by_key = {str(r): v.current for r, v in roles.items()}
    required_by_key["total"] = sum(v.required for v in roles.values())
    current_by_key["total"] = sum(v.current for v in roles.values())
    gap = {k: required_by_key[k] - current_by_key[k] for k in required_by_key}
    return Headcount(required=required_by_key, current=current_by_key, gap=gap, roles=roles,
                     role_based=dict(required_by_key), support=support)
