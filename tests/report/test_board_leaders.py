"""The board pack's pages per leader: level by level from the top, the largest teams first, no
page for a team of fewer than four, at most MAX_PAGES pages with the rest counted, and each
page's table adding up to the leader's team."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from postsale.api import demo_inputs, load_inputs, run_plan
from postsale.report.board import render_board_html
from postsale.report.board_leaders import MAX_PAGES, MIN_TEAM, leader_pages
from postsale.report.org_text import org_tree
from postsale.results import PlanResult
from postsale.sample import write_sample

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> PlanResult:
    folder = tmp_path_factory.mktemp("leaders")
    accounts, company = write_sample(Path(folder), 5000, 7, TODAY)
    book, parsed, notes = load_inputs(accounts, company, today=TODAY)
    return run_plan(book, parsed, today=TODAY, notes=notes).result


def _graph(plan: PlanResult) -> dict[str, object]:
    return plan.org.charts[plan.org.recommended]


def test_pages_go_level_by_level_and_skip_small_teams(big: PlanResult) -> None:
    graph = _graph(big)
    pages, rest = leader_pages(graph, big.currency)
    root = org_tree(graph)
    assert pages, "a 5,000-customer chart has leaders under the head"
    assert len(pages) <= MAX_PAGES
    # the first pages are the head's own leaders (largest first)
    top = sorted((c for c in root.children if c.headcount >= MIN_TEAM),
                 key=lambda n: (-n.headcount, n.title))
    assert [p.title for p in pages[:len(top)]] == [n.title for n in top]

    def leaders(node):  # type: ignore[no-untyped-def]
        for child in node.children:
            yield child
            yield from leaders(child)

    with_team = [n for n in leaders(root) if n.headcount >= MIN_TEAM]
    assert len(pages) + rest == len(with_team)


def test_each_pages_table_adds_up_to_the_team(big: PlanResult) -> None:
    graph = _graph(big)
    pages, _ = leader_pages(graph, big.currency)
    by_title = {}
    root = org_tree(graph)
    stack = list(root.children)
    while stack:
        node = stack.pop()
        by_title.setdefault(node.title, []).append(node)
        stack.extend(node.children)
    for page in pages:
        people = sum(int(r["people"].replace(",", "")) for r in page.rows)
        assert any(people == n.headcount - 1 for n in by_title[page.title]), page.title
        assert page.svg.startswith("<svg")


def test_board_pack_has_a_section_per_leader_and_none_for_a_flat_chart(big: PlanResult) -> None:
    pages, _ = leader_pages(_graph(big), big.currency)
    html = render_board_html(big)
    assert html.count('<section class="leader"') == len(pages)
    book, company = demo_inputs(TODAY)
    demo = run_plan(book, company, today=TODAY).result
    assert leader_pages(_graph(demo), demo.currency) == ([], 0)
    assert '<section class="leader"' not in render_board_html(demo)
