"""The company file's ``[catalogue.<tier>.<motion>]`` tables and ``[headcount]`` (issue 12 item 3).

A table for a motion of the shipped catalogue changes any of its ``frequency``, ``hours``,
``audience`` (benchmark overrides of ``catalogue.<tier>.<motion>.<field>``) and ``owner``, ``mode``,
``per`` or ``label`` (a restructured motion); a table for a new motion adds it and must give
``mode``, ``per``, ``owner``, ``frequency`` and ``hours`` (and ``audience`` for a programme).
Every error names the key and the fix (exit 2 at the CLI).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from postsale.core.benchmarks import Benchmarks
from postsale.core.catalogue import FIELDS, LIMITS, MODES, OWNERS, PERS, UNITS, Motion
from postsale.errors import ConfigError
from postsale.keys import TIER_KEYS, Tier

__all__ = ["HeadcountSettings", "catalogue_overrides"]

_TEXT = ("label", "mode", "per", "owner")
_CHOICES = {"mode": MODES, "per": PERS, "owner": OWNERS}


class HeadcountSettings(BaseModel):
    """``[headcount]``: ``sizing`` picks the model that sizes the plan, the org chart, the
    projection and the assignment roster — ``ratio`` (accounts per CSM, S0/S3) or ``effort`` (the
    service catalogue's hours, bottom-up). Both are always reported side by side."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sizing: Literal["ratio", "effort"] = "ratio"


def _fail(source: str, key: str, problem: str, fix: str) -> ConfigError:
    return ConfigError(source, key, problem, fix)


def catalogue_overrides(raw: Any, source: str, benchmarks: Benchmarks
                        ) -> tuple[dict[str, float], tuple[Motion, ...]]:
    """Benchmark overrides of existing motions' figures and the new or restructured motions."""
    if not isinstance(raw, Mapping):
        raise _fail(source, "catalogue", "'catalogue' must be tables [catalogue.<tier>.<motion>]",
                    "write e.g. [catalogue.high_touch.weekly_check_in] then frequency = 26")
    shipped = {(m.tier, m.name): m for m in benchmarks.motions}
    overrides: dict[str, float] = {}
    motions: list[Motion] = []
    for tier, table in raw.items():
        if tier not in TIER_KEYS:
            raise _fail(source, f"catalogue.{tier}", f"unknown tier '{tier}'",
                        "use [catalogue.high_touch.<motion>], low_touch or tech_touch")
        if not isinstance(table, Mapping) or not all(isinstance(v, Mapping) for v in table.values()):
            raise _fail(source, f"catalogue.{tier}", "each motion must be its own table",
                        f"write [catalogue.{tier}.<motion>] then frequency = … on its own lines")
        names = [m.name for m in benchmarks.motions if m.tier == tier]
        for name, spec in table.items():
            where = f"catalogue.{tier}.{name}"
            base = shipped.get((Tier(tier), name))
            values = _checked(source, where, spec, base, names)
            text = {k: v for k, v in values.items() if k in _TEXT}
            if base is None or text:
                merged = {**(base.model_dump() if base else {"tier": tier, "name": name,
                                                              "label": name.replace("_", " ")}),
                          **values, "source": f"{source} [{where}]"}
                motions.append(Motion(**merged))
            else:
                overrides.update({base.key(f): float(v) for f, v in values.items()})
    return overrides, tuple(motions)


def _checked(source: str, where: str, spec: Mapping[str, Any], base: Motion | None,
             names: list[str]) -> dict[str, Any]:
    """The fields of one motion table, each checked; a new motion must be complete."""
    allowed = (*_TEXT, *FIELDS)
    out: dict[str, Any] = {}
    for field, value in spec.items():
        key = f"{where}.{field}"
        if field not in allowed:
            close = difflib.get_close_matches(field, allowed, n=1)
            raise _fail(source, key, f"unknown motion field '{field}'",
                        f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(allowed)}")
        if field in FIELDS:
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not math.isfinite(value) or value < 0:
                raise _fail(source, key, f"{field} {value!r} is not a non-negative number",
                            f"write e.g. {field} = {_EXAMPLE[field]}")
            if field == "audience" and 0 < value < 1:
                raise _fail(source, key, f"audience {value} is below one account",
                            "write the accounts per session or cohort (e.g. 25), or 0 for one "
                            "programme for the whole tier")
            if value > LIMITS[field]:
                raise _fail(source, key, f"{field} {value:g} is above {LIMITS[field]:,.0f}",
                            f"write a {field} up to {LIMITS[field]:,.0f} ({UNITS[field]})")
        elif field in _CHOICES:
            if value not in _CHOICES[field]:
                quoted = ", ".join(f'"{c}"' for c in _CHOICES[field])
                raise _fail(source, key, f"unknown {field} {value!r}", f"use one of {quoted}")
        elif not isinstance(value, str) or not value.strip():
            raise _fail(source, key, "label must be text", f'write label = "{where.rsplit(".", 1)[1]}"')
        out[field] = value
    if base is None:
        missing = [f for f in ("mode", "per", "owner", "frequency", "hours") if f not in out]
        if out.get("per") == "programme" and "audience" not in out:
            missing.append("audience")
        if missing:
            close = difflib.get_close_matches(where.rsplit(".", 1)[1], names, n=1)
            hint = f"did you mean the shipped motion '{close[0]}'? If it is new, " if close else ""
            raise _fail(source, where, "a new motion needs " + ", ".join(missing),
                        hint + "give every field: mode, per, owner, frequency, hours "
                        "(audience for a programme); see README \"Service catalogue\"")
    per = out.get("per", base.per if base else None)
    tier = where.split(".")[1]
    if per == "at_risk" and tier != "tech_touch":
        raise _fail(source, f"{where}.per", "per = \"at_risk\" is for tech-touch motions only",
                    "high- and low-touch CSMs watch every account: use per = \"account\" with a "
                    "frequency below 1 (the share of accounts a year that need it)")
    return out


_EXAMPLE = {"frequency": "12", "hours": "0.5", "audience": "25"}
