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

import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from postsale.core.benchmarks import Benchmarks
from postsale.core.msg import Msg
from postsale.core.org.chart import FunctionalLink, NodeRow, OrgChart, Unit
from postsale.core.org.words import (
    CS_MANAGER,
    CS_NAME,
    CSM_TEAM_LEAD,
    CUSTOMER_SUCCESS,
    HEAD_OF_CS,
    TITLES,
    join_names,
    join_plus,
    join_semicolons,
    key_name,
    signed,
)
from postsale.keys import OrgModel, Role, Tier

__all__ = ["CUSTOMER_SUCCESS", "HEAD_OF_CS", "ChartBuilder", "arrange_counts", "assemble_top",
           "chunk_sizes", "chunks", "join_names", "join_plus", "join_semicolons", "key_name", "lead_unit",
           "lead_unit_heads", "signed", "unit_lead_title"]

def chunk_sizes(total: int, parts: int) -> list[int]:
    """Sizes of ``parts`` contiguous chunks of ``total`` items, differing by at most one (the
    first chunks one larger); fewer parts when there are fewer items."""
    parts = max(1, min(parts, total)) if total > 0 else 0
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def chunks(items: Sequence[str], parts: int) -> list[list[str]]:
    """Split ``items`` into ``parts`` contiguous chunks whose sizes differ by at most one."""
    out: list[list[str]] = []
    start = 0
    for size in chunk_sizes(len(items), parts):
        out.append(list(items[start:start + size]))
        start += size
    return out


def pack(b: ChartBuilder, items: Sequence[str], parts: int, limit: int) -> list[list[str]]:
    """Split the seats of ``items`` into ``parts`` groups of at most ``limit`` seats, keeping each
    unit (function) whole where it fits, so a manager leads whole teams; falls back to even
    chunks (:meth:`ChartBuilder.chunks`)."""
    items = b.resolve(items)
    by_unit: dict[str, list[str]] = {}
    for i in items:
        by_unit.setdefault(b.nodes[i].unit, []).append(i)
    sizes: list[int] = []  # seats per group, planned before any group is cut
    filled = 0
    for members in by_unit.values():
        size = b.size(members)
        if filled + size <= limit:
            filled += size
            continue
        if filled:
            sizes.append(filled)
        while size > limit:
            sizes.append(limit)
            size -= limit
        filled = size
    if filled:
        sizes.append(filled)
    if len(sizes) != parts:
        return b.chunks(items, parts)
    rest = [i for members in by_unit.values() for i in members]
    groups = []
    for size in sizes:
        head, rest = b.take(rest, size)
        groups.append(head)
    return groups


def _head_and_id(role: Role, first: int, count: int) -> tuple[str, str]:
    """The id of a node's first seat and the node's id (:func:`~postsale.core.org.chart.group_id`,
    with plain string operations: a chart adds tens of thousands of nodes)."""
    head = role + "-" + str(first)
    return head, (head if count == 1 else head + ".." + str(first + count - 1))


@dataclass(slots=True)
class _Node:
    """``count`` identical seats numbered ``first`` … ``first + count - 1`` within their role;
    ``accounts`` is their total (front-loaded: :func:`~postsale.core.org.chart.seat_accounts`)."""

    id: str
    title: Msg
    role: Role
    unit: str
    first: int
    count: int = 1
    seq: int = 0  # when it was added: the parts of a cut group keep the group's
    head: str = ""  # the id of its first seat (the chart orders nodes by it)
    reports_to: str | None = None
    tier: Tier | None = None
    accounts: int = 0
    languages: tuple[str, ...] = ()
    timezone: str | None = None
    regions: tuple[str, ...] = ()


