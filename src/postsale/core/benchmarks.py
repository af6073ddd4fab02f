"""Benchmark entries and the table in effect (defaults plus overrides), with provenance.

Every figure the engine computes with is looked up here by key, so each result can name the keys it
used and whether the value came from the default benchmarks or from the user's company file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from pydantic import BaseModel, ConfigDict, Field

from postsale.core.catalogue import Motion, motion_entries
from postsale.core.msg import Msg

__all__ = ["BenchmarkEntry", "Benchmarks", "UnknownBenchmarkKey"]


class UnknownBenchmarkKey(KeyError):  # noqa: N818 - a KeyError, named like one
    """A benchmark key that is not in the table (a programming or configuration error)."""


class BenchmarkEntry(BaseModel):
    """One figure: its value, the band the source gives, unit, source and help text."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    key: str
    value: float
    range: tuple[float, float] | None = None
    unit: str
    source: str
    # the TOML's English text (its translations: benchmarks.help.<key>, postsale.i18n.benchmarks),
    # or a catalogue figure's message (benchmarks.catalogue.help)
    help: str | Msg
    # the fields' descriptions document the JSON schema for developers, not the reader of a plan
    overridden_by: str | None = Field(
        default=None,
        description="Where the override came from (e.g. 'company.toml [costs]').",  # i18n: not text
    )
    default_value: float | None = Field(
        default=None, description="The default, when overridden.")  # i18n: not text
    min: float | None = Field(
        default=None, description="Smallest value an override may take.")  # i18n: not text
    max: float | None = Field(
        default=None, description="Largest value an override may take.")  # i18n: not text

    def allowed(self) -> tuple[float, float]:
        """The range an override must fall in: the entry's ``min``/``max`` where the table gives
        them, else a bound from the unit. Ratios that divide ("accounts per CSM", "people per
        manager") are at least 1 — a span of 1e-300 asks for 1e300 people; fractions are 0–1;
        every value is at most 10^12, so no product or sum overflows to infinity."""
        unit = self.unit.lower()
        low, high = 0.0, 1e12
        if unit.startswith("fraction"):
            high = 1.0
        elif " per " in unit and not unit.startswith(("usd", "points")):
            low = 1.0
        elif unit in ("weeks", "months", "days"):
            high = {"weeks": 520.0, "months": 240.0, "days": 3650.0}[unit]
        return (self.min if self.min is not None else low,
                self.max if self.max is not None else high)

    @property
    def overridden(self) -> bool:
        return self.overridden_by is not None

    @property
    def origin(self) -> str:
        """Human-readable provenance: the override, or the benchmark source."""
        return self.overridden_by if self.overridden_by else self.source


class Benchmarks(Mapping[str, BenchmarkEntry]):
    """An immutable table of benchmark entries keyed by dotted key (``accounts_per_csm.high_touch``)."""

    def __init__(self, entries: Iterable[BenchmarkEntry], version: str,
                 motions: Iterable[Motion] = (), catalogue_version: str = "") -> None:
        self._entries: dict[str, BenchmarkEntry] = {e.key: e for e in entries}
        self.version = version
        # the service catalogue's motions (core/catalogue.py); their figures are entries here
        self.motions: tuple[Motion, ...] = tuple(motions)
        self.catalogue_version = catalogue_version

    def __getitem__(self, key: str) -> BenchmarkEntry:
        try:
            return self._entries[key]
        except KeyError:
            raise UnknownBenchmarkKey(key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def value(self, key: str) -> float:
        """The value in effect for ``key``."""
        return self[key].value

    def band(self, key: str) -> tuple[float, float]:
        """The source's band for ``key``, or (value, value) when it gives a single figure."""
        entry = self[key]
        return entry.range if entry.range is not None else (entry.value, entry.value)

    def is_overridden(self, key: str) -> bool:
        return key in self._entries and self._entries[key].overridden

    def with_overrides(self, overrides: Mapping[str, float], origin: str) -> Benchmarks:
        """A new table with ``overrides`` applied; unknown keys raise ``UnknownBenchmarkKey``."""
        entries = dict(self._entries)
        for key, value in overrides.items():
            base = self[key]
            entries[key] = base.model_copy(
                update={
                    "value": float(value),
                    "overridden_by": origin,
                    "default_value": base.default_value
                    if base.overridden_by
                    else base.value,
                }
            )
        return Benchmarks(entries.values(), self.version, self.motions, self.catalogue_version)

    def with_motions(self, motions: Iterable[Motion], origin: str) -> Benchmarks:
        """A new table where ``motions`` replace the catalogue's motions of the same tier and name
        or join the catalogue; their figures become entries overridden by ``origin``."""
        added = tuple(motions)
        names = {(m.tier, m.name) for m in added}
        kept = tuple(m for m in self.motions if (m.tier, m.name) not in names)
        entries = dict(self._entries)
        for motion in added:
            for spec in motion_entries(motion):
                old = entries.get(spec["key"])
                entries[spec["key"]] = BenchmarkEntry(
                    **spec, overridden_by=origin,
                    # a new motion's default is 0: without it, nothing happened
                    default_value=0.0 if old is None else (old.default_value
                                                           if old.overridden_by else old.value))
        return Benchmarks(entries.values(), self.version, kept + added, self.catalogue_version)
