"""The geographic / regional organization (DOMAIN.md §2, model 4) drawn for this company's book.

S0 model 4 organizes "by time zone, language, local market": VP CS (Global) → Americas, EMEA,
APAC, each with its CSM teams by sub-region (US East, US West, LATAM bilingual …) and regional
Support & Onboarding, plus global CS Ops (shared); it needs "at least 50+ customers per region",
and its advice is "global functional leads (Onboarding Lead, Renewals Lead) with regional
execution". Its cons — duplicated roles, minimum scale per region, location-dependent cost — show
up here as the ``differences`` against the plan's role-based requirement.

How the chart is drawn:

* regions come from the ``region`` column of the active accounts; accounts without one join the
  largest region, and a region under ``models.geographic_min_customers_per_region`` merges into its
  neighbour (Americas ↔ EMEA ↔ APAC; an unknown region name into the largest region);
* sub-regions group a region's IANA time zones by UTC offset at the reference date into bands of
  ``org.time_zone_band_hours`` around the busiest offset, named by their most common zone; a
  sub-region with enough customers for a region gets its own CSM team, the rest stay with the
  region's main team;
* CSMs per tier are sized per region with the plan's accounts per CSM, rounding up in each region
  but never below the plan's seats of a tier (pooled remainders and the one pooled CSM of a book
  without CSM work included); implementation, support and renewals specialists from the region's
  share of the plan's workload FTE (a support engineer in every region that has the minimum
  customers, for local-hours coverage); CS Ops stays global;
* languages go onto CSM seats (``org.max_languages_per_position`` each) and hours coverage is
  checked in :mod:`postsale.core.org.coverage`;
* leadership: ``lead_unit`` per region, global functional leads and CS Ops as shared services,
  ``assemble_top`` over them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby

import numpy as np
import numpy.typing as npt

from postsale.core.msg import Msg
from postsale.core.org.chart import OrgChart, Unit
from postsale.core.org.coverage import (
    GLOBAL,
    apportion,
    assign_languages,
    coverage_summary,
    language_coverage,
    region_name,
    time_zone_coverage,
    utc_offset_hours,
)
from postsale.core.org.inputs import OrgInputs
from postsale.core.org.layers import (
    ChartBuilder,
    assemble_top,
    join_names,
    join_plus,
    key_name,
    lead_unit,
    lead_unit_heads,
    signed,
)
from postsale.keys import CSM_ROLE_BY_TIER, LEADERSHIP_ROLES, ROLE_KEYS, TIER_KEYS, OrgModel, Role, Tier

__all__ = ["NEIGHBOUR_ORDER", "build_geographic"]

# S0 model 4's regions, in the order in which each is the other's neighbour.
NEIGHBOUR_ORDER: tuple[str, ...] = ("Americas", "EMEA", "APAC")
SHARED = "global_shared"  # the unit key of CS Ops and the global functional leads
_REGION = Msg("org_chart.kind.region")
_GLOBAL_LEADS = ("org_chart.title.global_onboarding_lead", "org_chart.title.global_renewals_lead")
_SPECIALISTS = (Role.IMPLEMENTATION_SPECIALIST, Role.SUPPORT_ENGINEER, Role.RENEWALS_SPECIALIST)

Codes = npt.NDArray[np.intp]


@dataclass
class _Team:
    """One CSM team of a region: the main team or a sub-region with enough customers."""

    hub: str | None
    customers: int = 0
    tier_accounts: list[int] = field(default_factory=lambda: [0, 0, 0])
    seats: list[int] = field(default_factory=lambda: [0, 0, 0])
    served: list[int] = field(default_factory=lambda: [0, 0, 0])
    languages: list[tuple[str, int]] = field(default_factory=list)
    support: int = 0


@dataclass
class _Region:
    name: str
    members: Codes
    arr: float
    teams: list[_Team] = field(default_factory=list)
    bands: list[tuple[str, int]] = field(default_factory=list)  # every sub-region: hub, customers
    staff: dict[Role, int] = field(default_factory=dict)
    serves: tuple[str, ...] = ()  # the region and the regions merged into it; () = every region

    @property
    def customers(self) -> int:
        return int(self.members.shape[0])


def _staffed(fte: float, min_fte: float) -> int:
    """A specialist role is staffed once its workload reaches ``min_fte`` (as in capacity.py)."""
    return 0 if fte < min_fte else math.ceil(fte - 1e-9)


def _spread(total: int, customers: list[int]) -> list[int]:
    """Support seats over a region's teams: one at every team's hub when there are enough (local
    hours), the rest by customers; with fewer seats than teams, the biggest teams first."""
    if total >= len(customers):
        return [1 + n for n in apportion(total - len(customers), [float(c) for c in customers])]
    return apportion(total, [float(c) for c in customers])


def _share(total: int, n: int, start: int, stop: int) -> int:
    """Accounts of seats ``start`` … ``stop - 1`` when ``n`` seats split ``total`` accounts as
    evenly as whole accounts allow, the first seats one more."""
    q, r = divmod(total, n)
    return (stop - start) * q + max(0, min(stop, r) - start)


def _region_order(name: str) -> tuple[int, str]:
    return (NEIGHBOUR_ORDER.index(name), "") if name in NEIGHBOUR_ORDER \
        else (len(NEIGHBOUR_ORDER), name)


def _group_regions(region: tuple[list[str], Codes], min_customers: float
                   ) -> tuple[list[str], Codes, list[Msg], list[tuple[str, ...]]]:
    """Final region names, each account's region code, notes on the merges, and the regions each
    final region serves (its own name first, then the regions merged into it); ``region`` is the
    accounts' region column factorized."""
    labels, codes = region
    canon = {name.lower(): name for name in NEIGHBOUR_ORDER}
    cleaned = [canon.get(label.strip().lower(), label.strip()) for label in labels]
    names = sorted({c for c in cleaned if c}, key=_region_order)
    if not names:
        return [GLOBAL], np.zeros(codes.shape[0], dtype=np.intp), [
            Msg("org_chart.geo.no_region")], [()]
    # the grouping works on the labels' counts; the accounts are mapped once, at the end (a blank
    # code, -1, picks the lookup's last entry)
    lookup = np.array([names.index(c) if c else -1 for c in cleaned] + [-1], dtype=np.intp)
    per_label = np.bincount(codes + 1, minlength=len(labels) + 1)  # blanks first
    with_blank = np.bincount(np.append(lookup[:-1], -1) + 1,
                             weights=np.append(per_label[1:], per_label[0]),
                             minlength=len(names) + 1).astype(np.int64)
    counts = with_blank[1:].copy()
    notes: list[Msg] = []
    unassigned = int(with_blank[0])
    if unassigned:
        largest = min(range(len(names)), key=lambda k: (-counts[k], k))
        lookup = np.where(lookup < 0, largest, lookup)
        counts[largest] += unassigned
        notes.append(Msg("org_chart.geo.unassigned_join", customers=unassigned,
                         region=names[largest]))
    into = list(range(len(names)))
    while True:
        alive = [k for k in range(len(names)) if into[k] == k]
        small = [k for k in alive if counts[k] < min_customers]
        if len(alive) < 2 or not small:
            break
        k = min(small, key=lambda i: (counts[i], names[i]))
        others = [i for i in alive if i != k]
        chain = [i for i in others if names[i] in NEIGHBOUR_ORDER]
        if names[k] in NEIGHBOUR_ORDER and chain:
            pos = NEIGHBOUR_ORDER.index(names[k])
            j = min(chain, key=lambda i: (abs(NEIGHBOUR_ORDER.index(names[i]) - pos),
                                          -counts[i], names[i]))
            merged = Msg("org_chart.geo.merged_neighbour", region=names[k],
                         customers=int(counts[k]), min=min_customers, into=names[j])
        else:
            j = min(others, key=lambda i: (-counts[i], names[i]))
            merged = Msg("org_chart.geo.merged_largest", region=names[k],
                         customers=int(counts[k]), min=min_customers, into=names[j])
        notes.append(merged)
        counts[j] += counts[k]
        counts[k] = 0
        into = [j if t == k else t for t in into]
    alive = [k for k in range(len(names)) if into[k] == k]
    final = np.array([alive.index(into[k]) for k in range(len(names))], dtype=np.intp)
    serves = [(names[k], *(names[i] for i in range(len(names)) if into[i] == k and i != k))
              for k in alive]
    return [names[k] for k in alive], final[lookup][codes], notes, serves