@dataclass
class ChartBuilder:
    """Accumulates nodes (a seat or a group of identical seats); ``freeze`` computes levels and
    costs and returns the frozen chart.

    Lists of node ids stand for their seats in order. Cutting a group (to put its seats under
    different leaders) replaces it by nodes for its parts; every method resolves the ids of cut
    groups, so a caller's list stays valid after any cut.
    """

    benchmarks: Benchmarks
    nodes: dict[str, _Node] = field(default_factory=dict)
    links: list[tuple[str, str, Msg]] = field(default_factory=list)
    unit_names: dict[str, Msg] = field(default_factory=lambda: {CUSTOMER_SUCCESS: CS_NAME})
    titles: dict[tuple[str, ...], Msg] = field(default_factory=dict)  # see _manager_of
    _counters: dict[str, int] = field(default_factory=dict)
    _split: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _seq: Iterator[int] = field(default_factory=itertools.count)
    _spans: tuple[Benchmarks, tuple[int, float, int, float, float]] | None = None

    def unit_spans(self, benchmarks: Benchmarks) -> tuple[int, float, int, float, float]:
        """The spans :func:`lead_unit_heads` reads (manager max, team lead, team leads per
        manager, manager, team leads from CSMs), looked up once per chart: a pod chart leads
        thousands of pods."""
        if self._spans is None or self._spans[0] is not benchmarks:
            self._spans = (benchmarks, (
                int(benchmarks.value("spans.manager_max")), benchmarks.value("spans.team_lead"),
                int(benchmarks.value("spans.manager_team_leads")),
                benchmarks.value("spans.manager"), benchmarks.value("spans.team_leads_from_csms")))
        return self._spans[1]

    def name(self, unit: str, name: Msg) -> str:
        """Name the unit ``unit`` (a key) and return the key."""
        self.unit_names[unit] = name
        return unit

    def label(self, unit: str) -> Msg:
        """The name of the unit ``unit`` (its key, as a name, when it was never named)."""
        return self.unit_names.get(unit) or Msg("org_chart.unit.named", name=unit)

    def add(self, role: Role, unit: str, *, count: int = 1, title: Msg | None = None,
            reports_to: str | None = None, tier: Tier | None = None, accounts: int = 0,
            languages: tuple[str, ...] = (), timezone: str | None = None,
            regions: tuple[str, ...] = ()) -> str:
        """Add ``count`` identical seats as one node and return its id (``<role>-<n>`` or
        ``<role>-<n>..<m>``, stable for the same inputs). ``accounts`` is the group's total."""
        if count < 1:
            raise ValueError(f"a node needs at least one seat (got {count})")  # i18n: not text
        # inlined _head_and_id: a 1M-account book's four charts make ~20k calls
        counters = self._counters
        first = counters.get(role, 0) + 1
        last = counters[role] = first + count - 1
        head = role + "-" + str(first)
        node_id = head if count == 1 else head + ".." + str(last)
        self.nodes[node_id] = _Node(node_id, title or TITLES[role], role, unit, first, count,
                                    next(self._seq), head, reports_to, tier,
                                    accounts, languages, timezone, regions)
        return node_id

    def next_id(self, role: Role) -> str:
        """The id the next single seat of ``role`` will get: a unit's members can be added
        reporting to a lead that is added after them (as :func:`lead_unit` orders them)."""
        return role + "-" + str(self._counters.get(role, 0) + 1)

    def group(self, role: Role, unit: str, count: int, **attrs: Any) -> list[str]:
        """``count`` identical seats as a list of node ids: one node, or none when count is 0."""
        return [self.add(role, unit, count=count, **attrs)] if count > 0 else []

    def resolve(self, ids: Iterable[str]) -> list[str]:
        """The current node ids of ``ids`` in seat order (a split group becomes its parts)."""
        split = self._split
        out: list[str] = []
        for i in ids:
            if i not in split:
                out.append(i)
                continue
            stack = [i]
            while stack:
                j = stack.pop()
                if j in split:
                    stack += reversed(split[j])
                else:
                    out.append(j)
        return out

    def size(self, ids: Iterable[str]) -> int:
        """How many seats the nodes ``ids`` stand for."""
        nodes = self.nodes
        return sum(nodes[i].count for i in (self.resolve(ids) if self._split else ids))

    def in_order(self) -> list[_Node]:
        """The nodes in the order their seats were added."""
        return sorted(self.nodes.values(), key=lambda n: (n.seq, n.first))

    @property
    def seats(self) -> dict[str, _Node]:
        """The nodes by id (the name from when every node was one seat; a node may be a group)."""
        return self.nodes

    @property
    def seat_count(self) -> int:
        return sum(n.count for n in self.nodes.values())

    def cut(self, node_id: str, sizes: Sequence[int]) -> list[str]:
        """Cut a group into consecutive parts of ``sizes`` seats (summing to its count); returns
        their ids. Each part keeps its seats' accounts (front-loaded, as in the group)."""
        node = self.nodes.pop(node_id)
        if sum(sizes) != node.count or min(sizes) < 1:
            raise ValueError(f"cannot cut {node.count} seats into {list(sizes)}")  # i18n: not text
        q, r = divmod(node.accounts, node.count)
        parts: list[str] = []
        offset = 0
        for k in sizes:
            first = node.first + offset
            head, part_id = _head_and_id(node.role, first, k)
            self.nodes[part_id] = _Node(
                part_id, node.title, node.role, node.unit, first, k, node.seq, head,
                node.reports_to, node.tier,
                k * q + max(0, min(offset + k, r) - offset), node.languages, node.timezone,
                node.regions)
            parts.append(part_id)
            offset += k
        self._split[node_id] = tuple(parts)
        return parts

    def take(self, ids: Sequence[str], n: int) -> tuple[list[str], list[str]]:
        """The nodes of the first ``n`` seats of ``ids`` and of the rest (cutting one group)."""
        head, rest = self.chunks_of(ids, [n])
        return head, rest

    def chunks_of(self, ids: Sequence[str], sizes: Sequence[int]) -> list[list[str]]:
        """The seats of ``ids`` in consecutive chunks of ``sizes`` seats, then one chunk with the
        seats left over; groups are cut at chunk boundaries."""
        out: list[list[str]] = [[] for _ in range(len(sizes) + 1)]
        g, room = 0, (sizes[0] if sizes else -1)
        for node_id in self.resolve(ids):
            remaining = self.nodes[node_id].count
            pieces: list[tuple[int, int]] = []  # (chunk, seats)
            while remaining:
                while room == 0 and g < len(sizes):
                    g += 1
                    room = sizes[g] if g < len(sizes) else -1
                k = remaining if room < 0 else min(room, remaining)
                pieces.append((g, k))
                remaining -= k
                if room > 0:
                    room -= k
            if len(pieces) == 1:
                out[pieces[0][0]].append(node_id)
            else:
                for (chunk, _), part in zip(pieces, self.cut(node_id, [k for _, k in pieces]),
                                            strict=True):
                    out[chunk].append(part)
        return out

    def chunks(self, ids: Sequence[str], parts: int) -> list[list[str]]:
        """The seats of ``ids`` in ``parts`` contiguous chunks whose sizes differ by at most one,
        cutting groups at chunk boundaries."""
        sizes = chunk_sizes(self.size(ids), parts)
        return self.chunks_of(ids, sizes)[:len(sizes)]

    def report(self, members: Sequence[str], leader: str) -> None:
        if self.nodes[leader].count != 1:
            raise ValueError(f"{leader} is a group of seats; only one seat can lead")
        nodes = self.nodes
        for member in self.resolve(members) if self._split else members:  # nothing cut: as given
            nodes[member].reports_to = leader

    def link(self, leader: str, members: Sequence[str], label: Msg) -> None:
        self.links.extend((leader, m, label) for m in self.resolve(members))

    def freeze(self, model: OrgModel, units: Sequence[Unit], *, differences: Sequence[Msg] = (),
               notes: Sequence[Msg] = (), coverage: dict[str, object] | None = None) -> OrgChart:
        children: dict[str | None, list[str]] = {}
        for node in self.nodes.values():
            children.setdefault(node.reports_to, []).append(node.id)
        levels: dict[str, int] = {}
        frontier, depth = children.get(None, []), 0
        while frontier:
            nxt: list[str] = []
            for node_id in frontier:
                levels[node_id] = depth
                nxt += children.get(node_id, ())
            frontier, depth = nxt, depth + 1
        if len(levels) != len(self.nodes):
            cut = next(n for n in self.nodes if n not in levels)
            raise ValueError(  # i18n: not text
                f"reporting cycle through {cut} (or a manager outside the chart)")  # i18n: not text
        cost = {role: self.benchmarks.value(f"costs.{role}") for role in Role}
        nodes = list(self.nodes.values())
        keys = [(levels[s.id], s.unit, s.head) for s in nodes]
        # by level, unit and first seat id, as seat by seat (first seat ids are unique)
        order = [nodes[k] for k in sorted(range(len(nodes)), key=keys.__getitem__)]
        rows: tuple[NodeRow, ...] = tuple(
            (s.id, s.title, s.role, levels[s.id], s.unit, s.reports_to, s.tier, s.accounts,
             s.languages, s.timezone, s.regions, cost[s.role] * s.count, s.count)
            for s in order
        )
        links = tuple(FunctionalLink(leader=leader, member=member, label=label)
                      for leader, member, label in self.links)
        return OrgChart(model=model, rows=rows, units=tuple(units),
                        functional_links=links, differences=tuple(differences),
                        notes=tuple(notes), coverage=coverage, unit_names=dict(self.unit_names))


