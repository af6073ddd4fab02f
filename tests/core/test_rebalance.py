"""The team in seat compared as workload: retitles within a role family before requisitions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import make_book, plan

from postsale.core.rebalance import FAMILIES, may_retitle, rebalance
from postsale.keys import ROLE_KEYS, Role

COUNTS = st.dictionaries(st.sampled_from(ROLE_KEYS), st.integers(0, 30))


def test_a_surplus_of_one_csm_kind_covers_another_before_any_requisition() -> None:
    moved = rebalance({Role.CSM_HIGH_TOUCH: 12, Role.CSM_LOW_TOUCH: 9},
                      {Role.CSM_HIGH_TOUCH: 14, Role.CSM_LOW_TOUCH: 2})
    assert [(m.from_role, m.to_role, m.count) for m in moved.retitles] == [
        (Role.CSM_LOW_TOUCH, Role.CSM_HIGH_TOUCH, 2)]
    assert moved.hires[Role.CSM_HIGH_TOUCH] == 0
    assert moved.surplus[Role.CSM_LOW_TOUCH] == 5
    assert moved.overstaffed


def test_a_head_of_cs_at_director_level_takes_the_managers_seat() -> None:
    moved = rebalance({Role.DIRECTOR: 1}, {Role.MANAGER: 1, Role.CSM_HIGH_TOUCH: 3})
    assert moved.hires[Role.MANAGER] == 0
    assert moved.hires[Role.CSM_HIGH_TOUCH] == 3
    assert not moved.overstaffed


def test_specialist_crafts_are_never_retitled() -> None:
    moved = rebalance({Role.RENEWALS_SPECIALIST: 5}, {Role.SUPPORT_ENGINEER: 2})
    assert moved.retitles == ()
    assert moved.hires[Role.SUPPORT_ENGINEER] == 2
    assert moved.surplus[Role.RENEWALS_SPECIALIST] == 5


@given(current=COUNTS, required=COUNTS)
def test_retitling_keeps_every_person_and_never_hires_into_a_covered_family(
        current: dict[Role, int], required: dict[Role, int]) -> None:
    moved = rebalance(current, required)
    assert sum(moved.after.values()) == sum(current.values())
    for role in ROLE_KEYS:
        assert moved.after[role] - moved.surplus[role] + moved.hires[role] == required.get(role, 0)
    for family in FAMILIES:  # nobody kept as surplus could have taken a seat being hired for
        for seat in family:
            for spare in family:
                if moved.hires[seat] and moved.surplus[spare]:
                    assert not may_retitle(spare, seat)


def test_leaders_move_up_one_layer_at_most_and_never_into_an_executive_seat() -> None:
    # a team lead is promoted to manager, but does not become director, VP or CCO by retitling
    moved = rebalance({Role.TEAM_LEAD: 3}, {Role.CCO: 1, Role.DIRECTOR: 1, Role.MANAGER: 1})
    assert [(m.from_role, m.to_role, m.count) for m in moved.retitles] == [
        (Role.TEAM_LEAD, Role.MANAGER, 1)]
    assert moved.hires[Role.CCO] == 1
    assert moved.hires[Role.DIRECTOR] == 1
    assert moved.surplus[Role.TEAM_LEAD] == 2
    # a director still leads at manager level (the demo's Head of CS)
    down = rebalance({Role.DIRECTOR: 1}, {Role.MANAGER: 1})
    assert down.hires[Role.MANAGER] == 0


def test_an_overstaffed_team_is_told_so_and_hires_nobody() -> None:
    book = make_book([30_000.0] * 100)
    result, _ = plan(book, {"team": {"csm_low_touch": 6, "support_engineer": 1, "manager": 1},
                           "budget": {"share": 1.0}})
    assert result.headcount.hires["total"] == 0
    warning = next(w for w in result.warnings if w.code == "team_surplus")
    assert "hire nobody" in str(warning.message)
