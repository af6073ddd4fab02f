"""AccountBook: the customer book as columns (numpy arrays), never as per-account objects.

Books of a million accounts are processed with vectorized operations (STYLE.md habit 2). Enumerated
columns are small-integer codes whose meaning is the index into the matching key tuple
(``SEGMENT_KEYS`` …); ``-1`` means unknown. Missing numbers are NaN, missing dates NaT.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import numpy.typing as npt

from postsale.core.categorical import (
    factorize,
    is_arrow,
    null_mask,
    subset_codes,
    text_objects,
)
from postsale.keys import TIER_KEYS, AccountStatus, Complexity, OnboardingStatus, Segment, Tier

__all__ = [
    "CANONICAL_COLUMNS",
    "COMPLEXITY_KEYS",
    "ONBOARDING_KEYS",
    "SEGMENT_KEYS",
    "STATUS_KEYS",
    "TEXT_COLUMNS",
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
T = TypeVar("T")

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

# Text columns: numpy object arrays of Python strings (None for blank) — or, from the importer,
# Arrow arrays turned into numpy only when first read (most plans read none of them row by row).
TEXT_COLUMNS: tuple[str, ...] = ("account_id", "name", "region", "country", "language",
                                 "timezone", "owner", "currency")


def _empty_str(n: int) -> StrArray:
    return np.full(n, None, dtype=object)


@dataclass(frozen=True, eq=False)
class AccountBook:
    """The account book in columnar form. ``present`` names the columns the source actually had.

    A text column (:data:`TEXT_COLUMNS`) may be given as an Arrow string or dictionary array: it
    is kept as Arrow and becomes the numpy object array on first read (a million Python strings
    cost ~40 ms a column, and a plan reads few text columns), and :meth:`codes` factorizes it
    straight from Arrow, once per book.
    """

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
    # text columns still held as Arrow (read on first access), and factorized columns
    _arrow: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)
    _codes: dict[str, tuple[list[str], npt.NDArray[np.intp]]] = field(
        default_factory=dict, init=False, compare=False, repr=False)
    _memo: dict[Hashable, Any] = field(default_factory=dict, init=False, compare=False,
                                       repr=False)

    def __post_init__(self) -> None:
        for name in TEXT_COLUMNS:
            values = self.__dict__[name]
            if is_arrow(values):
                self._arrow[name] = values
                object.__delattr__(self, name)  # read through __getattr__ on first access
        if self.pinned.shape[0] != self.arr.shape[0]:  # books built without the column
            object.__setattr__(self, "pinned", np.zeros(self.arr.shape[0], dtype=bool))
        if self.contract_term_months.shape[0] != self.arr.shape[0]:
            object.__setattr__(self, "contract_term_months", np.full(self.arr.shape[0], np.nan))
        if "currency" not in self._arrow and self.currency.shape[0] != self.arr.shape[0]:
            object.__setattr__(self, "currency", _empty_str(self.arr.shape[0]))
        if self.status.shape[0] != self.arr.shape[0]:
            object.__setattr__(self, "status", np.full(self.arr.shape[0], UNKNOWN, dtype=np.int8))

    if not TYPE_CHECKING:  # (hidden from mypy, so misspelt attributes stay errors)
        def __getattr__(self, name: str) -> StrArray:
            """A text column still held as Arrow: its numpy object array, built once."""
            arrow = self.__dict__.get("_arrow")
            if arrow is None or name not in arrow:
                raise AttributeError(  # Python's own wording for a missing attribute
                    f"{type(self).__name__!r} object has no attribute {name!r}")  # i18n: not text
            values = text_objects(arrow[name])
            object.__setattr__(self, name, values)
            return values

    def codes(self, name: str) -> tuple[list[str], npt.NDArray[np.intp]]:
        """``(labels, codes)`` of a text column, as :func:`~postsale.core.categorical.factorize`
        gives them, computed once per book (straight from Arrow for an imported column). Callers
        must not modify the arrays; a subset is :func:`~postsale.core.categorical.subset_codes`."""
        cached = self._codes.get(name)
        if cached is None:
            # from Arrow whenever the column came as Arrow, even once read as strings: encoding
            # Arrow skips the Python strings (0.06 s a column at 1M accounts)
            arrow = self._arrow.get(name)
            cached = factorize(self.__dict__[name] if arrow is None else arrow)
            cached[1].flags.writeable = False  # shared by every caller
            self._codes[name] = cached
        return cached

    def active_codes(self, name: str) -> tuple[list[str], npt.NDArray[np.intp]]:
        """:meth:`codes` of the active accounts only (labels no active account has are dropped),
        once per book: the org charts and the fit read the same columns' active subset. When every
        account is active that is the column itself (:meth:`codes` has only labels in use)."""
        def subset() -> tuple[list[str], npt.NDArray[np.intp]]:
            active = self.active
            return self.codes(name) if bool(active.all()) else subset_codes(*self.codes(name),
                                                                            active)
        return self.memo(("active_codes", name), subset)

    def missing(self, name: str) -> BoolArray:
        """Cells of a text column with no value (None), read from Arrow while the column is still
        Arrow, so checking for blanks does not build a million Python strings."""
        source = self.__dict__.get(name)
        if source is None and name in self._arrow:
            return null_mask(self._arrow[name])
        return np.asarray(getattr(self, name) == None, dtype=bool)  # noqa: E711 (elementwise)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, once per book and ``key``: for figures derived from the book's columns
        alone (and the settings in ``key``) that a plan needs for several tierings. The book is
        never modified, so the value stays valid; callers must not modify it either."""
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value

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
        ids = _text_column(columns["account_id"])
        n = len(ids)

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

        def strings(name: str) -> Any:
            if name in columns and columns[name] is not None:
                return _text_column(columns[name])
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

    def columns(self) -> dict[str, Any]:
        """Every column as the constructor takes it (a text column still held as Arrow stays
        Arrow), without ``present``: to build a changed book, ``AccountBook(present=…, **cols)``."""
        return {f.name: self._arrow[f.name] if f.name not in self.__dict__ else self.__dict__[f.name]
                for f in fields(self) if f.init and f.name != "present"}

    def take(self, index: npt.NDArray[np.intp] | BoolArray) -> AccountBook:
        """A sub-book of the selected rows (used by tests and the projection)."""
        values = {name: _take_arrow(col, index) if is_arrow(col) else col[index]
                  for name, col in self.columns().items()}
        return AccountBook(present=self.present, **values)

    @staticmethod
    def tier_code(tier: Tier) -> int:
        return TIER_KEYS.index(tier)


def _text_column(values: Any) -> Any:
    """A text column as given: an Arrow array stays Arrow (see :class:`AccountBook`), anything
    else becomes a numpy object array."""
    return values if is_arrow(values) else np.asarray(values, dtype=object)


def _take_arrow(values: Any, index: npt.NDArray[np.intp] | BoolArray) -> Any:
    """Rows of an Arrow column by boolean mask or positions, still as Arrow."""
    import pyarrow as pa  # type: ignore[import-untyped]

    rows = np.asarray(index)
    if rows.dtype == np.bool_:
        return values.filter(pa.array(rows))
    positions = rows.astype(np.int64)
    return values.take(pa.array(np.where(positions < 0, positions + len(values), positions)))