def _bands(zone_counts: npt.NDArray[np.int64], offsets: npt.NDArray[np.float64],
           zones: list[str], width: float) -> list[tuple[str, int, list[int]]]:
    """Sub-regions: time zones within ``width`` hours around the busiest remaining UTC offset.

    Each band is ``(hub zone, customers, zone codes)``, the hub being its most common zone;
    bands come largest first.
    """
    remaining = {int(z) for z in np.flatnonzero((zone_counts > 0) & np.isfinite(offsets))}
    bands: list[tuple[str, int, list[int]]] = []
    while remaining:
        weight: Counter[float] = Counter()
        for z in remaining:
            weight[float(offsets[z])] += int(zone_counts[z])
        hub_offset = min(weight, key=lambda o: (-weight[o], o))
        members = sorted(z for z in remaining if abs(offsets[z] - hub_offset) <= width / 2 + 1e-9)
        hub = min(members, key=lambda z: (-int(zone_counts[z]), zones[z]))
        bands.append((zones[hub], int(zone_counts[members].sum()), members))
        remaining -= set(members)
    return sorted(bands, key=lambda b: (-b[1], b[0]))


def _csm_seats(tier_accounts: npt.NDArray[np.int64], ratios: list[float],
               plan: list[int]) -> npt.NDArray[np.int64]:
    """CSM seats per region and tier (regions × 3): the plan's CSM counts, realised per region.

    Each region rounds its own share up (``ceil(accounts ÷ accounts per CSM)`` per tier); a region
    with customers and no CSM work still gets one pooled CSM in its largest tier, as the plan does
    for the whole book (``capacity.role_counts``); and no tier ends below the plan's seats, which
    include the pooled remainders of fungible capacity (``capacity.csm_seats``) — a shortfall goes
    to the regions with the most accounts of that tier.
    """
    seats = np.zeros(tier_accounts.shape, dtype=np.int64)
    for k, ratio in enumerate(ratios):
        if ratio > 0 and math.isfinite(ratio):
            seats[:, k] = np.ceil(tier_accounts[:, k] / ratio - 1e-9).astype(np.int64)
    nobody = (seats.sum(axis=1) == 0) & (tier_accounts.sum(axis=1) > 0)
    seats[np.flatnonzero(nobody), np.argmax(tier_accounts[nobody], axis=1)] += 1
    for k, floor in enumerate(plan):
        short = floor - int(seats[:, k].sum())
        if short > 0:
            weights = [float(x) for x in tier_accounts[:, k]]
            seats[:, k] += np.asarray(apportion(short, weights), dtype=np.int64)
    return seats


