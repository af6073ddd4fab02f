"""The roster without a team file: the book's current owners plus requisitions for the plan's gap."""

from __future__ import annotations

import numpy as np

from postsale.core.assignment.assign import AssignmentRules, assign_book
from postsale.core.assignment.current_owners import TierStaffing, roster_from_owners
from postsale.core.assignment.roster import Roster, seat_cover, with_covered_tiers
from postsale.core.assignment.summary import PoolStaff, pool_label, pool_staffing
from postsale.core.assignment.workload import account_weights
from postsale.core.benchmarks import Benchmarks
from postsale.core.book import AccountBook
from strategies import TODAY, make_book

HIGH, LOW, TECH = 0, 1, 2
PLAN = {"csm_high_touch": 4, "csm_low_touch": 2, "csm_tech_touch": 0, "total": 9}


def chart(high: int = 4, low: int = 2) -> Roster:
    """The recommended chart's CSM seats, as :func:`roster_from_chart` expands them."""
    ids = [f"csm_high_touch-{i + 1}" for i in range(high)] + \
        [f"csm_low_touch-{i + 1}" for i in range(low)]
    tiers = np.zeros((len(ids), 3), dtype=bool)
    tiers[:high, HIGH] = True
    tiers[high:, LOW] = True
    return Roster(person_id=tuple(ids), name=(None,) * len(ids),
                  role=("csm_high_touch",) * high + ("csm_low_touch",) * low, tiers=tiers,
                  region=(None,) * len(ids), languages=(frozenset(),) * len(ids),
                  timezone=(None,) * len(ids), capacity=np.ones(len(ids)),
                  source="recommended specialist org chart (open requisitions)")


# Ann: 3 high-touch accounts, mostly in APAC and Tokyo, one in London; Bo: 2 high-touch in EMEA;
# Cy: 2 low-touch and 3 tech-touch (the plan has no tech-touch seat: low-touch CSMs cover it);
# Dee owns only a churned account; one account names a chart seat, one a pool, one nobody.
OWNERS = ["Ann", "ann ", "Ann", "Bo", "Bo", "Cy", "Cy", "Cy", "Cy", "Cy", "Dee",
          "csm_low_touch-2", "pool:tech_touch", None]
TIERS = [HIGH, HIGH, HIGH, HIGH, HIGH, LOW, LOW, TECH, TECH, TECH, LOW, LOW, TECH, LOW]
ARR = [90e3, 80e3, 70e3, 60e3, 50e3, 9e3, 8e3, 1e3, 1e3, 1e3, 0.0, 7e3, 1e3, 6e3]
REGION = ["APAC"] * 2 + ["EMEA"] * 3 + ["Americas"] * 9
LANGUAGE = ["Japanese", "Japanese", "English", "German", "German", *["English"] * 9]
ZONE = ["Asia/Tokyo", "Asia/Tokyo", "Europe/London", "Europe/Berlin", "Europe/Berlin",
        *["America/New_York"] * 9]


def book() -> tuple[AccountBook, np.ndarray]:
    return (make_book(ARR, owner=OWNERS, region=REGION, language=LANGUAGE, timezone=ZONE),
            np.asarray(TIERS, dtype=np.int8))


def test_owners_become_people_and_the_gap_requisitions() -> None:
    accounts, tier = book()
    built = roster_from_owners(accounts, tier, PLAN, chart())
    assert built is not None
    r = built.roster
    # owners by tier then name; then the chart's seats for the gap, a seat the book names first
    assert r.person_id == ("Ann", "Bo", "Cy", "csm_high_touch-1", "csm_high_touch-2",
                           "csm_low_touch-2")
    assert r.name == ("Ann", "Bo", "Cy", None, None, None)
    assert r.role == ("csm_high_touch", "csm_high_touch", "csm_low_touch", "csm_high_touch",
                      "csm_high_touch", "csm_low_touch")
    assert len(r) == PLAN["csm_high_touch"] + PLAN["csm_low_touch"]  # the plan's CSM count
    assert r.region[:3] == ("APAC", "EMEA", "Americas")
    assert r.languages[:3] == (frozenset(),) * 3  # the book does not say what they speak
    assert r.timezone[:3] == ("Asia/Tokyo", "Europe/Berlin", "America/New_York")
    assert r.capacity.tolist() == [1.0] * 6
    assert built.staffing == (TierStaffing("high_touch", 2, 4, 2), TierStaffing("low_touch", 1, 2, 1),
                              TierStaffing("tech_touch", 0, 0, 0))
    assert tuple(map(str, built.notes()[1:])) == ("high-touch: 2 current owners for the plan's 4 CSMs — "
                                 "2 open requisitions",
                                 "low-touch: 1 current owner for the plan's 2 CSMs — "
                                 "1 open requisition")
    assert "Dee" not in r.person_id  # owns no live account


