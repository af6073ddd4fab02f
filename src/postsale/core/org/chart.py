"""Org-chart data model: nodes (a seat, or a group of identical seats), reporting lines, units, and
what a chart costs.

A chart is a tree: every node but the top reports to exactly one node. A node stands for ``count``
identical seats — same role, unit, title, tier, manager, languages, time zone and regions — so a
million-account book draws a few thousand nodes per chart instead of ~50,000 seats. Leaders are
always single seats (a seat that others report to is one person). For a group, ``accounts`` and
``cost`` are the totals of its seats; its seats split the accounts as evenly as whole accounts
allow, the first seats taking one more (:func:`seat_accounts`).

Seat ids are ``<role>-<n>``, numbered per role in the order the chart adds them; a group of seats
``n`` … ``m`` has the id ``<role>-<n>..<m>`` (:func:`group_id`, :func:`seat_ids`), so expanding a
chart gives the same seats, ids and reporting lines as drawing every seat one by one.
``to_graph()`` gives the ``{nodes, edges}`` JSON of ``org.charts.<model>``; each node carries
``count`` and ``cost`` (the group's total).

A chart keeps its nodes as plain tuples (:data:`NodeRow`, a :class:`Position`'s fields in order):
the plan draws four charts of tens of thousands of nodes and reads them only for their headcount,
cost and JSON, so ``Position`` objects are built only when a caller asks for ``nodes``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from pydantic import ConfigDict

from postsale.core.msg import Msg
from postsale.keys import LEADERSHIP_ROLES, ROLE_KEYS, OrgModel, Role, Tier
from postsale.results_text import Text, TextModel

__all__ = ["FunctionalLink", "NodeRow", "OrgChart", "Position", "Unit", "group_id",
           "seat_accounts", "seat_ids"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


def group_id(role: str, first: int, count: int) -> str:
    """``csm_low_touch-7`` for one seat, ``csm_low_touch-7..18`` for seats 7 to 18."""
    head = str.__str__(role) + "-" + str(first)  # role may be a Role (a str enum)
    return head if count == 1 else head + ".." + str(first + count - 1)


def seat_ids(node_id: str, count: int = 1) -> list[str]:
    """The ids of the seats a node stands for (its own id when it is one seat)."""
    if count == 1 and ".." not in node_id:
        return [node_id]
    role, numbers = node_id.rsplit("-", 1)
    first = int(numbers.split("..", 1)[0])
    return [f"{role}-{first + i}" for i in range(count)]


def seat_accounts(total: int, count: int) -> list[int]:
    """A group's accounts seat by seat: as even as whole accounts allow, the first seats one more."""
    q, r = divmod(total, count) if count else (0, 0)
    return [q + 1] * r + [q] * (count - r)


@dataclass(frozen=True, slots=True)
class Position:
    """One node of the chart: ``count`` identical seats (filled or open requisitions — the chart
    does not know people). ``accounts`` and ``cost`` are the group's totals.

    A plain slotted dataclass, not a pydantic model: the builder is the only producer.
    """

    id: str
    title: Msg
    role: Role
    level: int  # 0 = top; depth in the tree
    unit: str  # the key of the function, pod or region the seat belongs to (OrgChart.unit_names)
    reports_to: str | None
    tier: Tier | None = None
    accounts: int = 0
    languages: tuple[str, ...] = ()
    timezone: str | None = None
    regions: tuple[str, ...] = ()  # regions this seat serves; empty = every region
    cost: float = 0.0
    count: int = 1

    @property
    def is_leader(self) -> bool:
        return self.role in LEADERSHIP_ROLES

    def seats(self) -> list[Position]:
        """The individual seats of this node (itself when it is one seat)."""
        if self.count == 1:
            return [self]
        each = self.cost / self.count
        return [replace(self, id=i, accounts=a, cost=each, count=1)
                for i, a in zip(seat_ids(self.id, self.count),
                                seat_accounts(self.accounts, self.count), strict=True)]


# A Position's fields in order: id, title, role, level, unit, reports_to, tier, accounts,
# languages, timezone, regions, cost, count.
NodeRow = tuple[str, Msg, Role, int, str, "str | None", "Tier | None", int, tuple[str, ...],
                "str | None", tuple[str, ...], float, int]


class Unit(TextModel):
    """A pod, region or function: what it serves and how many seats it has. ``key`` is the unit
    key its seats carry (stable in every language); ``name`` and ``detail`` are messages."""

    model_config = _FROZEN

    name: Text
    kind: str  # "function" | "pod" | "region" | "shared"
    accounts: int
    arr: float
    positions: int
    detail: Text
    key: str = ""


