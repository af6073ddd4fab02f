"""The effort model beside the ratio model (``headcount.effort``, issue 12 items 3 and 5).

Both sizings run on the same workload through the one implementation of the capacity rules
(``capacity.role_counts``); this module adds what the catalogue says about each tier — hours per
account, the book that implies, the service modes the hours go to — and explains the difference
between the two headcounts by the motions that drive it.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from postsale.company import Company, HeadcountSettings
from postsale.core.benchmarks import Benchmarks
from postsale.core.capacity import Workload, WorkloadArrays, role_counts
from postsale.core.catalogue import MODES
from postsale.core.csm_book import CsmBook, book_msg, csm_books
from postsale.core.effort import EFFORT_KEYS, at_risk_share_keys, motion_hours, productive_hours
from postsale.core.msg import Msg
from postsale.core.ratios import accounts_per_csm_key
from postsale.keys import CSM_ROLE_BY_TIER, ROLE_KEYS, TIER_KEYS, Role, Tier
from postsale.results_effort import EffortModel, MotionEffort, TierEffort

__all__ = ["effort_model"]


def _sized(counts: dict[Role, npt.NDArray[np.int64]]) -> dict[str, int]:
    out = {str(r): int(counts[r]) for r in ROLE_KEYS}
    out["total"] = sum(out.values())
    return out


def effort_model(workload: Workload, benchmarks: Benchmarks, company: Company) -> EffortModel:
    """The catalogue's hours on this workload, both sizings and the difference explained."""
    arrays = WorkloadArrays.of(workload)
    sizing = company.headcount.sizing
    sized = {s: company.model_copy(update={"headcount": HeadcountSettings(sizing=s)})
             for s in ("effort", "ratio")}
    runs = {s: role_counts(arrays, benchmarks, c) for s, c in sized.items()}
    # the effort books are the ones every figure reads under effort sizing (core/csm_book.py)
    books = csm_books(arrays, benchmarks, sized["effort"])
    effort_counts, effort_fte = runs["effort"]
    ratio_counts, ratio_fte = runs["ratio"]
    hours = productive_hours(benchmarks)
    motions: list[MotionEffort] = []
    for motion, seat, occurrences, booked in motion_hours(arrays, benchmarks, company):
        keys = motion.figure_keys()
        motions.append(MotionEffort(
            tier=motion.tier, motion=motion.name, label=motion.label, mode=motion.mode,
            per=motion.per, owner=motion.owner, seat=seat,
            frequency=benchmarks.value(keys[0]), hours=benchmarks.value(keys[1]),
            audience=benchmarks.value(keys[2]) if motion.per == "programme" else None,
            occurrences=round(float(occurrences), 4), hours_per_year=round(float(booked), 4),
            fte=round(float(booked) / hours, 4),
            overridden=any(benchmarks[k].overridden for k in keys), sources=keys))
    tiers = {tier: _tier(i, tier, workload, motions, benchmarks, company, books[tier],
                         float(effort_fte[CSM_ROLE_BY_TIER[tier]]),
                         float(ratio_fte[CSM_ROLE_BY_TIER[tier]]))
             for i, tier in enumerate(TIER_KEYS)}
    breakdown: dict[str, dict[str, float]] = {}
    for m in motions:
        if m.seat is not None and m.fte > 0:
            part = breakdown.setdefault(str(m.seat), {})
            part[m.owner] = round(part.get(m.owner, 0.0) + m.fte, 4)
    ops = breakdown.setdefault(str(Role.CS_OPS), {})
    ops["platform"] = round(max(0.0, float(effort_fte[Role.CS_OPS]) - sum(ops.values())), 4)
    effort_based, ratio_based = _sized(effort_counts), _sized(ratio_counts)
    difference = {k: effort_based[k] - ratio_based[k] for k in effort_based}
    explanation = [tiers[t].explanation for t in TIER_KEYS if tiers[t].accounts]
    onboarding = {t: sum(m.frequency * m.hours for m in motions if m.tier == t
                         and m.per == "new_account" and m.seat is Role.IMPLEMENTATION_SPECIALIST)
                  for t in TIER_KEYS}
    per_new = tuple(Msg("effort.tier_hours", tier=str(t), hours=h)
                    for t, h in onboarding.items() if h)
    for role in (Role.IMPLEMENTATION_SPECIALIST, Role.CS_OPS):
        parts = tuple(Msg("effort.owner_fte", owner=owner_word(k), fte=v)
                      for k, v in breakdown.get(str(role), {}).items() if v)
        line = Msg("effort.role", role=str(role), effort_fte=float(effort_fte[role]),
                   parts=parts or Msg("effort.no_catalogue_work"),
                   ratio_fte=float(ratio_fte[role]), effort_seats=effort_based[str(role)],
                   ratio_seats=ratio_based[str(role)])
        if role is Role.IMPLEMENTATION_SPECIALIST and per_new:
            line = Msg("effort.role.per_new", line=line, per_new=per_new)
        explanation.append(line)
    gap = difference["total"]
    explanation.append(Msg(
        "effort.total", effort=effort_based["total"], ratio=ratio_based["total"],
        difference=Msg("effort.difference.more", n=gap) if gap >= 0 else
        Msg("effort.difference.fewer", n=-gap),
        sizing=Msg("effort.sizing.effort") if sizing == "effort" else Msg("effort.sizing.ratio")))
    return EffortModel(
        sizing=sizing, catalogue_version=benchmarks.catalogue_version,
        working_hours_per_year=benchmarks.value(EFFORT_KEYS[0]),
        utilisation=benchmarks.value(EFFORT_KEYS[1]), productive_hours=hours, tiers=tiers,
        motions=tuple(motions), effort_based=effort_based, ratio_based=ratio_based,
        difference=difference, breakdown=breakdown, explanation=tuple(explanation),
        sources=(*EFFORT_KEYS, *at_risk_share_keys(benchmarks, company)))