def arrange_counts(b: ChartBuilder, csms: Sequence[str], others: Sequence[str],
                   counts: dict[Role, int], unit: str = CUSTOMER_SUCCESS) -> str | None:
    """Place exactly ``counts`` leaders (from ``capacity.leadership``) over the ICs; return the top.

    CSMs go to team leads (≤ 5 each), team leads to the first managers (``spans.manager_team_leads``
    each, 3 by default), the other specialists to the remaining managers (≤ 8 each, contiguous so
    each manager leads whole functions where possible); managers to directors, directors to the VP,
    the VP to the CCO.
    With no leader at all (≤ 3 people) the first CSM is the player-coach lead; with nobody at all
    (a book without paying customers) the chart is empty and there is no top.
    """
    ics = [*csms, *others]
    team_leads = [b.add(Role.TEAM_LEAD, unit, title=CSM_TEAM_LEAD)
                  for _ in range(counts.get(Role.TEAM_LEAD, 0))]
    managers = [b.add(Role.MANAGER, unit) for _ in range(counts.get(Role.MANAGER, 0))]
    directors = [b.add(Role.DIRECTOR, unit) for _ in range(counts.get(Role.DIRECTOR, 0))]
    vps = [b.add(Role.VP, unit) for _ in range(counts.get(Role.VP, 0))]
    vp = vps[0] if vps else None
    cco = b.add(Role.CCO, unit) if counts.get(Role.CCO, 0) else None

    if not (team_leads or managers or directors or vp or cco):
        if not ics:
            return None
        first, rest_ics = b.take(ics, 1)
        lead = first[0]
        b.nodes[lead].title = Msg("org_chart.title.player_coach", title=b.nodes[lead].title)
        b.report(rest_ics, lead)
        return lead

    if team_leads:
        for group, lead in zip(b.chunks(csms, len(team_leads)), team_leads, strict=True):
            b.report(group, lead)
        csm_managers = math.ceil(len(team_leads) / int(b.benchmarks.value("spans.manager_team_leads")))
        for group, manager in zip(chunks(team_leads, csm_managers), managers[:csm_managers],
                                  strict=True):
            b.report(group, manager)
        rest = managers[csm_managers:]
        if others:
            if not rest:
                raise ValueError("specialists need a manager")  # i18n: not text
            limit = int(b.benchmarks.value("spans.manager_max"))
            for group, manager in zip(pack(b, others, len(rest), limit), rest, strict=True):
                b.report(group, manager)
        for manager in managers[:csm_managers]:
            b.nodes[manager].title = CS_MANAGER
    elif len(managers) >= 2 and not (directors or vp or cco):
        # no director layer yet: the Head of CS is the first manager and leads the others
        limit = int(b.benchmarks.value("spans.manager_max"))
        groups = pack(b, ics, len(managers), limit)
        cap = limit - (len(managers) - 1)  # the head also leads the other managers
        if b.size(groups[0]) > cap:
            kept, overflow = b.take(groups[0], cap)
            smallest = min(range(1, len(groups)), key=lambda g: b.size(groups[g]))
            groups[0], groups[smallest] = kept, groups[smallest] + overflow
        for group, manager in zip(groups, managers, strict=True):
            b.report(group, manager)
        head = managers[0]
        b.nodes[head].title = HEAD_OF_CS
        b.report(managers[1:], head)
        for manager in managers[1:]:
            units = dict.fromkeys(b.nodes[i].unit for i in b.nodes if b.nodes[i].reports_to == manager)
            b.nodes[manager].title = _manager_of(b, units)
        return head
    elif managers and (directors or vp or cco):
        limit = int(b.benchmarks.value("spans.manager_max"))
        for group, manager in zip(pack(b, ics, len(managers), limit), managers, strict=True):
            b.report(group, manager)
    elif managers:
        head = managers[0]
        b.nodes[head].title = HEAD_OF_CS
        b.report(ics, head)
        managers_below: list[str] = []
        top = head
        return _stack(b, top, managers_below, directors, vps, cco)
    units_led: dict[str, dict[str, None]] = {}
    for seat in b.in_order():  # one pass: which functions each leader leads
        if seat.reports_to is not None:
            units_led.setdefault(seat.reports_to, {})[seat.unit] = None
    for manager in managers:
        if b.nodes[manager].title == TITLES[Role.MANAGER]:
            b.nodes[manager].title = _manager_of(b, units_led.get(manager, {}))
    return _stack(b, None, managers, directors, vps, cco)