class FunctionalLink(TextModel):
    """A dotted line (functional leadership across pods or regions), not a reporting line.
    ``member`` is a node id: the link runs to every seat of the node."""

    model_config = _FROZEN

    leader: str
    member: str
    label: Text


@dataclass(frozen=True)
class OrgChart:
    """One organization model drawn for this company, as nodes (groups of identical seats).

    ``rows`` holds the nodes as tuples (see :data:`NodeRow`), ordered by level, unit and id;
    :attr:`nodes` gives them as :class:`Position` objects."""

    model: OrgModel
    rows: tuple[NodeRow, ...]
    units: tuple[Unit, ...]
    functional_links: tuple[FunctionalLink, ...] = ()
    differences: tuple[Msg, ...] = ()
    notes: tuple[Msg, ...] = ()
    coverage: dict[str, Any] | None = None
    unit_names: dict[str, Msg] = field(default_factory=dict)  # unit key → its name
    reasons: dict[str, Msg] = field(default_factory=dict)  # role key → why its count differs

    def with_differences(self, differences: tuple[Msg, ...],
                         reasons: dict[str, Msg] | None = None) -> OrgChart:
        """The same chart with its explanation of how it differs from the role-based plan
        (``reasons``: role by role, read by the plan's formulas as data, never parsed)."""
        return replace(self, differences=differences,
                       reasons=dict(reasons) if reasons is not None else self.reasons)

    @cached_property
    def nodes(self) -> tuple[Position, ...]:
        """The nodes as :class:`Position` objects, built on first use."""
        return tuple(Position(*row) for row in self.rows)

    @property
    def top(self) -> Position | None:
        """The one node that reports to nobody (None for an empty chart)."""
        return next((p for p in self.nodes if p.reports_to is None), None)

    @cached_property
    def positions(self) -> tuple[Position, ...]:
        """Every seat on its own (groups expanded), ordered by level, unit and id — the chart as
        it was before nodes could stand for groups. Costs a Python object per seat: for tests
        and small charts; everything on the plan's path reads ``nodes``."""
        seats = [s for p in self.nodes for s in p.seats()]
        return tuple(sorted(seats, key=lambda s: (s.level, s.unit, s.id)))

    @cached_property
    def _headcount(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for row in self.rows:
            counts[row[2]] += row[12]
        out = {str(r): counts.get(str(r), 0) for r in ROLE_KEYS}
        out["total"] = sum(counts.values())
        return out

    @property
    def headcount(self) -> dict[str, int]:
        """Seats per role key (a group counts ``count`` seats) and ``total``."""
        return dict(self._headcount)

    @property
    def cost(self) -> float:
        return float(sum(row[11] for row in self.rows))

    def direct_reports(self) -> dict[str, list[Position]]:
        """Each seat's direct reports, seat by seat (groups expanded; see :attr:`positions`)."""
        return _reports(self.positions)

    def node_reports(self) -> dict[str, list[Position]]:
        """Each node's direct reports as nodes (a group counts ``count`` seats)."""
        return _reports(self.nodes)

    def to_graph(self) -> dict[str, Any]:
        """``{seats, nodes, edges, headcount, cost, units, differences, notes, coverage}`` for JSON;
        each node has ``count`` seats, and ``accounts`` and ``cost`` are their totals. ``seats`` is
        the chart's seat count (= ``headcount.total``), so no reader counts nodes for people.

        A node's ``title`` and ``unit`` are words in the active language, beside keys that are the
        same in every language: ``title_code``, ``unit_key`` and ``family_key`` (the title without
        its numbers, so a report folds "Pod Lead — Enterprise pod 01 … 40" by key; ``family`` is
        its words). Units, links, differences and notes stay messages: the result's JSON renders
        them in its own language with their codes (``results_tree``)."""
        headcount = self.headcount
        text = _TEXT
        names = self.unit_names
        # Titles and unit names are rendered once per distinct message object (a unit's name is
        # one object wherever a title names the unit): the nodes are plain data, never walked
        # again; units, links, differences and notes stay messages, rendered by the JSON.
        words: dict[int, str] = {}
        families: dict[int, tuple[str, str]] = {}
        memo: dict[int, Msg] = {}

        def say(msg: Msg) -> str:
            out = words.get(id(msg))
            if out is None:
                out = words[id(msg)] = str(msg)
            return out

        by_key: dict[str, str] = {}  # a family's words by its key: every pod of a segment's

        keys: dict[int, str] = {}  # family keys of titles and the names nested in them, by object

        def family(msg: Msg) -> tuple[str, str]:
            out = families.get(id(msg))
            if out is None:
                key = _key_of_family(msg, keys)
                shown = by_key.get(key)
                if shown is None:  # a new family: its words, once
                    shown = by_key[key] = say(_family(msg, memo))
                out = families[id(msg)] = (shown, key)
            return out

        unit_words = {key: say(names[key]) if key in names else key
                      for key in {row[4] for row in self.rows}}
        # per distinct title object: (words, code, family words, family key) — one lookup a node
        shown: dict[int, tuple[str, str, str, str]] = {}
        for row in self.rows:
            if id(row[1]) not in shown:
                kin = family(row[1])
                shown[id(row[1])] = (say(row[1]), row[1].code, kin[0], kin[1])
        nodes = [{"id": i, "title": words[0], "title_code": words[1],
                  "family": words[2], "family_key": words[3],
                  "role": text[role], "level": level,
                  "unit": unit_words[unit], "unit_key": unit, "reports_to": up,
                  "tier": text[tier], "accounts": accounts,
                  "languages": list(languages), "timezone": zone,
                  "regions": list(regions), "cost": cost, "count": count}
                 for (i, title, role, level, unit, up, tier, accounts, languages, zone, regions,
                      cost, count) in self.rows
                 for words in (shown[id(title)],)]
        return {
            "seats": headcount["total"],
            "nodes": nodes,
            "edges": [{"from": row[5], "to": row[0]} for row in self.rows
                      if row[5] is not None],
            "functional_links": [{"leader": f.leader, "member": f.member, "label": f.label}
                                 for f in self.functional_links],
            "headcount": headcount,
            "cost": self.cost,
            "units": [{"name": u.name, "kind": u.kind, "accounts": u.accounts, "arr": u.arr,
                       "positions": u.positions, "detail": u.detail, "key": u.key}
                      for u in self.units],
            "differences": list(self.differences),
            "notes": list(self.notes),
            "coverage": self.coverage,
        }


# Numbered titles and unit names and their family (the same without the number): a report folds
# a long run of one family ("Pod Lead — Enterprise pod 01 … 40") in any language by its key.
_FAMILY = {"org_chart.unit.pod_n": "org_chart.unit.pod", "org_chart.title.vp_n": "org_chart.title.vp",
           "org_chart.title.unit_vp_part": "org_chart.title.unit_vp"}
_NUMBERS = ("number", "part", "parts")


def _family(msg: Msg, memo: dict[int, Msg]) -> Msg:
    """``msg`` without its numbers (the family a numbered title or unit belongs to); ``msg``
    itself when it holds no number. ``memo``: by object, for the nested names titles share."""
    out = memo.get(id(msg))
    if out is not None:
        return out
    code = _FAMILY.get(msg.code, msg.code)
    params = {k: (_family(v, memo) if isinstance(v, Msg) else v) for k, v in msg.items()
              if not (code != msg.code and k in _NUMBERS)}
    same = code == msg.code and all(params[k] is v for k, v in msg.items())
    out = memo[id(msg)] = msg if same else Msg(code, **params)
    return out


def _key_of_family(msg: Msg, memo: dict[int, str]) -> str:
    """A language-independent key of ``msg``'s family (:func:`_family`: the codes and names
    inside, numbers dropped where a code is numbered), straight from ``msg`` without building
    the family's message; memoized by object."""
    out = memo.get(id(msg))
    if out is None:
        code = _FAMILY.get(msg.code, msg.code)
        numbered = code != msg.code
        inner = ",".join(f"{k}={_key_of_family(v, memo) if isinstance(v, Msg) else v}"
                         for k, v in sorted(msg.items()) if not (numbered and k in _NUMBERS))
        out = memo[id(msg)] = f"{code}({inner})" if inner else code
    return out


# to_graph's plain values: role and tier keys as str (looked up, not converted per node)
_TEXT: dict[Role | Tier | None, str | None] = {
    **{r: str(r) for r in Role}, **{t: str(t) for t in Tier}, None: None}


def _reports(items: Sequence[Position]) -> dict[str, list[Position]]:
    """Each item's direct reports among ``items``."""
    reports: dict[str, list[Position]] = {p.id: [] for p in items}
    for p in items:
        if p.reports_to is not None:
            reports[p.reports_to].append(p)
    return reports
