"""The bottom-up effort model (issue 12 item 3): the service catalogue's hours → FTE per seat.

Each motion of the catalogue (core/catalogue.py) costs ``frequency × hours`` per account, per new
customer, per at-risk tech-touch account or per programme (``ceil(accounts ÷ audience)`` cohorts —
S2's online 1:N service costs per programme, not per account). The hours a seat carries in a year,
divided by the productive hours of one person (``effort.working_hours_per_year ×
effort.utilisation``), are its FTE. Everything is element-wise over the arrays of a
``WorkloadArrays`` (one plan: 0-d; a projection: paths × months), so ``[headcount] sizing =
"effort"`` sizes the plan and every projected month with the same arithmetic.

Which seat carries a motion (``motion_seat``): ``csm`` the tier's CSM; ``implementation`` (and
``training`` of new customers) follows the tier's ``[onboarding]`` mode — a specialist, the
tier's CSM (S2: merged when implementation is light) or nobody (automated); ``training``
programmes and ``services`` (only with ``[company] professional_services``; S0 puts Professional
Services in the CCO's scope) are implementation-specialist seats; ``enablement``, ``operations``
and ``marketing`` are CS Ops seats (S3's content and enablement team, S2's operations centre);
``product`` costs CS nothing (S3: product owns the in-app experience).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.catalogue import Motion
from postsale.core.msg import Msg
from postsale.core.ratios import accounts_per_csm_key
from postsale.keys import CSM_ROLE_BY_TIER, TIER_KEYS, Role, Tier

if TYPE_CHECKING:
    from postsale.core.capacity import WorkloadArrays

__all__ = [
    "EFFORT_KEYS",
    "MotionHours",
    "at_risk_share_keys",
    "cs_ops_staffing",
    "effort_formulas",
    "lighter_service",
    "motion_hours",
    "motion_seat",
    "productive_hours",
    "seat_fte",
]

EFFORT_KEYS = ("effort.working_hours_per_year", "effort.utilisation")
FloatArray = npt.NDArray[np.float64]
MotionHours = tuple[Motion, Role | None, FloatArray, FloatArray]  # motion, seat, occurrences, hours


def productive_hours(benchmarks: Benchmarks) -> float:
    """Hours a year one person spends on the catalogue's motions."""
    return benchmarks.value(EFFORT_KEYS[0]) * benchmarks.value(EFFORT_KEYS[1])


def at_risk_share_keys(benchmarks: Benchmarks, company: Company) -> tuple[str, str]:
    """Without health data the at-risk share of tech-touch is the one the two ratios imply
    (``capacity.at_risk_tech_touch_per_csm`` ÷ the tech-touch accounts per CSM: 60 ÷ 500 = 12%),
    so both models agree on a book without health scores."""
    return ("capacity.at_risk_tech_touch_per_csm",
            accounts_per_csm_key(Tier.TECH_TOUCH, benchmarks, company.company.automation_maturity))


def motion_seat(motion: Motion, company: Company) -> Role | None:
    """The role key whose seats carry a motion's hours (None: nobody in CS)."""
    owner = motion.owner
    if owner == "csm":
        return CSM_ROLE_BY_TIER[motion.tier]
    if owner == "implementation" or (owner == "training" and motion.per == "new_account"):
        mode = company.onboarding[motion.tier]
        return {"specialist": Role.IMPLEMENTATION_SPECIALIST,
                "csm": CSM_ROLE_BY_TIER[motion.tier]}.get(mode)
    if owner == "training":
        return Role.IMPLEMENTATION_SPECIALIST
    if owner == "services":
        return Role.IMPLEMENTATION_SPECIALIST if company.company.professional_services else None
    if owner in ("enablement", "operations", "marketing"):
        return Role.CS_OPS
    return None


def motion_hours(w: WorkloadArrays, benchmarks: Benchmarks, company: Company
                 ) -> list[MotionHours]:
    """Occurrences and hours a year of every motion, element-wise over the workload's arrays."""
    accounts = np.asarray(w.tier_accounts, dtype=np.float64)
    shape = accounts.shape[:-1]
    total = accounts.sum(axis=-1)
    if w.new_customers_share is not None:
        share = np.broadcast_to(np.asarray(w.new_customers_share, dtype=np.float64), accounts.shape)
    else:
        share = np.divide(accounts, total[..., None], out=np.zeros_like(accounts),
                          where=total[..., None] > 0)
    new = np.asarray(w.new_customers_per_year, dtype=np.float64)[..., None] * share
    if w.tech_at_risk is not None:
        at_risk = np.asarray(w.tech_at_risk, dtype=np.float64)
    else:
        per_csm, ratio = at_risk_share_keys(benchmarks, company)
        at_risk = accounts[..., 2] * (benchmarks.value(per_csm) / benchmarks.value(ratio))
    out: list[MotionHours] = []
    for motion in benchmarks.motions:
        i = TIER_KEYS.index(motion.tier)
        frequency = benchmarks.value(motion.key("frequency"))
        hours = benchmarks.value(motion.key("hours"))
        if motion.per == "account":
            base = accounts[..., i]
        elif motion.per == "new_account":
            base = new[..., i]
        elif motion.per == "at_risk":
            base = at_risk
        else:
            audience = benchmarks.value(motion.key("audience"))
            base = (np.ceil(accounts[..., i] / audience - 1e-9) if audience >= 1
                    else (accounts[..., i] > 0).astype(np.float64))
        occurrences = np.broadcast_to(np.asarray(base * frequency, dtype=np.float64), shape)
        out.append((motion, motion_seat(motion, company), occurrences, occurrences * hours))
    return out


