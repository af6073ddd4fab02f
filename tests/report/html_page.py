"""Parse a rendered HTML report into its table rows and h2 headings (shared by the page tests).

Import it as ``from html_page import Page, parse_page``: like ``tests/strategies.py``, it sits
next to the tests (no package), so pytest's rootdir-relative import puts its folder on the path.
"""

from __future__ import annotations

from html.parser import HTMLParser


class Page(HTMLParser):
    """Text of every table row (cells stripped) and every h2 heading."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.headings: list[str] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._h2: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "h2":
            self._h2 = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "h2" and self._h2 is not None:
            self.headings.append(" ".join("".join(self._h2).split()))
            self._h2 = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._h2 is not None:
            self._h2.append(data)


def parse_page(html: str) -> Page:
    """The rows and headings of ``html``."""
    page = Page()
    page.feed(html)
    return page