def test_an_overstaffed_tier_opens_no_requisition() -> None:
    accounts, tier = book()
    plan = {"csm_high_touch": 1, "csm_low_touch": 2, "csm_tech_touch": 0}
    built = roster_from_owners(accounts, tier, plan, chart())
    assert built is not None
    assert built.roster.person_id == ("Ann", "Bo", "Cy", "csm_low_touch-2")
    high = built.staffing[HIGH]
    assert (high.owners, high.required, high.requisitions, high.overstaffed) == (2, 1, 0, 1)
    assert ("high-touch: 2 current owners for the plan's 1 CSM — overstaffed by 1; everyone "
            "keeps a book, no requisition opened") in map(str, built.notes())


def test_no_named_owner_leaves_the_chart() -> None:
    accounts = make_book([1e3, 2e3], owner=["csm_low_touch-1", None])
    tier = np.array([LOW, LOW], dtype=np.int8)
    assert roster_from_owners(accounts, tier, PLAN, chart()) is None


def test_requisitions_beyond_the_chart_are_numbered_on() -> None:
    accounts, tier = book()
    built = roster_from_owners(accounts, tier, PLAN, chart(high=3, low=0))
    assert built is not None
    assert built.roster.person_id[3:] == ("csm_high_touch-1", "csm_high_touch-2",
                                          "csm_low_touch-1")


def test_owners_keep_their_accounts_where_the_rules_allow(benchmarks: Benchmarks) -> None:
    accounts, tier = book()
    built = roster_from_owners(accounts, tier, PLAN, chart())
    assert built is not None
    team = with_covered_tiers(built.roster, seat_cover(PLAN))
    weights = account_weights(accounts, tier, benchmarks, TODAY)
    result = assign_book(accounts, tier, weights, team, AssignmentRules(tolerance=1.0), TODAY)
    owner = [team.person_id[j] if j >= 0 else None for j in result.owner.tolist()]
    assert owner[:2] == ["Ann", "Ann"]  # in APAC near Tokyo: Ann's region and zone
    assert owner[3:5] == ["Bo", "Bo"]
    assert owner[5:10] == ["Cy"] * 5  # Cy's tech-touch accounts too: low-touch CSMs cover them
    assert owner[11] == "csm_low_touch-2"  # a requisition named by an earlier run keeps its own
    # Ann's London account is outside her region: it moves (to an EMEA-capable position)
    assert owner[2] != "Ann"
    assert result.reason[2].startswith("moved: the previous owner no longer fits")
    assert not result.moved[[0, 1, 3, 4, 5, 6, 7, 8, 9, 11]].any()
    assert (result.violations == "").all()


def test_seat_cover_and_the_pool_label() -> None:
    assert seat_cover(PLAN) == {"high_touch": "high_touch", "low_touch": "low_touch",
                                "tech_touch": "low_touch"}
    assert seat_cover({"csm_high_touch": 2})["tech_touch"] == "high_touch"
    assert seat_cover({}) == dict.fromkeys(("high_touch", "low_touch", "tech_touch"))
    staff = pool_staffing(PLAN, ("tech_touch",))
    assert staff == {"tech_touch": PoolStaff(0, "low_touch")}
    assert str(pool_label("tech_touch", staff["tech_touch"])) == \
        "Tech touch pool (covered by the low-touch CSMs)"
    assert str(pool_label("tech_touch", PoolStaff(1))) == "Tech touch pool (1 CSM)"
    assert str(pool_label("low_touch", PoolStaff(3))) == "Low touch pool (3 CSMs)"
    assert str(pool_label("tech_touch", PoolStaff(0))) == "Tech touch pool (no CSM in the plan)"
