"""Box labels are cut by the width they draw at: a Japanese or Chinese character is about two
Latin letters wide, so a CJK label is cut at half the characters and never runs past its box."""

from __future__ import annotations

from postsale.report.board_svg import _clip


def test_latin_labels_keep_their_length_or_end_in_an_ellipsis() -> None:
    assert _clip("Manager", 12) == "Manager"
    assert _clip("Pod Lead — Enterprise pod 12", 12) == "Pod Lead — …"
    assert len(_clip("x" * 40, 12)) == 12


def test_wide_characters_count_twice() -> None:
    assert _clip("マネージャー", 12) == "マネージャー"  # 6 wide characters fill 12 columns
    clipped = _clip("エンタープライズポッドのリード", 12)
    assert clipped == "エンタープ…"
    assert sum(2 if c != "…" else 1 for c in clipped) <= 12
    assert _clip("高接触 CSM 经理", 8) == "高接触 …"
