"""``[values.<column>]`` (raw enum values → canonical), the ``status`` column (churned rows are not
customers) and mapping lines pasted without their section header."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from postsale.api import load_inputs
from postsale.benchmarks import default_benchmarks
from postsale.core.book import SEGMENT_KEYS, STATUS_KEYS, UNKNOWN
from postsale.errors import ConfigError, InputError
from postsale.io.company_file import load_company
from postsale.io.parse import parse_enum
from postsale.io.read import read_accounts
from postsale.keys import AccountStatus, Segment

CHURNED = STATUS_KEYS.index(AccountStatus.CHURNED)
ACTIVE = STATUS_KEYS.index(AccountStatus.ACTIVE)


def _company(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "company.toml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(("word", "status"), [
    ("Active", AccountStatus.ACTIVE), ("customer", AccountStatus.ACTIVE),
    ("Cancelled", AccountStatus.CHURNED), ("canceled", AccountStatus.CHURNED),
    ("Lost", AccountStatus.CHURNED), ("inactive", AccountStatus.CHURNED),
    ("Former Customer", AccountStatus.CHURNED), ("trialing", AccountStatus.TRIAL),
    ("lead", AccountStatus.PROSPECT), ("past_due", AccountStatus.ACTIVE)])
def test_status_words(word: str, status: AccountStatus) -> None:
    parsed = parse_enum([word], "status")
    assert not parsed.bad.any()
    assert parsed.values[0] == STATUS_KEYS.index(status)


def test_values_table_maps_raw_values_and_blank_means_unknown() -> None:
    parsed = parse_enum(["Strategic", "Corporate", "SMB", "Other"], "segment",
                        {"Strategic": "enterprise", "Corporate": "mid_market", "Other": ""})
    assert parsed.values.tolist() == [SEGMENT_KEYS.index(Segment.ENTERPRISE),
                                      SEGMENT_KEYS.index(Segment.MID_MARKET),
                                      SEGMENT_KEYS.index(Segment.SMB), UNKNOWN]
    assert not parsed.bad.any()


def test_churned_rows_are_not_active_and_count_no_arr(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text("Account ID,ARR,Previous ARR,Account Status\nA1,100,90,Active\n"
                 "A2,200,200,Cancelled\nA3,300,,On Hold\n")
    with pytest.raises(InputError) as info:
        read_accounts(f)
    assert "[values.status]" in str(info.value.problems[0].fix)
    assert '[columns] "Account Status" = "ignore"' in str(info.value.problems[0].fix)
    company = _company(tmp_path, '[values.status]\n"On Hold" = "active"\n')
    book, _, _ = load_inputs(f, company)
    assert book.status.tolist() == [ACTIVE, CHURNED, ACTIVE]
    assert book.arr.tolist() == [100, 0, 300]  # a churned account's revenue today is 0 …
    assert book.previous_arr[1] == 200  # … and it still counts against retention
    assert book.active.tolist() == [True, False, True]


def test_churn_yes_no_column_is_a_status(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text("customerID,MonthlyCharges,Churn\nc1,10,No\nc2,20,Yes\n")
    book = read_accounts(f).book
    assert book.status.tolist() == [ACTIVE, CHURNED]
    assert book.arr.tolist() == [120, 0]


def test_values_section_is_checked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not a column with a fixed set") as info:
        load_company(_company(tmp_path, '[values.arr]\nx = "1"\n'), default_benchmarks())
    assert "[values.segment]" in str(info.value.fix)
    with pytest.raises(ConfigError, match="'high_touch' is not a segment value") as info:
        load_company(_company(tmp_path, '[values.segment]\nStrategic = "high_touch"\n'),
                     default_benchmarks())
    assert "enterprise" in str(info.value.fix)
    ok = load_company(_company(tmp_path, '[values.tier_override]\nStrategic = "high_touch"\n'
                               '[columns]\n"Internal Notes" = "ignore"\n"X" = "-"\n'),
                      default_benchmarks())
    assert ok.values == {"tier_override": {"Strategic": "high_touch"}}


@pytest.mark.parametrize(("text", "header", "line"), [
    ('"Account Name" = "name"\n"Yearly Fee" = "arr"\n', "[columns]", '"Account Name" = "name"'),
    ('Strategic = "high_touch"\n', "[values.tier_override]", '"Strategic" = "high_touch"'),
    ('Cancelled = "churned"\n[company]\nname = "x"\n', "[values.status]", '"Cancelled" = "churned"'),
])
def test_mapping_line_without_its_header_shows_the_header(tmp_path: Path, text: str, header: str,
                                                          line: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_company(_company(tmp_path, text), default_benchmarks())
    assert "outside any section" in str(info.value.problem)
    assert line in str(info.value.problem)
    assert f"add the line {header} above it" in str(info.value.fix)


def test_status_column_does_not_change_books_without_it(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text("account_id,arr\na,0\nb,5\n")
    book = read_accounts(f).book
    assert (book.status == UNKNOWN).all()
    assert book.active.tolist() == [False, True]
    assert "status" not in book.present
    assert np.array_equal(book.take(np.array([1])).status, [UNKNOWN])


def test_values_table_without_its_column(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="needs the column") as info:
        load_company(_company(tmp_path, '[values]\nStrategic = "enterprise"\n'),
                     default_benchmarks())
    assert "[values.segment]" in str(info.value.fix)