def _teams(region: _Region, zone_tiers: npt.NDArray[np.int64], offsets: npt.NDArray[np.float64],
           zones: list[str], needed: list[int], width: float, min_team: float) -> Codes:
    """Form the region's CSM teams and share its CSM seats per tier (``needed``) among them;
    returns each zone's team index (the last entry: accounts without a known zone, always with
    the main team). ``zone_tiers``: the region's accounts per zone (``len(zones) + 1`` rows, the
    last for no zone) and tier — teams are whole zone bands, so counts per zone are enough."""
    counts = zone_tiers[: len(zones)].sum(axis=1).astype(np.int64)
    bands = _bands(counts, offsets, zones, width)
    region.bands = [(hub, n) for hub, n, _ in bands]
    own = [0] + [i for i, band in enumerate(bands) if i and band[1] >= min_team] if bands else []
    while True:
        zone_team = np.zeros(len(zones) + 1, dtype=np.intp)
        for t, b in enumerate(own):
            zone_team[bands[b][2]] = t
        n_teams = max(1, len(own))
        per = np.zeros((n_teams, 3), dtype=np.int64)
        np.add.at(per, zone_team, zone_tiers)
        seats = np.array([apportion(needed[k], [float(x) for x in per[:, k]])
                          for k in range(3)], dtype=np.int64).T.reshape(n_teams, 3)
        empty = [t for t in range(1, n_teams) if seats[t].sum() == 0]
        if not empty:
            break
        own = [b for t, b in enumerate(own) if t not in empty]
    region.teams = []
    for t in range(n_teams):
        team = _Team(hub=bands[own[t]][0] if own else None,
                     customers=int(per[t].sum()),
                     tier_accounts=[int(x) for x in per[t]], seats=[int(x) for x in seats[t]])
        region.teams.append(team)
    for k in range(3):
        home = int(np.argmax(seats[:, k]))  # the main team on a tie
        for t, team in enumerate(region.teams):
            target = region.teams[t if seats[t, k] > 0 else home]
            target.served[k] += team.tier_accounts[k]
    return zone_team


