"""The company file's ``[market]`` and ``[roadmap]`` sections (S3 selection steps 3–4, S3 roadmap).

``[market]`` says what the company's buyers expect and what its competitors give (S3 §Selection
framework, steps 3 and 4); ``[market.segments.<segment>]`` says it per segment (``enterprise``,
``mid_market``, ``smb``). Every key is optional: without it, ``core/selection.py`` derives the value
from the book (its ACV mix and segments) and ``[company] growth_motion``, and says it did.

``[roadmap]`` picks the pilot of the implementation roadmap (S3 Phase 2) instead of the rule
(``pilot_tier``, ``pilot_segment``). The phase durations are benchmark keys (``roadmap.*``), set
under ``[benchmarks]``; their order is checked here, since the rollout must end after the pilot.
Errors name the key and the fix (exit 2 at the CLI), like every other section.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict

from postsale.core.benchmarks import Benchmarks
from postsale.core.msg import Msg
from postsale.errors import ConfigError, Words
from postsale.keys import Segment, Tier

__all__ = [
    "COMPETITOR_SERVICES",
    "EXPECTATIONS",
    "CompetitorService",
    "Expectation",
    "MarketSegment",
    "MarketSettings",
    "RoadmapSettings",
    "check_roadmap_durations",
    "market_from_mapping",
    "roadmap_from_mapping",
]

Expectation = Literal["enterprise", "mid_market", "smb", "product_led"]
CompetitorService = Literal["high_touch", "low_touch", "tech_touch", "self_serve"]
EXPECTATIONS: tuple[str, ...] = get_args(Expectation)
COMPETITOR_SERVICES: tuple[str, ...] = get_args(CompetitorService)

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_KEYS = ("expectations", "competitors_service", "buyers_compare_service")
#: average weeks in a calendar month (365.25 / 12 / 7), to compare week and month durations
WEEKS_PER_MONTH = 365.25 / 12 / 7


class MarketSegment(BaseModel):
    """What buyers expect (S3 step 3) and what competitors give at similar ACV (S3 step 4);
    ``None``: derive it from the book."""

    model_config = _FROZEN

    expectations: Expectation | None = None
    competitors_service: CompetitorService | None = None
    buyers_compare_service: bool | None = None


class MarketSettings(MarketSegment):
    """``[market]``: the company-wide answers, and per segment where given."""

    segments: dict[Segment, MarketSegment] = {}

    def for_segment(self, segment: Segment | None) -> tuple[MarketSegment, str]:
        """The answers for ``segment``: its own keys over the company-wide ones, and where each
        set came from (``market.segments.<segment>`` or ``market``)."""
        own = self.segments.get(segment) if segment is not None else None
        if own is None:
            return self, "market"
        merged = MarketSegment(**{k: getattr(own, k) if getattr(own, k) is not None
                                  else getattr(self, k) for k in _KEYS})
        return merged, f"market.segments.{segment}"


class RoadmapSettings(BaseModel):
    """``[roadmap]``: the pilot of S3's Phase 2 when the company has chosen it."""

    model_config = _FROZEN

    pilot_tier: Tier | None = None
    pilot_segment: Segment | None = None


def _fail(source: str, key: str, problem: Words, fix: Words) -> ConfigError:
    return ConfigError(source, key, problem, fix)


def _choice(source: str, key: str, value: Any, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        quoted = ", ".join(f'"{c}"' for c in choices)
        raise _fail(source, key, Msg("errors_company.value", value=repr(value)),
                    Msg("errors_company.value.fix", choices=quoted))
    return value


def _segment_answers(source: str, where: str, table: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key == "expectations":
            out[key] = _choice(source, f"{where}.{key}", value, EXPECTATIONS)
        elif key == "competitors_service":
            out[key] = _choice(source, f"{where}.{key}", value, COMPETITOR_SERVICES)
        elif key == "buyers_compare_service":
            if not isinstance(value, bool):
                raise _fail(source, f"{where}.{key}", Msg("errors_company.market.bool",
                                                          value=repr(value)),
                            Msg("errors_company.market.bool.fix", key=key))
            out[key] = value
        else:
            allowed = ", ".join(_KEYS) + (", [market.segments.<segment>]" if where == "market" else "")
            raise _fail(source, f"{where}.{key}", Msg("errors_company.key", key=key),
                        Msg("errors_company.use_one_of", choices=allowed))
    return out


def market_from_mapping(raw: Mapping[str, Any], source: str) -> MarketSettings:
    """Validate ``[market]`` (parsed TOML); every error names the key and the fix."""
    plain = {k: v for k, v in raw.items() if k != "segments"}
    answers = _segment_answers(source, "market", plain)
    segments_raw = raw.get("segments", {})
    if not isinstance(segments_raw, Mapping):
        raise _fail(source, "market.segments", Msg("errors_company.market.segments"),
                    Msg("errors_company.market.segments.fix"))
    segments: dict[Segment, MarketSegment] = {}
    names = [str(s) for s in Segment]
    for name, table in segments_raw.items():
        where = f"market.segments.{name}"
        if name not in names:
            raise _fail(source, where, Msg("errors_company.market.segment", name=name),
                        Msg("errors_company.market.segment.fix", choices=", ".join(names)))
        if not isinstance(table, Mapping):
            raise _fail(source, where, Msg("errors_company.market.not_table"),
                        Msg("errors_company.market.not_table.fix", header=where, name=name))
        segments[Segment(name)] = MarketSegment(**_segment_answers(source, where, table))
    return MarketSettings(**answers, segments=segments)


def roadmap_from_mapping(raw: Mapping[str, Any], source: str) -> RoadmapSettings:
    """Validate ``[roadmap]``: ``pilot_tier`` a tier key, ``pilot_segment`` a segment key."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "pilot_tier":
            out[key] = Tier(_choice(source, "roadmap.pilot_tier", value, tuple(str(t) for t in Tier)))
        elif key == "pilot_segment":
            out[key] = Segment(_choice(source, "roadmap.pilot_segment", value,
                                       tuple(str(s) for s in Segment)))
        else:
            raise _fail(source, f"roadmap.{key}", Msg("errors_company.key", key=key),
                        Msg("errors_company.roadmap.key.fix"))
    return RoadmapSettings(**out)


def check_roadmap_durations(source: str, overrides: Mapping[str, float],
                            benchmarks: Benchmarks) -> None:
    """The rollout (S3 months 4–6) must end after design and pilot (weeks 1–12): refuse overrides
    that would put the rollout's end before the pilot's."""
    def value(key: str) -> float:
        return overrides.get(key, benchmarks.value(key))

    weeks = value("roadmap.design_weeks") + value("roadmap.pilot_weeks")
    months = value("roadmap.rollout_end_months")
    if months * WEEKS_PER_MONTH <= weeks:
        key = next((k for k in ("roadmap.rollout_end_months", "roadmap.pilot_weeks",
                                "roadmap.design_weeks") if k in overrides),
                   "roadmap.rollout_end_months")
        raise _fail(source, key,
                    Msg("errors_company.roadmap.order", months=months, weeks=weeks),
                    Msg("errors_company.roadmap.order.fix", months=weeks / WEEKS_PER_MONTH))
