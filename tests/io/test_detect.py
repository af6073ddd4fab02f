"""Column kinds (``postsale.io.detect``): what a column holds, from its header and values."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from postsale.io.detect import Kind, header_words, profile_column


@pytest.mark.parametrize(("header", "values", "kind"), [
    ("Account ID", ["0015g00000AbCd1AAF", "0015g00000AbCd2AAF"], Kind.IDENTIFIER),
    ("Record ID", ["5813450123", "5813450124"], Kind.IDENTIFIER),
    ("Contact Name", ["Jane Roe", "Max Muster"], Kind.NAME),
    ("ARR", ["$120,000", "$24,000"], Kind.MONEY),
    ("MonthlyCharges", ["29.85", "56.95"], Kind.MONEY),
    ("tenure", ["1", "34", "2"], Kind.INTEGER),
    ("Score", ["1.5", "2.25"], Kind.NUMBER),
    ("Probability (%)", ["10", "50"], Kind.PERCENTAGE),
    ("Discount", ["10%", "5 %"], Kind.PERCENTAGE),
    ("Close Date", ["2026-03-31", "31/03/2026"], Kind.DATE),
    ("Created at", ["2026-10-02 09:13", "2026-10-05 14:22"], Kind.DATE),
    ("Churn", ["Yes", "No", "No"], Kind.BOOLEAN),
    ("Segment", ["SMB", "SMB", "Enterprise", "SMB"], Kind.CATEGORY),
    ("Billing Country", ["United States", "Germany"], Kind.COUNTRY),
    ("Requester email", ["a@b.com", "c@d.io"], Kind.EMAIL),
    ("Notes", [None, "", "N/A"], Kind.EMPTY),
])
def test_kinds(header: str, values: list[str | None], kind: Kind) -> None:
    assert profile_column(header, values).kind is kind


def test_typed_columns_and_counts() -> None:
    p = profile_column("Renewal", pa.array([dt.date(2026, 1, 1), None, dt.date(2026, 1, 1)]))
    assert p.kind is Kind.DATE
    assert (p.rows, p.non_blank, p.distinct, p.unique) == (3, 2, 1, False)
    assert p.blank_share == pytest.approx(1 / 3)
    q = profile_column("id", [" a", "a ", "b"])  # trimmed before counting
    assert (q.distinct, q.unique, q.values) == (2, False, ("a", "b"))


def test_header_words() -> None:
    assert header_words("customerID") == ["customer", "id"]
    assert header_words("Associated Company IDs") == ["associated", "company", "ids"]
    assert header_words("ARR ($)") == ["arr", "$"]


@given(st.text(max_size=20), st.lists(st.one_of(st.none(), st.text(max_size=15),
                                                 st.integers(-10**6, 10**6).map(str)), max_size=30))
def test_any_column_gets_a_kind(header: str, values: list[str | None]) -> None:
    p = profile_column(header, values)
    assert p.kind in Kind
    assert 0 <= p.distinct <= p.non_blank <= p.rows == len(values)
    assert len(p.samples) <= 3