def _differences(b: ChartBuilder, inputs: OrgInputs,
                 regions: list[_Region]) -> tuple[tuple[Msg, ...], dict[str, Msg]]:
    """How this chart differs from the role-based requirement, role by role, with the reason."""
    bench = inputs.benchmarks
    currency = inputs.company.company.currency
    names = {r.name for r in regions}
    seats = list(b.nodes.values())
    counts: Counter[Role] = Counter()
    for s in seats:
        counts[s.role] += s.count
    min_fte = bench.value("capacity.min_fte_for_dedicated_role")
    reasons: dict[Role, Msg] = {}
    for k, t in enumerate(TIER_KEYS):
        role = CSM_ROLE_BY_TIER[t]
        parts = [Msg("org_chart.geo.region_count", region=region_name(r.name),
                     n=sum(team.seats[k] for team in r.teams)) for r in regions
                 if sum(team.tier_accounts[k] for team in r.teams)]
        reasons[role] = Msg("org_chart.geo.reason_csm", regions=len(parts),
                            parts=join_plus(parts) if parts else Msg("org_chart.geo.none"),
                            basis=_csm_basis(inputs, k), required=inputs.required(role))
    for role in _SPECIALISTS:
        split = [Msg("org_chart.geo.region_count", region=region_name(r.name), n=r.staff[role])
                 for r in regions]
        fte, among = inputs.fte(role), join_names(split) if split else Msg("org_chart.geo.none")
        reasons[role] = Msg("org_chart.geo.reason_support", fte=fte, split=among, min_fte=min_fte,
                            min_customers=bench.value("models.geographic_min_customers_per_region")) \
            if role is Role.SUPPORT_ENGINEER else Msg("org_chart.geo.reason_specialist", fte=fte,
                                                      split=among, min_fte=min_fte)
    reasons[Role.CS_OPS] = Msg("org_chart.geo.reason_cs_ops")
    # one pass over the seats (a 1M-account chart holds ~12k nodes), not one per leadership role
    origins: dict[Role, Counter[Msg]] = {role: Counter() for role in LEADERSHIP_ROLES}
    for s in seats:
        if s.role in origins:
            origins[s.role][_IN_REGIONS if s.unit in names else _GLOBAL_LEAD_ORIGIN
                            if s.title.code in _GLOBAL_LEADS else _LEADING_OPS
                            if s.unit == SHARED else _AT_TOP] += s.count
    for role in LEADERSHIP_ROLES:
        origin = [Msg("org_chart.geo.origin", n=n, where=label)
                  for label, n in origins[role].items()]
        where = join_names(origin) if origin else Msg("org_chart.geo.none")
        reasons[role] = Msg("org_chart.geo.reason_leaders", count=counts.get(role, 0),
                            where=where, required=inputs.required(role), regions=len(regions)) \
            if len(regions) > 1 else Msg("org_chart.geo.reason_leaders_one",
                                         count=counts.get(role, 0), where=where,
                                         required=inputs.required(role))
    lines: list[Msg] = []
    why: dict[str, Msg] = {}
    for role in ROLE_KEYS:
        delta = counts.get(role, 0) - inputs.required(role)
        if delta:
            cost = delta * bench.value(f"costs.{role}")
            why[str(role)] = reasons.get(role, Msg("org_chart.reason.placed"))
            lines.append(Msg("org_chart.geo.diff_role", delta=signed(delta), role=str(role),
                             role_name=key_name(role),
                             cost=signed(cost, amount=True), currency=currency,
                             reason=why[str(role)]))
    plan_total = sum(inputs.required(r) for r in ROLE_KEYS)
    plan_cost = sum(inputs.base.roles[r].cost for r in ROLE_KEYS)
    unit_cost = {role: bench.value(f"costs.{role}") for role in Role}  # looked up once per role
    cost = sum(unit_cost[s.role] * s.count for s in seats)
    people = sum(s.count for s in seats)
    lines.append(Msg("org_chart.geo.diff_total", people=people,
                     delta=signed(people - plan_total), cost=cost,
                     cost_delta=signed(cost - plan_cost, amount=True), currency=currency))
    return tuple(lines), why


