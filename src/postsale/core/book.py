"""AccountBook: the customer book as columns (numpy arrays), never as per-account objects.

Books of a million accounts are processed with vectorized operations (STYLE.md habit 2). Enumerated
columns are small-integer codes whose meaning is the index into the matching key tuple
(``SEGMENT_KEYS`` …); ``-1`` means unknown. Missing numbers are NaN, missing dates NaT.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from postsale.keys import TIER_KEYS, AccountStatus, Complexity, OnboardingStatus, Segment, Tier

__all__ = [
    "CANONICAL_COLUMNS",
    "COMPLEXITY_KEYS",
    "ONBOARDING_KEYS",
    "SEGMENT_KEYS",
    "STATUS_KEYS",
    "UNKNOWN",
    "AccountBook",
    "FloatArray",
    "IntCodes",
]

FloatArray = npt.NDArray[np.float64]
IntCodes = npt.NDArray[np.int8]
DateArray = npt.NDArray[np.datetime64]
StrArray = npt.NDArray[np.object_]
BoolArray = npt.NDArray[np.bool_]

UNKNOWN = -1

SEGMENT_KEYS: tuple[Segment, ...] = tuple(Segment)
COMPLEXITY_KEYS: tuple[Complexity, ...] = tuple(Complexity)
ONBOARDING_KEYS: tuple[OnboardingStatus, ...] = tuple(OnboardingStatus)
STATUS_KEYS: tuple[AccountStatus, ...] = tuple(AccountStatus)
# Status codes of rows that are not customers today (churned, prospect).
_NOT_CUSTOMER = np.array([STATUS_KEYS.index(AccountStatus.CHURNED),
                          STATUS_KEYS.index(AccountStatus.PROSPECT)], dtype=np.int8)

# Canonical account columns (PRODUCT.md contract) plus ``tier_override``.
CANONICAL_COLUMNS: tuple[str, ...] = (
    "account_id",
    "name",
    "arr",
    "segment",
    "region",
    "country",
    "language",
    "timezone",
    "start_date",
    "renewal_date",
    "health_score",
    "tickets_per_month",
    "implementation_weeks",
    "onboarding_status",
    "complexity",
    "strategic",
    "previous_arr",
    "owner",
    "tier_override",
    "pinned",
    "contract_term_months",
    "currency",
    "status",
)


def _empty_str(n: int) -> StrArray:
    return np.full(n, None, dtype=object)


@dataclass(frozen=True, eq=False)
class AccountBook:
    """The account book in columnar form. ``present`` names the columns the source actually had."""

    account_id: StrArray
    arr: FloatArray
    name: StrArray
    segment: IntCodes
    region: StrArray
    country: StrArray
    language: StrArray
    timezone: StrArray
    start_date: DateArray
    renewal_date: DateArray
    health_score: FloatArray
    tickets_per_month: FloatArray
    implementation_weeks: FloatArray
    onboarding_status: IntCodes
    complexity: IntCodes
    strategic: BoolArray
    previous_arr: FloatArray
    owner: StrArray
    tier_override: IntCodes
    pinned: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # months per contract term; 1 (or less) is month-to-month: no renewal event (DOMAIN.md §10.3)
    contract_term_months: FloatArray = field(default_factory=lambda: np.zeros(0))
    # the currency each account's amounts were written in (ISO code), before conversion to the
    # company currency at import; None where the file did not say
    currency: StrArray = field(default_factory=lambda: _empty_str(0))
    # AccountStatus codes (-1 unknown = judged by ARR alone)
    status: IntCodes = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    present: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if self.pinned.shape[0] != self.arr.shape[0]:  # books built without the column
            object.__setattr__(self, "pinned", np.zeros(self.arr.shape[0], dtype=bool))
        if self.contract_term_months.shape[0] != self.arr.shape[0]:
            object.__setattr__(self, "contract_term_months", np.full(self.arr.shape[0], np.nan))
        if self.currency.shape[0] != self.arr.shape[0]:
            object.__setattr__(self, "currency", _empty_str(self.arr.shape[0]))
        if self.status.shape[0] != self.arr.shape[0]:
            object.__setattr__(self, "status", np.full(self.arr.shape[0], UNKNOWN, dtype=np.int8))

    @property
    def month_to_month(self) -> BoolArray:
        """Accounts on month-to-month terms: they have no renewal event to staff."""
        with np.errstate(invalid="ignore"):
            out: BoolArray = self.contract_term_months <= 1
        return out

    def __len__(self) -> int:
        return int(self.arr.shape[0])

    @property
    def active(self) -> BoolArray:
        """Accounts with revenue today (ARR > 0) and not churned: the customers the organization
        serves. (A churned row's ARR is already 0 when built by :meth:`from_columns`; the status
        check keeps hand-built books honest too.)"""
        out: BoolArray = (self.arr > 0) & ~np.isin(self.status, _NOT_CUSTOMER)
        return out

    @classmethod
    def from_columns(cls, columns: dict[str, Any], present: frozenset[str] | None = None) -> AccountBook:
        """Build a book from whichever canonical columns are given; the rest default to unknown.

        Values must already be parsed (floats, codes, datetime64[D]); ``postsale.io`` does the
        parsing and validation. ``account_id`` and ``arr`` are required. A row whose ``status``
        is churned or prospect gets ARR 0: whatever its last invoice, it is not revenue today
        (its ``previous_arr`` still counts for retention).
        """
        ids = np.asarray(columns["account_id"], dtype=object)
        n = ids.shape[0]

        def floats(name: str) -> FloatArray:
            if name in columns and columns[name] is not None:
                return np.asarray(columns[name], dtype=np.float64)
            return np.full(n, np.nan)

        def codes(name: str) -> IntCodes:
            if name in columns and columns[name] is not None:
                return np.asarray(columns[name], dtype=np.int8)
            return np.full(n, UNKNOWN, dtype=np.int8)

        def dates(name: str) -> DateArray:
            if name in columns and columns[name] is not None:
                return np.asarray(columns[name], dtype="datetime64[D]")
            return np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")

        def strings(name: str) -> StrArray:
            if name in columns and columns[name] is not None:
                return np.asarray(columns[name], dtype=object)
            return _empty_str(n)

        strategic = columns.get("strategic")
        pinned = columns.get("pinned")
        status = codes("status")
        arr = floats("arr")
        gone = np.isin(status, _NOT_CUSTOMER)
        if gone.any():
            arr = np.where(gone, 0.0, arr)
        return cls(
            account_id=ids,
            arr=arr,
            name=strings("name"),
            segment=codes("segment"),
            region=strings("region"),
            country=strings("country"),
            language=strings("language"),
            timezone=strings("timezone"),
            start_date=dates("start_date"),
            renewal_date=dates("renewal_date"),
            health_score=floats("health_score"),
            tickets_per_month=floats("tickets_per_month"),
            implementation_weeks=floats("implementation_weeks"),
            onboarding_status=codes("onboarding_status"),
            complexity=codes("complexity"),
            strategic=np.zeros(n, dtype=bool)
            if strategic is None
            else np.asarray(strategic, dtype=bool),
            previous_arr=floats("previous_arr"),
            owner=strings("owner"),
            tier_override=codes("tier_override"),
            pinned=np.zeros(n, dtype=bool) if pinned is None else np.asarray(pinned, dtype=bool),
            contract_term_months=floats("contract_term_months"),
            currency=strings("currency"),
            status=status,
            present=present
            if present is not None
            else frozenset(k for k, v in columns.items() if v is not None),
        )

    def take(self, index: npt.NDArray[np.intp] | BoolArray) -> AccountBook:
        """A sub-book of the selected rows (used by tests and the projection)."""
        values = {
            name: getattr(self, name)[index]
            for name in self.__dataclass_fields__
            if name != "present"
        }
        return AccountBook(present=self.present, **values)

    @staticmethod
    def tier_code(tier: Tier) -> int:
        return TIER_KEYS.index(tier)