def _manager_of(b: ChartBuilder, units: Iterable[str]) -> Msg:
    """"Manager — Onboarding, Support": a manager titled by the units it leads (one object per
    set of units, shared by the managers who lead the same units)."""
    keys = tuple(units)
    title = b.titles.get(keys)
    if title is None:
        names = [b.label(u) for u in keys]
        title = b.titles[keys] = Msg("org_chart.title.manager_of", units=join_names(names)) \
            if names else TITLES[Role.MANAGER]
    return title


_MANAGER_OF = ("org_chart.title.manager_of",)


def _stack(b: ChartBuilder, top: str | None, managers: list[str], directors: list[str],
           vps: list[str], cco: str | None) -> str:
    """Hang managers under directors, directors under the VPs, the VPs under the CCO.

    A VP leads at most ``spans.vp_max_directors`` directors (more VPs above that, under a CCO). A
    CCO owns CS, Support and Onboarding as peers (S0; DOMAIN.md §10.5): under a single VP of CS,
    the leader of the specialist functions reports to the CCO beside the VP, never a CCO of one.
    """
    vp = vps[0] if vps else None
    if top is None and not directors and not vps and managers:
        top = managers[0]  # the Head of CS is a manager leading the other managers
        b.nodes[top].title = HEAD_OF_CS
        b.report(managers[1:], top)
    if directors and vp is None and len(directors) == 1:
        head = directors[0]
        b.nodes[head].title = Msg("org_chart.title.director_head_of_cs")
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
                title = b.nodes[peer].title
                base = TITLES[Role.MANAGER] if title.code in _MANAGER_OF else title
                b.nodes[peer].title = Msg("org_chart.title.peer_of_cs", title=base)
        for i, head in enumerate(vps):
            if len(vps) > 1:
                b.nodes[head].title = Msg("org_chart.title.vp_n", number=i + 1)
        top = cco
    assert top is not None
    return top


