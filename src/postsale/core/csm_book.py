"""Accounts per CSM of a tier, for this company: the one answer every figure that prices or sizes a
CSM reads (issue 12 item 3).

Under ``[headcount] sizing = "ratio"`` it is the ratio — ``accounts_per_csm.<tier>`` (tech-touch:
``accounts_per_csm.tech_touch_automated`` under mature automation, ``core/ratios.py``). Under
``sizing = "effort"`` it is the book the service catalogue implies on the workload: the tier's
accounts ÷ the FTE of the catalogue hours its CSM seats carry (``core/effort.py: seat_fte``) —
productive hours ÷ hours per account. That is exactly what sized the plan's CSM seats, so per-tier
economics, the projection's unit costs, the funding levers, the selection's scale step, the
assignment weights and ``headcount.effort`` all show one book.

Element-wise over a ``WorkloadArrays`` (one plan: 0-d; a projection: paths × months). Where the
effort book is undefined it says why: a tier with no accounts has nothing to measure the
catalogue on (its ratio stands in, so a tier empty today still has a unit cost); a tier whose
accounts book no CSM hours (tech-touch with no at-risk accounts) has no CSM book (``nan``, and
``value`` is ``None``: any number of accounts per CSM).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from postsale.company import Company
from postsale.core.benchmarks import Benchmarks
from postsale.core.capacity import Workload, WorkloadArrays
from postsale.core.effort import EFFORT_KEYS, at_risk_share_keys, motion_seat, productive_hours, seat_fte
from postsale.core.msg import Msg
from postsale.core.ratios import accounts_per_csm_key
from postsale.keys import CSM_ROLE_BY_TIER, TIER_KEYS, Tier

__all__ = ["CsmBook", "book_figure", "book_msg", "book_text", "csm_books"]

FloatArray = npt.NDArray[np.float64]
Basis = Literal["ratio", "effort"]


def book_figure(value: float) -> float:
    """Accounts per CSM at the precision a reader compares them: one decimal for a small book
    (13.7 against the ratio's 12), whole accounts from 100 or when the tenth is zero."""
    tenths = round(float(value), 1)
    return tenths if tenths < 100 and not tenths.is_integer() else float(round(float(value)))


def book_msg(value: float | None) -> Msg:
    """A CSM book as a message (:func:`book_figure`'s precision; "—" for no CSM book), the digits
    in the reader's locale."""
    if value is None or np.isnan(value):
        return Msg("economics.book.none")
    figure = book_figure(value)
    if not figure.is_integer():
        return Msg("economics.book.tenths", n=figure)
    return Msg("economics.book.whole", n=float(value))


def book_text(value: float | None) -> str:
    """:func:`book_msg` in the active language (tables show the book on its own)."""
    return str(book_msg(value))


@dataclass(frozen=True, eq=False)
class CsmBook:
    """One tier's accounts per CSM and where it comes from.

    ``per_csm``: element-wise over the workload's shape (``nan``: the accounts book no CSM hours);
    ``basis``: ``effort`` where the catalogue measured it, ``ratio`` where the ratio stands
    (ratio sizing, or a tier with no accounts under effort sizing); ``hours_per_account``: the
    catalogue's CSM hours a year per account (effort basis only); ``sources``: the benchmark keys
    behind it (the ratio key, or the effort keys and the catalogue figures of the tier's CSM seat).
    """

    tier: Tier
    sizing: Basis
    per_csm: FloatArray
    measured: npt.NDArray[np.bool_]  # True where the catalogue measured the book (effort basis)
    hours_per_account: FloatArray
    ratio_key: str
    sources: tuple[str, ...]

    @property
    def value(self) -> float | None:
        """The book of a 0-d workload (the plan); ``None``: no CSM hours on the tier's accounts."""
        v = float(self.per_csm)
        return None if np.isnan(v) else v

    @property
    def basis(self) -> Basis:
        """``effort`` when the catalogue measured the book (0-d workload), else ``ratio``."""
        return "effort" if bool(self.measured) else "ratio"

    def describe(self, benchmarks: Benchmarks) -> Msg:
        """The book in words, e.g. "14 accounts per CSM (effort: 92.0 CSM hours per account a year
        ÷ 1,260 productive hours)" — for a 0-d workload."""
        value = self.value
        if self.basis == "ratio":
            return Msg("economics.book.ratio", book=book_msg(float(self.per_csm)),
                       key=self.ratio_key)
        if value is None:
            return Msg("economics.book.no_csm_hours")
        return Msg("economics.book.effort", book=book_msg(value),
                   hours_per_account=float(self.hours_per_account),
                   productive_hours=productive_hours(benchmarks))


def csm_books(w: Workload | WorkloadArrays, benchmarks: Benchmarks, company: Company
              ) -> dict[Tier, CsmBook]:
    """Accounts per CSM of every tier for this company, honouring ``[headcount] sizing`` (module
    docstring)."""
    arrays = WorkloadArrays.of(w) if isinstance(w, Workload) else w
    accounts = np.asarray(arrays.tier_accounts, dtype=np.float64)
    shape = accounts.shape[:-1]
    maturity = company.company.automation_maturity
    effort = company.headcount.sizing == "effort"
    fte = seat_fte(arrays, benchmarks, company) if effort else None
    hours = productive_hours(benchmarks)
    out: dict[Tier, CsmBook] = {}
    for i, tier in enumerate(TIER_KEYS):
        key = accounts_per_csm_key(tier, benchmarks, maturity)
        ratio = np.full(shape, benchmarks.value(key))
        n = accounts[..., i]
        if fte is None:
            out[tier] = CsmBook(tier=tier, sizing="ratio", per_csm=ratio,
                                measured=np.zeros(shape, dtype=bool),
                                hours_per_account=np.full(shape, np.nan), ratio_key=key,
                                sources=(key,))
            continue
        seat = np.asarray(fte[CSM_ROLE_BY_TIER[tier]], dtype=np.float64)
        measured = n > 0
        with np.errstate(divide="ignore", invalid="ignore"):
            book = np.where(seat > 0, n / seat, np.nan)
            per_account = np.where(measured, seat * hours / n, np.nan)
        keys = [k for m in benchmarks.motions
                if motion_seat(m, company) is CSM_ROLE_BY_TIER[tier] for k in m.figure_keys()]
        if tier is Tier.TECH_TOUCH and arrays.tech_at_risk is None:
            keys += at_risk_share_keys(benchmarks, company)
        out[tier] = CsmBook(
            tier=tier, sizing="effort", per_csm=np.where(measured, book, ratio),
            measured=np.asarray(measured), hours_per_account=per_account, ratio_key=key,
            sources=tuple(dict.fromkeys((*EFFORT_KEYS, *keys,
                                         *(() if measured.all() else (key,))))))
    return out
