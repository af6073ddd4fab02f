"""Building charts: a mutable builder that freezes into an ``OrgChart``, and leadership placement.

Spans of control (S0 §CS leadership): team lead 3–5 CSMs, manager 5–10 people or 2–3 team leads,
director 2–4 managers (15–30 people), VP 30–100+, CCO over the whole post-sale org. Two placements:

* :func:`arrange_counts` realises the leadership counts of ``capacity.leadership`` (the role-based
  plan) as a tree, so the specialist and generalist charts hold exactly the plan's headcount;
* :func:`lead_unit` and :func:`assemble_top` lead each pod or region separately (a unit lead per
  unit, managers when a unit outgrows one lead, a director per cluster of unit leads), which is why
  pods and regions cost more leadership than one role-based org.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from postsale.core.benchmarks import Benchmarks
from postsale.core.org.chart import FunctionalLink, OrgChart, Position, Unit
from postsale.keys import OrgModel, Role, Tier

__all__ = ["ChartBuilder", "arrange_counts", "assemble_top", "chunks", "lead_unit"]

_TITLES = {
    Role.CSM_HIGH_TOUCH: "Enterprise CSM (high touch)",
    Role.CSM_LOW_TOUCH: "CSM (low touch)",
    Role.CSM_TECH_TOUCH: "Scaled CSM (tech touch)",
    Role.IMPLEMENTATION_SPECIALIST: "Implementation Specialist",
    Role.SUPPORT_ENGINEER: "Support Engineer",
    Role.RENEWALS_SPECIALIST: "Renewals Specialist",
    Role.CS_OPS: "CS Operations",
    Role.TAM: "Technical Account Manager",
    Role.TEAM_LEAD: "Team Lead",
    Role.MANAGER: "Manager",
    Role.DIRECTOR: "Director",
    Role.VP: "VP Customer Success",
    Role.CCO: "Chief Customer Officer",
}


def chunks(items: Sequence[str], parts: int) -> list[list[str]]:
    """Split ``items`` into ``parts`` contiguous chunks whose sizes differ by at most one."""
    parts = max(1, min(parts, len(items))) if items else 0
    out: list[list[str]] = []
    start = 0
    for i in range(parts):
        size = len(items) // parts + (1 if i < len(items) % parts else 0)
        out.append(list(items[start:start + size]))
        start += size
    return out


def pack(b: ChartBuilder, items: Sequence[str], parts: int, limit: int) -> list[list[str]]:
    """Split ``items`` into ``parts`` groups of at most ``limit``, keeping each unit (function)
    whole where it fits, so a manager leads whole teams; falls back to even ``chunks``."""
    groups: list[list[str]] = []
    current: list[str] = []
    for unit in dict.fromkeys(b.seats[i].unit for i in items):
        members = [i for i in items if b.seats[i].unit == unit]
        if len(current) + len(members) <= limit:
            current += members
            continue
        if current:
            groups.append(current)
        while len(members) > limit:
            groups.append(members[:limit])
            members = members[limit:]
        current = list(members)
    if current:
        groups.append(current)
    return groups if len(groups) == parts else chunks(items, parts)


@dataclass
class _Seat:
    id: str
    title: str
    role: Role
    unit: str
    reports_to: str | None = None
    tier: Tier | None = None
    accounts: int = 0
    languages: tuple[str, ...] = ()
    timezone: str | None = None
    regions: tuple[str, ...] = ()


@dataclass
class ChartBuilder:
    """Accumulates seats; ``freeze`` computes levels and costs and returns the frozen chart."""

    benchmarks: Benchmarks
    seats: dict[str, _Seat] = field(default_factory=dict)
    links: list[FunctionalLink] = field(default_factory=list)
    _counters: dict[str, int] = field(default_factory=dict)

    def add(self, role: Role, unit: str, *, title: str | None = None, reports_to: str | None = None,
            tier: Tier | None = None, accounts: int = 0, languages: tuple[str, ...] = (),
            timezone: str | None = None, regions: tuple[str, ...] = ()) -> str:
        """Add a seat and return its id (``<role>-<n>``, stable for the same inputs)."""
        n = self._counters.get(role, 0) + 1
        self._counters[role] = n
        seat_id = f"{role}-{n}"
        self.seats[seat_id] = _Seat(seat_id, title or _TITLES[role], role, unit, reports_to, tier,
                                    accounts, languages, timezone, regions)
        return seat_id

    def report(self, members: Sequence[str], leader: str) -> None:
        for member in members:
            self.seats[member].reports_to = leader

    def link(self, leader: str, members: Sequence[str], label: str) -> None:
        self.links.extend(FunctionalLink(leader=leader, member=m, label=label) for m in members)

    def freeze(self, model: OrgModel, units: Sequence[Unit], *, differences: Sequence[str] = (),
               notes: Sequence[str] = (), coverage: dict[str, object] | None = None) -> OrgChart:
        levels: dict[str, int] = {}

        def level(seat_id: str) -> int:
            depth = 0
            current = self.seats[seat_id]
            seen = {seat_id}
            while current.reports_to is not None:
                if current.reports_to in seen:
                    raise ValueError(f"reporting cycle through {current.reports_to}")
                seen.add(current.reports_to)
                current = self.seats[current.reports_to]
                depth += 1
            return depth

        for seat_id in self.seats:
            levels[seat_id] = level(seat_id)
        cost = {role: self.benchmarks.value(f"costs.{role}") for role in Role}
        positions = tuple(
            Position(
                id=s.id, title=s.title, role=s.role, level=levels[s.id], unit=s.unit,
                reports_to=s.reports_to, tier=s.tier, accounts=s.accounts, languages=s.languages,
                timezone=s.timezone, regions=s.regions, cost=cost[s.role])
            for s in sorted(self.seats.values(), key=lambda s: (levels[s.id], s.unit, s.id))
        )
        return OrgChart(model=model, positions=positions, units=tuple(units),
                        functional_links=tuple(self.links), differences=tuple(differences),
                        notes=tuple(notes), coverage=coverage)


def arrange_counts(b: ChartBuilder, csms: Sequence[str], others: Sequence[str],
                   counts: dict[Role, int], unit: str = "Customer Success") -> str | None:
    """Place exactly ``counts`` leaders (from ``capacity.leadership``) over the ICs; return the top.

    CSMs go to team leads (≤ 5 each), team leads to the first managers (≤ 3 each), the other
    specialists to the remaining managers (≤ 8 each, contiguous so each manager leads whole
    functions where possible); managers to directors, directors to the VP, the VP to the CCO.
    With no leader at all (≤ 3 people) the first CSM is the player-coach lead; with nobody at all
    (a book without paying customers) the chart is empty and there is no top.
    """
    ics = [*csms, *others]
    team_leads = [b.add(Role.TEAM_LEAD, unit, title="CSM Team Lead")
                  for _ in range(counts.get(Role.TEAM_LEAD, 0))]
    managers = [b.add(Role.MANAGER, unit) for _ in range(counts.get(Role.MANAGER, 0))]
    directors = [b.add(Role.DIRECTOR, unit) for _ in range(counts.get(Role.DIRECTOR, 0))]
    vps = [b.add(Role.VP, unit) for _ in range(counts.get(Role.VP, 0))]
    vp = vps[0] if vps else None
    cco = b.add(Role.CCO, unit) if counts.get(Role.CCO, 0) else None

    if not (team_leads or managers or directors or vp or cco):
        if not ics:
            return None
        lead = ics[0]
        b.seats[lead].title += " — lead (player-coach)"
        b.report(ics[1:], lead)
        return lead

    if team_leads:
        for group, lead in zip(chunks(csms, len(team_leads)), team_leads, strict=True):
            b.report(group, lead)
        csm_managers = math.ceil(len(team_leads) / 3)
        for group, manager in zip(chunks(team_leads, csm_managers), managers[:csm_managers],
                                  strict=True):
            b.report(group, manager)
        rest = managers[csm_managers:]
        if others:
            if not rest:
                raise ValueError("specialists need a manager")
            limit = int(b.benchmarks.value("spans.manager_max"))
            for group, manager in zip(pack(b, others, len(rest), limit), rest, strict=True):
                b.report(group, manager)
        for manager in managers[:csm_managers]:
            b.seats[manager].title = "CS Manager"
    elif managers and (directors or vp or cco):
        limit = int(b.benchmarks.value("spans.manager_max"))
        for group, manager in zip(pack(b, ics, len(managers), limit), managers, strict=True):
            b.report(group, manager)
    elif managers:
        head = managers[0]
        b.seats[head].title = "Head of Customer Success"
        b.report(ics, head)
        managers_below: list[str] = []
        top = head
        return _stack(b, top, managers_below, directors, vps, cco)
    units_led: dict[str, dict[str, None]] = {}
    for seat in b.seats.values():  # one pass: which functions each leader leads
        if seat.reports_to is not None:
            units_led.setdefault(seat.reports_to, {})[seat.unit] = None
    for manager in managers:
        if b.seats[manager].title == _TITLES[Role.MANAGER]:
            b.seats[manager].title = "Manager — " + ", ".join(units_led.get(manager, {}))
    return _stack(b, None, managers, directors, vps, cco)


def _stack(b: ChartBuilder, top: str | None, managers: list[str], directors: list[str],
           vps: list[str], cco: str | None) -> str:
    """Hang managers under directors, directors under the VPs, the VPs under the CCO.

    A VP leads at most ``spans.vp_max_directors`` directors (more VPs above that, under a CCO). A
    CCO owns CS, Support and Onboarding as peers (S0; DOMAIN.md §10.5): under a single VP of CS,
    the leader of the specialist functions reports to the CCO beside the VP, never a CCO of one.
    """
    vp = vps[0] if vps else None
    if directors and vp is None and len(directors) == 1:
        head = directors[0]
        b.seats[head].title = "Director of Customer Success (Head of CS)"
        b.report(managers, head)
        top = head
    elif directors:
        assert vp is not None
        for group, director in zip(chunks(managers, len(directors)), directors, strict=True):
            b.report(group, director)
        for group, head in zip(chunks(directors, len(vps)), vps, strict=True):
            b.report(group, head)
        top = vp
    elif vp is not None:
        for group, head in zip(chunks(managers, len(vps)), vps, strict=True):
            b.report(group, head)
        top = vp
    if cco is not None:
        assert top is not None
        heads = vps if vps else [top]
        b.report(heads, cco)
        if len(heads) == 1:
            below = directors if directors and vps else managers
            peer = below[-1] if len(below) > 1 else None
            if peer is not None:  # the specialist functions' leader, a peer of the VP of CS
                b.report([peer], cco)
                b.seats[peer].title = (b.seats[peer].title.split(" — ")[0]
                                       + " — Support & Onboarding (peer of CS)")
        for i, head in enumerate(vps):
            if len(vps) > 1:
                b.seats[head].title = f"VP Customer Success {i + 1}"
        top = cco
    assert top is not None
    return top


def _lead_groups(b: ChartBuilder, name: str, groups: list[list[str]], benchmarks: Benchmarks,
                 unit_title: str) -> str:
    """Lead already-formed groups: managers over groups, a director over ≤ 4 managers, a unit VP
    over directors (≤ 3 managers each) when a unit is larger still. Returns the unit head."""
    dir_max = int(benchmarks.value("spans.director_max_managers"))
    dir_mgrs = int(benchmarks.value("spans.director_managers"))
    managers = []
    for group in groups:
        manager = b.add(Role.MANAGER, name, title=f"Manager — {name}")
        b.report(group, manager)
        managers.append(manager)
    if len(managers) <= dir_max:
        head = b.add(Role.DIRECTOR, name, title=f"{unit_title} Director — {name}")
        b.report(managers, head)
        return head
    head = b.add(Role.VP, name, title=f"{unit_title} VP — {name}")
    for chunk in chunks(managers, math.ceil(len(managers) / dir_mgrs)):
        director = b.add(Role.DIRECTOR, name, title=f"Director — {name}")
        b.report(chunk, director)
        b.report([director], head)
    return head


def lead_unit(b: ChartBuilder, name: str, csms: list[str], others: list[str],
              benchmarks: Benchmarks, *, unit_title: str) -> str:
    """Lead one pod or region and return its head.

    ≤ 10 people: one manager-level unit lead. Larger: team leads over CSMs (≤ 5 each) once CSMs
    outgrow one span, managers over ≤ 3 team leads or ≤ 8 specialists, then a director (≤ 4
    managers) or a unit VP over directors.
    """
    span_max = int(benchmarks.value("spans.manager_max"))
    span_tl = benchmarks.value("spans.team_lead")
    tls_per_mgr = int(benchmarks.value("spans.manager_team_leads"))
    span_mgr = benchmarks.value("spans.manager")
    members = [*csms, *others]
    if len(members) <= span_max:
        lead = b.add(Role.MANAGER, name, title=f"{unit_title} Lead — {name}")
        b.report(members, lead)
        return lead
    tls: list[str] = []
    if len(csms) > span_max:
        tls = [b.add(Role.TEAM_LEAD, name, title=f"CSM Team Lead — {name}")
               for _ in range(math.ceil(len(csms) / span_tl))]
        for group, tl in zip(chunks(csms, len(tls)), tls, strict=True):
            b.report(group, tl)
        rest = list(others)
    else:
        rest = members
    if not tls and len(rest) <= span_max:
        lead = b.add(Role.MANAGER, name, title=f"{unit_title} Lead — {name}")
        b.report(rest, lead)
        return lead
    groups = chunks(tls, math.ceil(len(tls) / tls_per_mgr)) if tls else []
    groups += chunks(rest, math.ceil(len(rest) / span_mgr)) if rest else []
    if len(groups) == 1:
        lead = b.add(Role.MANAGER, name, title=f"{unit_title} Lead — {name}")
        b.report(groups[0], lead)
        return lead
    return _lead_groups(b, name, groups, benchmarks, unit_title)


def assemble_top(b: ChartBuilder, clusters: dict[str, list[str]], shared: list[str],
                 benchmarks: Benchmarks, *, people: int, customers: int, functions: int,
                 cluster_title: str) -> str:
    """Put the unit heads of each cluster (segment or region) under a cluster director when a
    cluster has several manager-level heads, then everything under the head of CS (a director up
    to 30 people and 4 reports, else a VP) and, for large complex orgs, a CCO. Returns the top."""
    dir_max = int(benchmarks.value("spans.director_max_managers"))
    dir_mgrs = int(benchmarks.value("spans.director_managers"))
    top_reports: list[str] = []
    for cluster, heads in clusters.items():
        managers = [h for h in heads if b.seats[h].role in (Role.MANAGER, Role.TEAM_LEAD)]
        bigger = [h for h in heads if h not in managers]
        top_reports.extend(bigger)
        if len(managers) <= 1:
            top_reports.extend(managers)
            continue
        for chunk in chunks(managers, math.ceil(len(managers) / dir_mgrs)):
            director = b.add(Role.DIRECTOR, cluster, title=f"{cluster_title} Director — {cluster}")
            b.report(chunk, director)
            top_reports.append(director)
    top_reports.extend(shared)
    if len(top_reports) == 1 and b.seats[top_reports[0]].role is not Role.TEAM_LEAD:
        head = top_reports[0]
    else:
        small = (people <= benchmarks.value("spans.director_people")
                 and len(top_reports) <= dir_max
                 and all(b.seats[r].role not in (Role.DIRECTOR, Role.VP) for r in top_reports))
        vp_max = int(benchmarks.value("spans.vp_max_directors"))
        count = 1 if small else max(1, math.ceil(len(top_reports) / vp_max))
        heads = [b.add(Role.DIRECTOR if small else Role.VP, "Customer Success",
                       title="Head of Customer Success" if small
                       else "VP Customer Success" + (f" {i + 1}" if count > 1 else ""))
                 for i in range(count)]
        for group, lead in zip(chunks(top_reports, count) or [[]], heads, strict=True):
            b.report(group, lead)
        head = heads[0]
        if count > 1:  # several VPs need one leader (S0: a CCO over the whole post-sale org)
            top = b.add(Role.CCO, "Customer Success")
            b.report(heads, top)
            return top
    cco = (customers >= benchmarks.value("spans.cco_min_customers")
           and people >= benchmarks.value("spans.cco_min_people")
           and functions >= benchmarks.value("spans.cco_min_functions"))
    if cco:
        top = b.add(Role.CCO, "Customer Success")
        b.report([head], top)
        # the CCO owns CS, Support and Onboarding as peers: shared functions report beside CS
        peers = [r for r in shared if b.seats[r].reports_to == head]
        if peers:
            b.report(peers, top)
        return top
    return head
