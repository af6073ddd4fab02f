"""Region names: a team file's ``AMER`` and a book's ``Americas`` are the same region.

A CRM or HR system names the three sales regions in its own way (``AMER``, ``NA``, ``North
America``; ``EU``, ``Europe``; ``Asia Pacific``, ``APJ``), and a book whose regions were filled
from its countries uses postsale's ``Americas`` / ``EMEA`` / ``APAC``. Compared as plain text,
the region rule never matches and every account relaxes it — an APAC CSM then gets US accounts.
:func:`align_regions` renames a roster's region to the book's spelling when both are aliases of
one region (the alias table is data: ``benchmarks/geography.toml`` ``[region_aliases]``); a
region of the company's own (``DACH``, ``LATAM``) is never renamed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

__all__ = ["align_regions", "region_key"]


def region_key(text: str) -> str:
    """Matching key: NFKC, case-folded, punctuation and runs of spaces as one space."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", " ", folded).strip()


def align_regions(stated: Sequence[str | None], book_regions: Sequence[str],
                  aliases: Mapping[str, str]) -> tuple[tuple[str | None, ...], tuple[tuple[str, str], ...]]:
    """``(regions, renamed)``: ``stated`` with each region the book spells differently but that
    names the same region (``aliases``: key → canonical name) replaced by the book's spelling,
    and the ``(stated, book)`` pairs renamed. A region the book already has (case aside), or
    that no alias relates to a book region, is kept as stated."""
    keyed = {region_key(k): region_key(v) for k, v in aliases.items()}

    def canonical(text: str) -> str:
        key = region_key(text)
        return keyed.get(key, key)

    in_book = {region_key(r) for r in book_regions}
    by_canonical: dict[str, str] = {}
    for book_region in book_regions:
        by_canonical.setdefault(canonical(book_region), book_region)
    out: list[str | None] = []
    renamed: dict[str, str] = {}
    for region in stated:
        match: str | None = None
        if region is not None and region_key(region) not in in_book:
            match = by_canonical.get(canonical(region))
        if match is not None and region is not None:
            renamed[region] = match
        out.append(region if match is None else match)
    return tuple(out), tuple(renamed.items())
