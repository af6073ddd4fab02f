"""``[support]`` of the company file: support channels sized as queues, and premium 24×7 support.

```toml
[support.channels.chat]
kind = "chat"            # chat | phone (live: Erlang C) | email (asynchronous tickets: backlog)
hours = "8x5"            # 8x5 | 24x7 | follow_the_sun (one 8×5 shift per region hub of the book)
service_level = 0.8      # share answered (live) or resolved (email) within the target
answer_seconds = 60      # live channels: the target answer time
handle_minutes = 12      # average handle time of one contact
concurrency = 2          # chat only: chats one agent handles at once
shrinkage = 0.3          # paid time not on the queue (breaks, training, leave)
max_occupancy = 0.85     # busy share of an agent's time on the queue
share = 0.6              # share of the ticket volume (or tickets_per_day = 40)

[support.channels.email]
kind = "email"
resolution_hours = 8     # email: resolved within this many open (business) hours

[support]
premium_24x7 = { price = 6000, adoption = 0.1 }   # annual price per premium customer, share buying
timezone = "America/New_York"   # the desk's time: 8×5 hours and the arrival profile are in it
arrival_profile = [[...24 weights...], ...]       # optional: 7 rows (Monday first) of 24 hourly weights
```

The arrival profile (when contacts arrive, 168 hours of a week in company time) is, in order:
``arrival_profile`` of the company file; else measured from a per-ticket export's creation times
(``postsale.io.arrivals`` sets :attr:`SupportSettings.arrival_profile`); else the documented
business-hours default (``postsale.core.support.profile``).

Every value left out comes from the benchmarks (``support.<kind>.…``, ``support.shrinkage``,
``support.max_occupancy``); the sizing itself is ``postsale.core.support``. Errors name the key
and the fix, like the rest of ``postsale.company``.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from postsale.core.msg import Msg
from postsale.errors import ConfigError, Words, validation_problem

__all__ = ["LIVE_KINDS", "ArrivalProfile", "PremiumSupport", "SupportChannel", "SupportSettings",
           "support_from_mapping"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
ChannelKind = Literal["chat", "phone", "email"]
ChannelHours = Literal["8x5", "24x7", "follow_the_sun"]
LIVE_KINDS = ("chat", "phone")
_HOURS_ALIASES = {"8x5": "8x5", "8×5": "8x5", "business_hours": "8x5", "24x7": "24x7",
                  "24×7": "24x7", "7x24": "24x7", "7×24": "24x7", "follow_the_sun": "follow_the_sun",
                  "follow-the-sun": "follow_the_sun"}
_KIND_ALIASES = {"tickets": "email", "ticket": "email", "voice": "phone", "call": "phone"}


class SupportChannel(BaseModel):
    """One ``[support.channels.<name>]``; ``None`` = the benchmark default for its kind."""

    model_config = _FROZEN

    kind: ChannelKind
    hours: ChannelHours = "8x5"
    service_level: float | None = Field(default=None, gt=0.0, lt=1.0, allow_inf_nan=False)
    answer_seconds: float | None = Field(default=None, gt=0.0, le=86_400.0, allow_inf_nan=False)
    resolution_hours: float | None = Field(default=None, gt=0.0, le=2_000.0, allow_inf_nan=False)
    handle_minutes: float | None = Field(default=None, gt=0.0, le=1_440.0, allow_inf_nan=False)
    concurrency: int | None = Field(default=None, ge=1, le=10)
    shrinkage: float | None = Field(default=None, ge=0.0, le=0.8, allow_inf_nan=False)
    max_occupancy: float | None = Field(default=None, gt=0.0, le=1.0, allow_inf_nan=False)
    share: float | None = Field(default=None, gt=0.0, le=1.0, allow_inf_nan=False)
    tickets_per_day: float | None = Field(default=None, ge=0.0, le=1e7, allow_inf_nan=False)

    @property
    def live(self) -> bool:
        return self.kind in LIVE_KINDS


class PremiumSupport(BaseModel):
    """``premium_24x7``: round-the-clock support sold at extra cost (S2's responsive service is
    "7×24"; S3: high-value customers "pay a premium price for premium service").
    ``adoption``: the share of customers buying it; ``price``: what each pays a year (company
    currency); ``channel``: the channel opened round the clock for them (default: the first
    live channel not already 24×7)."""

    model_config = _FROZEN

    price: float = Field(ge=0.0, le=1e9, allow_inf_nan=False)
    adoption: float = Field(gt=0.0, le=1.0, allow_inf_nan=False)
    channel: str | None = None


class ArrivalProfile(BaseModel):
    """When tickets arrive: 168 non-negative weights, one per hour of the week in company time
    (Monday 00:00 first), from the company file or counted from a ticket export's creation times.

    ``tickets``: the tickets counted (measured); ``file``: the export they came from; ``window``:
    the creation dates counted (the volume's trailing window); ``notes``: how times were read
    (offsets converted, tickets without a time of day). Whether enough tickets were counted to use
    it is the core's decision (``support.profile.min_tickets``), so an override changes both the
    figure and the sentence."""

    model_config = _FROZEN

    origin: Literal["company_file", "measured"]
    weights: tuple[float, ...] = Field(min_length=168, max_length=168)
    tickets: int | None = None
    file: str | None = None
    window: tuple[dt.date, dt.date] | None = None
    timezone: str | None = None
    notes: tuple[str, ...] = ()


class SupportSettings(BaseModel):
    """``[support]``: the channels (empty: support is sized by the S0 ratios), premium 24×7, the
    desk's time zone and the arrival profile (explicit, or measured by the io layer)."""

    model_config = _FROZEN

    channels: dict[str, SupportChannel] = Field(default_factory=dict)
    premium_24x7: PremiumSupport | None = None
    timezone: str | None = None
    arrival_profile: ArrivalProfile | None = None


def _fail(source: str, key: str, problem: Words, fix: Words) -> ConfigError:
    return ConfigError(source, key, problem, fix)


def _model(source: str, key: str, model: type[BaseModel], values: Mapping[str, Any]) -> Any:
    try:
        return model(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        fix = Msg("errors_company.support.readme")
        if first["type"] == "extra_forbidden":
            close = difflib.get_close_matches(loc, list(model.model_fields), n=1)
            fix = Msg("errors_company.did_you_mean", name=close[0]) if close else \
                Msg("errors_company.use_one_of", choices=", ".join(model.model_fields))
        elif first["type"] == "literal_error":
            fix = Msg("errors_company.support.literal")
        raise _fail(source, f"{key}.{loc}" if loc else key, validation_problem(first),
                    fix) from None


def _channel(source: str, name: str, raw: Any) -> SupportChannel:
    key = f"support.channels.{name}"
    if not isinstance(raw, Mapping):
        raise _fail(source, key, Msg("errors_company.support.channel_table"),
                    Msg("errors_company.support.channel_table.fix", name=name))
    values = dict(raw)
    if "kind" not in values:
        guess = name if name in ("chat", "phone", "email") else _KIND_ALIASES.get(name, "chat")
        raise _fail(source, f"{key}.kind", Msg("errors_company.support.no_kind"),
                    Msg("errors_company.support.no_kind.fix", guess=guess))
    kind = values["kind"]
    if isinstance(kind, str) and kind.lower() in _KIND_ALIASES:
        values["kind"] = _KIND_ALIASES[kind.lower()]
    hours = values.get("hours")
    if isinstance(hours, str) and hours.strip().lower() in _HOURS_ALIASES:
        values["hours"] = _HOURS_ALIASES[hours.strip().lower()]
    channel: SupportChannel = _model(source, key, SupportChannel, values)
    if channel.live and channel.resolution_hours is not None:
        raise _fail(source, f"{key}.resolution_hours",
                    Msg("errors_company.support.resolution", kind=channel.kind),
                    Msg("errors_company.support.resolution.fix"))
    if not channel.live and channel.answer_seconds is not None:
        raise _fail(source, f"{key}.answer_seconds",
                    Msg("errors_company.support.answer"),
                    Msg("errors_company.support.answer.fix"))
    if channel.concurrency is not None and channel.kind != "chat":
        raise _fail(source, f"{key}.concurrency",
                    Msg("errors_company.support.concurrency", kind=channel.kind),
                    Msg("errors_company.support.concurrency.fix"))
    return channel


def support_from_mapping(raw: Any, source: str) -> SupportSettings:
    """Validate ``[support]`` (parsed TOML); every error names the key and the fix (exit 2)."""
    if not isinstance(raw, Mapping):
        raise _fail(source, "support", Msg("errors_company.support.not_table"),
                    Msg("errors_company.support.not_table.fix"))
    for key in raw:
        if key not in _KEYS:
            close = difflib.get_close_matches(str(key), list(_KEYS), n=1)
            hint = Msg("errors_company.did_you_mean", name=close[0]) if close else \
                Msg("errors_company.support.key.fix")
            raise _fail(source, f"support.{key}", Msg("errors_company.key", key=str(key)), hint)
    table = raw.get("channels", {})
    if not isinstance(table, Mapping):
        raise _fail(source, "support.channels", Msg("errors_company.support.channels"),
                    Msg("errors_company.support.channels.fix"))
    channels = {str(name): _channel(source, str(name), value) for name, value in table.items()}
    shares = [c.share for c in channels.values()]
    volumes = [c.tickets_per_day for c in channels.values()]
    if any(s is not None for s in shares) and any(v is not None for v in volumes):
        raise _fail(source, "support.channels", Msg("errors_company.support.mixed"),
                    Msg("errors_company.support.mixed.fix"))
    if any(v is not None for v in volumes) and None in volumes:
        missing = next(n for n, c in channels.items() if c.tickets_per_day is None)
        raise _fail(source, f"support.channels.{missing}.tickets_per_day",
                    Msg("errors_company.support.no_volume"),
                    Msg("errors_company.support.no_volume.fix"))
    if any(s is not None for s in shares):
        if None in shares and len(channels) > 1:
            missing = next(n for n, c in channels.items() if c.share is None)
            raise _fail(source, f"support.channels.{missing}.share",
                        Msg("errors_company.support.no_share"),
                        Msg("errors_company.support.no_share.fix"))
        total = sum(s or 0.0 for s in shares)
        if abs(total - 1.0) > 1e-6:
            listed = " + ".join(f"{n} {c.share:g}" for n, c in channels.items())
            raise _fail(source, "support.channels",
                        Msg("errors_company.support.shares", total=total, listed=listed),
                        Msg("errors_company.support.shares.fix"))
    premium_raw = raw.get("premium_24x7")
    premium = None
    if premium_raw is not None:
        if not isinstance(premium_raw, Mapping):
            raise _fail(source, "support.premium_24x7", Msg("errors_company.support.premium"),
                        Msg("errors_company.support.premium.fix"))
        premium = _model(source, "support.premium_24x7", PremiumSupport, premium_raw)
        if not channels:
            raise _fail(source, "support.premium_24x7", Msg("errors_company.support.premium_channel"),
                        Msg("errors_company.support.premium_channel.fix"))
        if premium.channel is not None and premium.channel not in channels:
            close = difflib.get_close_matches(premium.channel, list(channels), n=1)
            raise _fail(source, "support.premium_24x7.channel",
                        Msg("errors_company.support.no_channel", name=premium.channel),
                        Msg("errors_company.did_you_mean", name=close[0]) if close else
                        Msg("errors_company.use_one_of", choices=", ".join(channels)))
        chosen = channels[premium.channel] if premium.channel else next(
            (c for c in channels.values() if c.live and c.hours != "24x7"), None)
        if chosen is None or chosen.hours == "24x7":
            raise _fail(source, "support.premium_24x7",
                        Msg("errors_company.support.nothing_to_sell"),
                        Msg("errors_company.support.nothing_to_sell.fix"))
    return SupportSettings(channels=channels, premium_24x7=premium,
                           timezone=_timezone(source, raw.get("timezone")),
                           arrival_profile=_profile(source, raw.get("arrival_profile")))


_KEYS = ("channels", "premium_24x7", "timezone", "arrival_profile")


def _timezone(source: str, raw: Any) -> str | None:
    """``[support] timezone``: an IANA zone (checked against the system's zone database)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if raw is None:
        return None
    try:
        ZoneInfo(str(raw))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise _fail(source, "support.timezone", Msg("errors_company.support.timezone",
                                                    value=repr(raw)),
                    Msg("errors_company.support.timezone.fix")) from None
    return str(raw)


def _profile(source: str, raw: Any) -> ArrivalProfile | None:
    """``[support] arrival_profile``: 7 rows (Monday first) of 24 non-negative hourly weights."""
    if raw is None:
        return None
    key = "support.arrival_profile"
    fix = Msg("errors_company.support.profile.fix")
    rows = raw if isinstance(raw, list) else []
    if len(rows) != 7 or not all(isinstance(r, list) and len(r) == 24 for r in rows):
        raise _fail(source, key, Msg("errors_company.support.profile_rows", rows=len(rows))
                    if rows else Msg("errors_company.support.profile_shape"), fix)
    flat = [v for r in rows for v in r]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v < 1e12
               for v in flat) or sum(flat) <= 0:
        raise _fail(source, key, Msg("errors_company.support.weights"), fix)
    return ArrivalProfile(origin="company_file", weights=tuple(float(v) for v in flat))
