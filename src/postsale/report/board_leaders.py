"""One board-pack page per leader (issue 13 item 3): each leader reporting to the head of CS, with
the leaders and teams under them as boxes and a table of their teams.

The overview page shows the top two levels; a board member asking "what does Maria's part of the
org look like?" turns to Maria's page: her box (people and cost), every leader reporting to her
with the size of their team, and each group of individual contributors (title, seats, accounts
and cost). Past :data:`MAX_PAGES` leaders the largest get pages and the rest are counted, so a
5,000-seat chart stays a readable document; past :data:`MAX_BOXES` boxes on a page the rest are
one "+N more" box (the table below still lists every team).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from postsale.i18n import current, tr
from postsale.report import fmt
from postsale.report.board_svg import WIDTH, _box, _svg
from postsale.report.org_text import LeaderNode, org_tree

__all__ = ["MAX_BOXES", "MAX_PAGES", "LeaderPage", "leader_pages"]

MAX_PAGES = 12  # leader pages in the pack; the HTML org chart has every leader
MAX_BOXES = 16  # boxes under the leader on one page (4 rows of 4)
MIN_TEAM = 4  # a leader and at least three people: smaller teams are a box, not a page
_PER_ROW = 4


@dataclass(frozen=True)
class LeaderPage:
    """A leader's page: the title, the chart and the rows of the team table."""

    title: str
    summary: str
    svg: Markup
    rows: list[dict[str, str]]


def _boxes(node: LeaderNode, currency: str) -> list[list[str]]:
    boxes: list[list[str]] = []
    for child in node.children:
        boxes.append([child.title,
                      tr("board_leaders.people_cost", n=child.headcount,
                         cost=fmt.money(child.cost, currency)),
                      tr("board_leaders.leads", n=len(child.children) + len(child.groups))])
    for group in node.groups:
        boxes.append([group.title,
                      tr("board_leaders.seats", n=group.count),
                      tr("board_leaders.accounts_cost", accounts=group.accounts,
                         cost=fmt.money(group.cost, currency))])
    if len(boxes) > MAX_BOXES:
        rest = boxes[MAX_BOXES - 1:]
        boxes = [*boxes[:MAX_BOXES - 1], [tr("board_leaders.more", n=len(rest)), "", ""]]
    return boxes


def _chart(node: LeaderNode, currency: str) -> Markup:
    """The leader's box on top, the boxes under it in rows of :data:`_PER_ROW`, joined by lines."""
    boxes = _boxes(node, currency)
    top_w, gap, box_h, row_gap = 300, 8, 50, 18
    body = [_box((WIDTH - top_w) / 2, 2, top_w,
                 [node.title, tr("board_leaders.people_cost", n=node.headcount,
                                 cost=fmt.money(node.cost, currency))], "#1e293b", "#ffffff")]
    w = (WIDTH - gap * (_PER_ROW - 1)) / _PER_ROW
    y0 = 70
    if boxes:
        body.append(f'<line x1="{WIDTH / 2}" y1="38" x2="{WIDTH / 2}" y2="56" stroke="#64748b"/>')
    rows = [boxes[i:i + _PER_ROW] for i in range(0, len(boxes), _PER_ROW)]
    for r, row in enumerate(rows):
        y = y0 + r * (box_h + row_gap)
        n = len(row)
        start = (WIDTH - (n * w + (n - 1) * gap)) / 2
        centres = [start + i * (w + gap) + w / 2 for i in range(n)]
        bus = y - 12
        body.append(f'<line x1="{min(centres[0], WIDTH / 2):.1f}" y1="{bus}" '
                    f'x2="{max(centres[-1], WIDTH / 2):.1f}" y2="{bus}" stroke="#64748b"/>')
        if r:
            body.append(f'<line x1="{WIDTH / 2}" y1="{bus - row_gap - box_h + 12}" '
                        f'x2="{WIDTH / 2}" y2="{bus}" stroke="#cbd5e1" stroke-dasharray="3 3"/>')
        for i, lines in enumerate(row):
            x = start + i * (w + gap)
            body.append(f'<line x1="{x + w / 2:.1f}" y1="{bus}" x2="{x + w / 2:.1f}" y2="{y}" '
                        'stroke="#64748b"/>')
            body.append(_box(x, y, w, [s for s in lines if s], "#f1f5f9", "#0f172a"))
    height = y0 + max(len(rows), 1) * (box_h + row_gap)
    return _svg(height, body, tr("board_leaders.chart_label", leader=node.title))


def _rows(node: LeaderNode, currency: str) -> list[dict[str, str]]:
    rows = [{"unit": c.title, "kind": tr("board_leaders.kind.team"),
             "people": fmt.number(c.headcount), "accounts": "",
             "cost": fmt.money(c.cost, currency)} for c in node.children]
    rows += [{"unit": g.title, "kind": tr("board_leaders.kind.seats"),
              "people": fmt.number(g.count), "accounts": fmt.number(g.accounts),
              "cost": fmt.money(g.cost, currency)} for g in node.groups]
    return rows


def _leaders(root: LeaderNode) -> list[tuple[LeaderNode, LeaderNode]]:
    """(leader, their boss) level by level from the top — the leaders under the head first, then
    theirs — largest teams first within a level; a leader of fewer than :data:`MIN_TEAM` people
    has no page (their box on the boss's page says all there is)."""
    out: list[tuple[LeaderNode, LeaderNode]] = []
    level = [(child, root) for child in root.children]
    while level:
        level.sort(key=lambda pair: (-pair[0].headcount, pair[0].title))
        out += [pair for pair in level if pair[0].headcount >= MIN_TEAM]
        level = [(child, node) for node, _ in level for child in node.children]
    return out


def leader_pages(graph: dict[str, Any] | None, currency: str) -> tuple[list[LeaderPage], int]:
    """The pages of the leaders of ``graph`` (``OrgChart.to_graph()``), level by level from the
    top, up to :data:`MAX_PAGES`, and how many leaders with a team had no page. A chart whose top
    leads only individual contributors has no leader pages (the overview shows all of it)."""
    if not graph:
        return [], 0
    root = org_tree(graph)
    leaders = _leaders(root)
    pages = [LeaderPage(title=node.title,
                        summary=tr("board_leaders.summary", leader=node.title,
                                   boss=boss.title, n=node.headcount,
                                   cost=fmt.money(node.cost, currency),
                                   share=current().percent(node.cost / root.cost, 0)
                                   if root.cost else "—"),
                        svg=_chart(node, currency), rows=_rows(node, currency))
             for node, boss in leaders[:MAX_PAGES]]
    return pages, max(len(leaders) - MAX_PAGES, 0)