_IN_REGIONS = Msg("org_chart.geo.origin_regions")
_GLOBAL_LEAD_ORIGIN = Msg("org_chart.geo.origin_global_leads")
_LEADING_OPS = Msg("org_chart.geo.origin_cs_ops")
_AT_TOP = Msg("org_chart.geo.origin_top")


def _csm_basis(inputs: OrgInputs, k: int) -> Msg:
    """What the plan's CSM seats of tier ``k`` rest on, for the differences text (never "÷ inf")."""
    tier = TIER_KEYS[k]
    fte = inputs.fte(CSM_ROLE_BY_TIER[tier])
    accounts = inputs.workload.tier_accounts[k]
    if tier is Tier.TECH_TOUCH and inputs.workload.health_known:
        per = inputs.benchmarks.value("capacity.at_risk_tech_touch_per_csm")
        basis = Msg("org_chart.geo.basis_at_risk", accounts=inputs.workload.at_risk_tech_touch,
                    per=per, fte=fte)
    else:
        ratio = inputs.csm_ratio(tier)
        basis = (Msg("org_chart.geo.basis_ratio", accounts=accounts, ratio=ratio, fte=fte)
                 if math.isfinite(ratio) else Msg("org_chart.geo.basis_none", accounts=accounts))
    return Msg("org_chart.geo.basis", basis=basis)


