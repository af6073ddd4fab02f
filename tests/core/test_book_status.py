"""The ``status`` column in the book: churned and prospect rows are not customers (not active,
ARR 0 for planning), whatever ARR the export still shows for them."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from postsale.core.book import STATUS_KEYS, UNKNOWN, AccountBook
from postsale.keys import AccountStatus

GONE = {STATUS_KEYS.index(AccountStatus.CHURNED), STATUS_KEYS.index(AccountStatus.PROSPECT)}


@given(st.lists(st.tuples(st.floats(0, 1e7), st.sampled_from([UNKNOWN, *range(len(STATUS_KEYS))])),
                min_size=1, max_size=50))
def test_active_is_revenue_and_not_churned(rows: list[tuple[float, int]]) -> None:
    arr = np.array([a for a, _ in rows])
    status = np.array([s for _, s in rows], dtype=np.int8)
    book = AccountBook.from_columns({"account_id": [str(i) for i in range(len(rows))], "arr": arr,
                                     "status": status})
    gone = np.isin(status, list(GONE))
    assert np.array_equal(book.active, (arr > 0) & ~gone)
    assert (book.arr[gone] == 0).all()
    assert np.array_equal(book.arr[~gone], arr[~gone])
    # a hand-built book (not via from_columns) is judged the same way
    direct = book.take(np.arange(len(rows)))
    assert np.array_equal(direct.active, book.active)


def test_hand_built_book_with_revenue_but_churned_is_not_active() -> None:
    book = AccountBook.from_columns({"account_id": ["a", "b"], "arr": [10.0, 10.0]})
    assert book.active.tolist() == [True, True]
    values = {n: getattr(book, n) for n in book.__dataclass_fields__ if n != "present"}
    values["status"] = np.array([STATUS_KEYS.index(AccountStatus.CHURNED), UNKNOWN], dtype=np.int8)
    assert AccountBook(**values).active.tolist() == [False, True]