def seat_fte(w: WorkloadArrays, benchmarks: Benchmarks, company: Company) -> dict[Role, FloatArray]:
    """FTE of catalogue work per seat role (the CSMs of each tier, implementation specialists and
    CS Ops), from the motions' hours ÷ productive hours."""
    hours = productive_hours(benchmarks)
    shape = np.shape(np.asarray(w.tier_accounts))[:-1]
    out: dict[Role, FloatArray] = {r: np.zeros(shape) for r in (
        *CSM_ROLE_BY_TIER.values(), Role.IMPLEMENTATION_SPECIALIST, Role.CS_OPS)}
    for _, seat, _, booked in motion_hours(w, benchmarks, company):
        if seat is not None:
            out[seat] = out[seat] + booked / hours
    return out


def cs_ops_staffing(csms: npt.NDArray[np.int64], catalogue_fte: FloatArray,
                    benchmarks: Benchmarks, company: Company
                    ) -> tuple[FloatArray, npt.NDArray[np.int64]]:
    """CS Ops FTE and seats under effort sizing: S0's platform, process and data work (one per
    ``capacity.csms_per_cs_ops`` CSMs, from ``capacity.cs_ops_first_at_csms``) plus the
    catalogue's content, enablement, operations-centre and customer-marketing hours (S3, S2).
    Below the first CS Ops and less than one person of catalogue work, the CS leader and the
    CSMs do it (S0)."""
    key = "capacity.csms_per_cs_ops_mature" if company.company.automation_maturity == "mature" \
        else "capacity.csms_per_cs_ops"
    first_at = benchmarks.value("capacity.cs_ops_first_at_csms")
    platform = np.where(csms >= first_at, csms / benchmarks.value(key), 0.0)
    fte = np.asarray(platform + catalogue_fte, dtype=np.float64)
    staffed = (csms >= first_at) | (fte >= 1.0)
    count = np.where(staffed, np.maximum(1, np.floor(fte + 0.5)), 0).astype(np.int64)
    return fte, count


def effort_formulas(w: WorkloadArrays, benchmarks: Benchmarks, company: Company,
                    fte: dict[Role, float], csms: int) -> dict[Role, tuple[Msg, tuple[str, ...]]]:
    """The formula text and sources of the seats the effort model sizes (one workload, 0-d)."""
    hours = productive_hours(benchmarks)
    per_seat: dict[Role, list[tuple[Motion, float]]] = {}
    keys: dict[Role, list[str]] = {}
    for motion, seat, _, booked in motion_hours(w, benchmarks, company):
        if seat is not None:
            per_seat.setdefault(seat, []).append((motion, float(booked)))
            keys.setdefault(seat, []).extend(motion.figure_keys())
    rows: dict[Role, tuple[Msg, tuple[str, ...]]] = {}
    for role in (*CSM_ROLE_BY_TIER.values(), Role.IMPLEMENTATION_SPECIALIST, Role.CS_OPS):
        parts = sorted(per_seat.get(role, []), key=lambda p: -p[1])
        total = sum(h for _, h in parts)
        top = tuple(Msg("effort.motion_hours", motion=m.label.lower(), hours=h)
                    for m, h in parts[:3] if h > 0)
        listed = (Msg("effort.none") if not top else
                  Msg("effort.more", top=top) if len([p for p in parts if p[1] > 0]) > 3 else
                  Msg("effort.top", top=top))
        text = Msg("effort.formula", total=total, top=listed, hours=hours)
        if role is Role.CS_OPS:
            key = "capacity.csms_per_cs_ops_mature" if company.company.automation_maturity == \
                "mature" else "capacity.csms_per_cs_ops"
            text = Msg("effort.formula.cs_ops", formula=text, csms=csms,
                       per=benchmarks.value(key),
                       first_at=benchmarks.value("capacity.cs_ops_first_at_csms"), fte=fte[role])
            keys.setdefault(role, []).extend((key, "capacity.cs_ops_first_at_csms"))
        else:
            text = Msg("effort.formula.fte", formula=text, fte=fte[role])
        rows[role] = (text, (*EFFORT_KEYS, *dict.fromkeys(keys.get(role, []))))
    return rows


def lighter_service(benchmarks: Benchmarks) -> dict[str, float]:
    """The funding lever ``widen_books`` under effort sizing: every CSM motion whose frequency or
    hours has a seed band goes to its low end (S3: high-touch check-ins weekly *or biweekly*,
    low-touch touchpoints monthly *or quarterly*)."""
    out: dict[str, float] = {}
    for motion in benchmarks.motions:
        if motion.owner != "csm":
            continue
        for field in ("frequency", "hours"):
            entry = benchmarks[motion.key(field)]
            if entry.range is not None and entry.value > entry.range[0]:
                out[entry.key] = entry.range[0]
    return out