def build_geographic(inputs: OrgInputs, reference_date: dt.date) -> OrgChart:
    """Draw the geographic / regional chart (DOMAIN.md §2, model 4; S0 §Four models).

    ``reference_date`` fixes the UTC offsets (daylight saving time) of the accounts' time zones;
    pass the plan's date, never the clock. A book without active accounts gets an empty chart.
    """
    bench = inputs.benchmarks
    book = inputs.book
    active = book.active
    total = int(active.sum())
    if total == 0:
        return _empty_chart(inputs, reference_date)
    every = total == active.shape[0]  # no copies of a book whose accounts are all customers
    tier = inputs.tier if every else inputs.tier[active]
    arr = book.arr if every else book.arr[active]
    min_region = bench.value("models.geographic_min_customers_per_region")
    min_fte = bench.value("capacity.min_fte_for_dedicated_role")
    max_langs = int(bench.value("org.max_languages_per_position"))
    width = bench.value("org.time_zone_band_hours")

    names, region_code, notes, serves = _group_regions(book.active_codes("region"),
                                                       min_region)
    by_name = sorted(range(len(names)), key=lambda k: names[k])  # the regions as factorize has them
    rank = np.empty(len(names), dtype=np.intp)
    rank[by_name] = np.arange(len(names))
    # the coverage checks get their counts from the histograms below, never the per-account codes
    region_of = ([names[k] for k in by_name], np.zeros(0, dtype=np.intp))
    zones, zcodes = book.active_codes("timezone")
    offsets = np.array([utc_offset_hours(z, reference_date) for z in zones], dtype=np.float64) \
        if zones else np.zeros(0)
    languages, lcodes = book.active_codes("language")
    ratios = [inputs.csm_ratio(t) for t in TIER_KEYS]

    # Counts per region × zone × tier and region × zone × language in two bincounts (teams are
    # whole zone bands), and the accounts in region order (a stable radix sort of the small
    # region codes: each region's accounts in book order, as a mask per region would give)
    n_regions, n_zones, n_langs = len(names), len(zones) + 1, len(languages) + 1
    region_zone = region_code * n_zones
    region_zone += np.where(zcodes >= 0, zcodes, n_zones - 1)
    cell = region_zone * 3
    cell += tier
    zone_tiers = np.bincount(cell, minlength=n_regions * n_zones * 3
                             ).reshape(n_regions, n_zones, 3)
    del cell
    per_region = zone_tiers.sum(axis=1)
    csm_seats = _csm_seats(per_region, ratios,
                           [inputs.required(CSM_ROLE_BY_TIER[t]) for t in TIER_KEYS])
    region_zone *= n_langs
    region_zone += np.where(lcodes >= 0, lcodes, n_langs - 1)
    zone_langs = np.bincount(region_zone, minlength=n_regions * n_zones * n_langs
                             ).reshape(n_regions, n_zones, n_langs)
    del region_zone
    by_region = np.argsort(region_code.astype(np.int16), kind="stable")
    bounds = np.searchsorted(region_code[by_region], np.arange(n_regions + 1))
    regions: list[_Region] = []
    for r, name in enumerate(names):
        members = by_region[bounds[r]:bounds[r + 1]]
        region = _Region(name=name, members=members, arr=float(arr[members].sum()),
                         serves=serves[r])
        zone_team = _teams(region, zone_tiers[r], offsets, zones, [int(x) for x in csm_seats[r]],
                           width, min_region)
        per = np.zeros((len(region.teams), n_langs), dtype=np.int64)
        np.add.at(per, zone_team, zone_langs[r])
        for t, team in enumerate(region.teams):
            team.languages = [(languages[i], int(per[t, i]))
                              for i in np.flatnonzero(per[t, : n_langs - 1])]
        share = region.customers / total
        region.staff = {role: _staffed(inputs.fte(role) * share, min_fte) for role in _SPECIALISTS}
        if region.customers >= min_region:
            region.staff[Role.SUPPORT_ENGINEER] = max(1, region.staff[Role.SUPPORT_ENGINEER])
        for team, n in zip(region.teams, _spread(region.staff[Role.SUPPORT_ENGINEER],
                                                 [t.customers for t in region.teams]),
                           strict=True):
            team.support = n
        regions.append(region)

    b = ChartBuilder(bench)
    b.name(SHARED, Msg("org_chart.unit.global_shared"))
    heads: dict[str, list[str]] = {}
    specialists: dict[Role, list[str]] = {role: [] for role in _SPECIALISTS}
    for region in regions:
        placed, gaps = assign_languages(
            [(team.languages, sum(team.seats)) for team in region.teams], max_langs)
        main_hub = region.teams[0].hub
        multi = len(region.teams) > 1
        label = region_name(region.name)
        b.name(region.name, label)
        csms: list[str] = []
        others: list[str] = []
        for team, seat_langs in zip(region.teams, placed, strict=True):
            unit = b.name(f"{region.name} · {team.hub}",
                          Msg("org_chart.unit.subregion", region=label, hub=team.hub)) \
                if multi and team.hub else region.name
            j = 0
            for k, tier_key in enumerate(TIER_KEYS):
                n = team.seats[k]
                # Seats speaking the same languages form one group; the tier's accounts are
                # split as evenly as whole accounts allow, the first seats one more.
                start = 0
                for langs, run in groupby(seat_langs[j:j + n]):
                    size = len(list(run))
                    csms += b.group(CSM_ROLE_BY_TIER[tier_key], unit, size, tier=tier_key,
                                    accounts=_share(team.served[k], n, start, start + size),
                                    languages=langs, timezone=team.hub, regions=region.serves)
                    start += size
                j += n
            others += b.group(Role.SUPPORT_ENGINEER, unit, team.support,
                              accounts=team.customers if team.support else 0,
                              timezone=team.hub, regions=region.serves)
        for role in (Role.IMPLEMENTATION_SPECIALIST, Role.RENEWALS_SPECIALIST):
            ids = b.group(role, region.name, region.staff[role], timezone=main_hub,
                          regions=region.serves)
            specialists[role] += ids
            others += ids
        if gaps:
            notes.append(Msg("org_chart.geo.language_gaps", region=label,
                             languages=join_names([Msg("org_chart.unit.named", name=g)
                                                   for g in gaps]),
                             max=max_langs))
        before = {role: b.next_id(role) for role in LEADERSHIP_ROLES}
        heads[region.name] = lead_unit_heads(b, region.name, csms, others, bench,
                                             unit_title=_REGION)
        for role, first in before.items():  # the region's leaders sit at its main hub
            # leaders are single seats numbered on from the ids they had next before
            for n in range(int(first.rsplit("-", 1)[1]), int(b.next_id(role).rsplit("-", 1)[1])):
                leader = b.nodes[f"{role}-{n}"]
                leader.timezone = main_hub
                leader.regions = region.serves

    ops = b.group(Role.CS_OPS, SHARED, inputs.required(Role.CS_OPS))
    ics = sum(s.count for s in b.nodes.values() if s.role not in LEADERSHIP_ROLES)
    shared = [lead_unit(b, SHARED, [], ops, bench, unit_title=Msg("org_chart.kind.cs_ops"))] \
        if b.size(ops) > 2 else list(ops)
    if len(regions) >= 2:
        for role, title, label in (
                (Role.IMPLEMENTATION_SPECIALIST, Msg("org_chart.title.global_onboarding_lead"),
                 Msg("org_chart.link.global_onboarding")),
                (Role.RENEWALS_SPECIALIST, Msg("org_chart.title.global_renewals_lead"),
                 Msg("org_chart.link.global_renewals"))):
            if specialists[role]:
                lead = b.add(Role.MANAGER, SHARED, title=title)
                b.link(lead, specialists[role], label)
                shared.append(lead)
    assemble_top(b, heads, shared, bench, people=ics, customers=inputs.workload.customers,
                 functions=inputs.functions, cluster_title=_REGION)

    top_share = max(r.customers for r in regions) / total
    if top_share > bench.value("models.geographic_max_top_region_share"):
        notes.append(Msg("org_chart.geo.top_region",
                         region=region_name(max(regions, key=lambda r: r.customers).name),
                         share=top_share,
                         max=bench.value("models.geographic_max_top_region_share")))
    for region in regions:
        hubs = {t.hub for t in region.teams}
        rest = [Msg("org_chart.geo.band", hub=hub, customers=n)
                for hub, n in region.bands if hub not in hubs]
        if len(region.teams) > 1 or rest:
            teams = join_names([Msg("org_chart.geo.team", hub=t.hub, customers=t.customers)
                                for t in region.teams])
            notes.append(Msg("org_chart.geo.subregions_rest", region=region_name(region.name),
                             teams=teams, rest=join_names(rest), main=region.teams[0].hub)
                         if rest else Msg("org_chart.geo.subregions",
                                          region=region_name(region.name), teams=teams))
    unknown_tz = int(((zcodes < 0) | ~np.isfinite(offsets[np.maximum(zcodes, 0)])).sum()) \
        if zones else total
    if unknown_tz:
        notes.append(Msg("org_chart.geo.unknown_time_zone", customers=unknown_tz))

    speakers = [(s.regions[0] if s.regions else GLOBAL, s.languages, s.count)
                for s in b.nodes.values() if s.role in CSM_ROLE_BY_TIER.values()]
    # the coverage counts from the region × zone × language/tier histograms, in the regions'
    # label (name) order with an empty Unassigned row: no more passes over the accounts
    by_rank = np.zeros((n_regions + 1, n_zones, n_langs), dtype=np.int64)
    by_rank[rank] = zone_langs
    lang_cov = language_coverage(region_of, (languages, lcodes), speakers,
                                 counts=by_rank.sum(axis=1)[:, : max(1, n_langs - 1)])
    zone_region = by_rank.sum(axis=2).T  # zones (+ no zone) × regions (+ Unassigned)
    hours = time_zone_coverage(
        (zones, zcodes), region_of, [s.timezone for s in b.nodes.values() if s.role is Role.SUPPORT_ENGINEER],
        reference_date, start_hour=bench.value("org.business_hours_start"),
        end_hour=bench.value("org.business_hours_end"),
        counts=(zone_region[: n_zones - 1], int(zone_region[n_zones - 1].sum())))
    coverage: dict[str, object] = {**lang_cov, "hours": hours,
                                   "summary": coverage_summary(lang_cov, hours)}

    unit_seats: Counter[str] = Counter()  # seats per unit, counted once for every region
    for s in b.nodes.values():
        unit_seats[s.unit] += s.count
    units = [_region_unit(unit_seats, region, csm_total=sum(sum(t.seats) for t in region.teams))
             for region in regions]
    shared_seats = sum(s.count for s in b.nodes.values() if s.unit == SHARED)
    if shared_seats:
        units.append(Unit(name=b.label(SHARED), kind="shared", key=SHARED, accounts=total,
                          arr=float(arr.sum()), positions=shared_seats,
                          detail=Msg("org_chart.geo.shared_detail", ops=b.size(ops))))
    differences, reasons = _differences(b, inputs, regions)
    return b.freeze(OrgModel.GEOGRAPHIC, units, differences=differences, notes=notes,
                    coverage=coverage).with_differences(differences, reasons)