def _lead_groups(b: ChartBuilder, name: str, groups: list[list[str]], benchmarks: Benchmarks,
                 unit_title: Msg, split: bool) -> list[str]:
    """Lead already-formed groups: managers over groups, a director over ≤ 4 managers, a unit VP
    over directors (≤ 3 managers each) when a unit is larger still. Returns the unit's heads: one,
    or with ``split`` several unit VPs when one would lead more than ``spans.vp_max_directors``."""
    dir_max = int(benchmarks.value("spans.director_max_managers"))
    dir_mgrs = int(benchmarks.value("spans.director_managers"))
    vp_max = benchmarks.value("spans.vp_max_directors")
    managers = []
    label = b.label(name)
    manager_of = Msg("org_chart.title.manager_of", units=label)
    for group in groups:
        manager = b.add(Role.MANAGER, name, title=manager_of)
        b.report(group, manager)
        managers.append(manager)
    if len(managers) <= dir_max:
        head = b.add(Role.DIRECTOR, name, title=Msg("org_chart.title.unit_director",
                                                     kind=unit_title, unit=label))
        b.report(managers, head)
        return [head]
    directors = math.ceil(len(managers) / dir_mgrs)
    if directors > vp_max:
        # keep the VP's span within the seeds': directors take the top of their 2–4 band first
        directors = math.ceil(len(managers) / dir_max)
    n_vps = math.ceil(directors / vp_max) if split and directors > vp_max else 1
    heads = [b.add(Role.VP, name, title=Msg("org_chart.title.unit_vp_part", kind=unit_title,
                                            unit=label, part=k + 1, parts=n_vps)
                   if n_vps > 1 else Msg("org_chart.title.unit_vp", kind=unit_title, unit=label))
             for k in range(n_vps)]
    leads = []
    director_of = Msg("org_chart.title.director_of", unit=label)
    for chunk in chunks(managers, directors):
        director = b.add(Role.DIRECTOR, name, title=director_of)
        b.report(chunk, director)
        leads.append(director)
    for group, head in zip(chunks(leads, n_vps), heads, strict=True):
        b.report(group, head)
    return heads