def _tier(i: int, tier: Tier, workload: Workload, motions: list[MotionEffort],
          benchmarks: Benchmarks, company: Company, book: CsmBook, effort_fte: float,
          ratio_fte: float) -> TierEffort:
    """One tier's CSM effort: hours per account, the implied book and what drives it."""
    role = CSM_ROLE_BY_TIER[tier]
    mine = sorted((m for m in motions if m.seat == role), key=lambda m: -m.hours_per_year)
    accounts = workload.tier_accounts[i]
    total = sum(m.hours_per_year for m in mine)
    per_account = total / accounts if accounts else None
    implied = book.value if book.basis == "effort" else None
    key = accounts_per_csm_key(tier, benchmarks, company.company.automation_maturity)
    ratio = benchmarks.value(key)
    served = [m for m in motions if m.tier == tier and m.seat is not None]
    by_mode = {mode: round(sum(m.hours_per_year for m in served if m.mode == mode), 2)
               for mode in MODES}
    if ratio_fte > 0 and accounts:  # the book the ratio model's FTE implies (tech: at-risk based)
        ratio = accounts / ratio_fte
    top = tuple(Msg("effort.account_hours", motion=m.label.lower(),
                    hours=m.hours_per_year / accounts)
                for m in mine[:3] if accounts and m.hours_per_year > 0)
    changed = tuple(Msg("effort.changed_motion", motion=m.label.lower(), frequency=m.frequency,
                        hours=m.hours) for m in mine if m.overridden)
    if per_account is None:
        text = Msg("effort.tier.no_accounts", tier=str(tier))
    else:
        text = Msg("effort.tier", tier=str(tier), per_account=per_account, top=top,
                   size=book_msg(implied) if implied else Msg("effort.any_number"),
                   ratio=book_msg(ratio), effort_fte=effort_fte, ratio_fte=ratio_fte)
        if tier is Tier.TECH_TOUCH:
            text = Msg("effort.tier.at_risk_only", text=text)
        if changed:
            text = Msg("effort.tier.changed", text=text, changed=changed)
    return TierEffort(
        accounts=accounts, csm_hours=round(total, 2),
        csm_hours_per_account=None if per_account is None else round(per_account, 4),
        csm_fte=round(effort_fte, 4),
        implied_accounts_per_csm=None if implied is None else round(implied, 4),
        ratio_accounts_per_csm=ratio, ratio_fte=round(ratio_fte, 4), hours_by_mode=by_mode,
        drivers=tuple(f"{m.tier}.{m.motion}" for m in mine[:3] if m.hours_per_year > 0),
        explanation=text,
        sources=(*EFFORT_KEYS, key, *(k for m in mine for k in m.sources)))



# who does a share of a seat's catalogue work, in a word (``breakdown`` keys: the catalogue's
# owners and CS Ops' ``platform`` work); literal codes so tests/i18n finds them
_OWNER_WORDS: dict[str, Msg] = {
    "csm": Msg("effort.owner.csm"), "implementation": Msg("effort.owner.implementation"),
    "training": Msg("effort.owner.training"), "services": Msg("effort.owner.services"),
    "enablement": Msg("effort.owner.enablement"), "operations": Msg("effort.owner.operations"),
    "marketing": Msg("effort.owner.marketing"), "product": Msg("effort.owner.product"),
    "platform": Msg("effort.owner.platform"),
}


def owner_word(owner: str) -> Msg:
    """The word for a ``breakdown`` owner key."""
    return _OWNER_WORDS[owner]