def _empty_chart(inputs: OrgInputs, reference_date: dt.date) -> OrgChart:
    """No active customer: no region to staff (the chart has no seats, and says so)."""
    none = np.zeros(0, dtype=object)
    langs = language_coverage(none, none, [])
    hours = time_zone_coverage(none, none, [], reference_date)
    b = ChartBuilder(inputs.benchmarks)
    differences, reasons = _differences(b, inputs, [])
    return b.freeze(OrgModel.GEOGRAPHIC, (), differences=differences,
                    notes=(Msg("org_chart.geo.no_active"),),
                    coverage={**langs, "hours": hours, "summary": coverage_summary(langs, hours)}
                    ).with_differences(differences, reasons)


def _region_unit(unit_seats: Counter[str], region: _Region, csm_total: int) -> Unit:
    """The region's unit; ``unit_seats`` are the chart's seats by unit (the region's own unit
    and its sub-region teams ``<region> · <hub>`` count)."""
    seats = sum(n for unit, n in unit_seats.items()
                if unit == region.name or unit.startswith(f"{region.name} · "))
    langs: Counter[str] = Counter()
    for team in region.teams:
        langs.update(dict(team.languages))
    subs = join_names([Msg("org_chart.geo.hub_count", name=hub, n=n) for hub, n in region.bands]) \
        if region.bands else Msg("org_chart.geo.no_time_zones")
    spoken = langs.most_common()
    speak = join_names([Msg("org_chart.geo.hub_count", name=lang, n=n) for lang, n in spoken]) \
        if spoken else Msg("org_chart.geo.no_languages")
    staff = [Msg("org_chart.geo.staff", n=n, role=str(role), role_name=key_name(role))
             for role, n in region.staff.items() if n]
    detail = Msg("org_chart.geo.region_detail_staff", csms=csm_total, teams=len(region.teams),
                 staff=join_names(staff), subs=subs, languages=speak) if staff \
        else Msg("org_chart.geo.region_detail", csms=csm_total, teams=len(region.teams),
                 subs=subs, languages=speak)
    return Unit(name=region_name(region.name), kind="region", key=region.name,
                accounts=region.customers, arr=region.arr, positions=seats, detail=detail)