def unit_lead_title(unit_title: Msg, name: Msg) -> Msg:
    """The title of the one manager-level lead of a unit of at most ``spans.manager_max``."""
    return Msg("org_chart.title.unit_lead", kind=unit_title, unit=name)


def lead_unit(b: ChartBuilder, name: str, csms: list[str], others: list[str],
              benchmarks: Benchmarks, *, unit_title: Msg) -> str:
    """Lead one pod or region and return its head (see :func:`lead_unit_heads`)."""
    return lead_unit_heads(b, name, csms, others, benchmarks, unit_title=unit_title,
                           split=False)[0]


def lead_unit_heads(b: ChartBuilder, name: str, csms: list[str], others: list[str],
                    benchmarks: Benchmarks, *, unit_title: Msg, split: bool = True) -> list[str]:
    """Lead one pod or region and return its heads (several unit VPs only for a unit too large
    for one VP's span, with ``split``).

    ≤ 10 people: one manager-level unit lead. Larger: team leads over CSMs (≤ 5 each) once CSMs
    outgrow one span, managers over ≤ 3 team leads or ≤ 8 specialists, then a director (≤ 4
    managers) or a unit VP over directors.
    """
    span_max, span_tl, tls_per_mgr, span_mgr, tls_from_csms = b.unit_spans(benchmarks)
    members = [*csms, *others]
    if b.size(members) <= span_max:
        lead = b.add(Role.MANAGER, name, title=unit_lead_title(unit_title, b.label(name)))
        b.report(members, lead)
        return [lead]
    tls: list[str] = []
    csm_seats = b.size(csms)
    if csm_seats > tls_from_csms:
        team_lead_of = Msg("org_chart.title.team_lead_of", unit=b.label(name))
        tls = [b.add(Role.TEAM_LEAD, name, title=team_lead_of)
               for _ in range(math.ceil(csm_seats / span_tl))]
        for group, tl in zip(b.chunks(csms, len(tls)), tls, strict=True):
            b.report(group, tl)
        rest = list(others)
    else:
        rest = members
    rest_seats = b.size(rest)
    if not tls and rest_seats <= span_max:
        lead = b.add(Role.MANAGER, name, title=unit_lead_title(unit_title, b.label(name)))
        b.report(rest, lead)
        return [lead]
    groups = chunks(tls, math.ceil(len(tls) / tls_per_mgr)) if tls else []
    groups += b.chunks(rest, math.ceil(rest_seats / span_mgr)) if rest else []
    if len(groups) == 1:
        lead = b.add(Role.MANAGER, name, title=unit_lead_title(unit_title, b.label(name)))
        b.report(groups[0], lead)
        return [lead]
    return _lead_groups(b, name, groups, benchmarks, unit_title, split)


def assemble_top(b: ChartBuilder, clusters: dict[str, list[str]], shared: list[str],
                 benchmarks: Benchmarks, *, people: int, customers: int, functions: int,
                 cluster_title: Msg) -> str:
    """Put the unit heads of each cluster (segment or region) under a cluster director when a
    cluster has several manager-level heads, then everything under the head of CS (a director up
    to 30 people and 4 reports, else a VP) and, for large complex orgs, a CCO. Returns the top."""
    dir_max = int(benchmarks.value("spans.director_max_managers"))
    dir_mgrs = int(benchmarks.value("spans.director_managers"))
    top_reports: list[str] = []
    for cluster, heads in clusters.items():
        managers = [h for h in heads if b.nodes[h].role in (Role.MANAGER, Role.TEAM_LEAD)]
        led = set(managers)
        bigger = [h for h in heads if h not in led]
        top_reports.extend(bigger)
        if len(managers) <= 1:
            top_reports.extend(managers)
            continue
        cluster_director = Msg("org_chart.title.unit_director", kind=cluster_title,
                               unit=b.label(cluster))
        for chunk in chunks(managers, math.ceil(len(managers) / dir_mgrs)):
            director = b.add(Role.DIRECTOR, cluster, title=cluster_director)
            b.report(chunk, director)
            top_reports.append(director)
    top_reports.extend(shared)
    if b.size(top_reports) == 1 and b.nodes[top_reports[0]].role is not Role.TEAM_LEAD:
        head = top_reports[0]
    else:
        small = (people <= benchmarks.value("spans.director_people")
                 and b.size(top_reports) <= dir_max
                 and all(b.nodes[r].role not in (Role.DIRECTOR, Role.VP) for r in top_reports))
        vp_max = int(benchmarks.value("spans.vp_max_directors"))
        count = 1 if small else max(1, math.ceil(b.size(top_reports) / vp_max))
        heads = [b.add(Role.DIRECTOR if small else Role.VP, CUSTOMER_SUCCESS,
                       title=HEAD_OF_CS if small
                       else Msg("org_chart.title.vp_n", number=i + 1) if count > 1
                       else TITLES[Role.VP])
                 for i in range(count)]
        for group, lead in zip(b.chunks(top_reports, count) or [[]], heads, strict=True):
            b.report(group, lead)
        head = heads[0]
        if count > 1:  # several VPs need one leader (S0: a CCO over the whole post-sale org)
            top = b.add(Role.CCO, CUSTOMER_SUCCESS)
            b.report(heads, top)
            return top
    cco = (customers >= benchmarks.value("spans.cco_min_customers")
           and people >= benchmarks.value("spans.cco_min_people")
           and functions >= benchmarks.value("spans.cco_min_functions"))
    if cco:
        top = b.add(Role.CCO, CUSTOMER_SUCCESS)
        b.report([head], top)
        # the CCO owns CS, Support and Onboarding as peers: shared functions report beside CS
        peers = [r for r in shared if b.nodes[r].reports_to == head]
        if peers:
            b.report(peers, top)
        return top
    return head
