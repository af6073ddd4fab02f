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
from postsale.core.msg import Msg
from postsale.errors import ConfigError, Words
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


def _fail(source: str, key: str, problem: Words, fix: Words) -> ConfigError:
    return ConfigError(source, key, problem, fix)


def catalogue_overrides(raw: Any, source: str, benchmarks: Benchmarks
                        ) -> tuple[dict[str, float], tuple[Motion, ...]]:
    """Benchmark overrides of existing motions' figures and the new or restructured motions."""
    if not isinstance(raw, Mapping):
        raise _fail(source, "catalogue", Msg("errors_company.catalogue.not_tables"),
                    Msg("errors_company.catalogue.not_tables.fix"))
    shipped = {(m.tier, m.name): m for m in benchmarks.motions}
    overrides: dict[str, float] = {}
    motions: list[Motion] = []
    for tier, table in raw.items():
        if tier not in TIER_KEYS:
            raise _fail(source, f"catalogue.{tier}", Msg("errors_company.tier", tier=tier),
                        Msg("errors_company.catalogue.tier.fix"))
        if not isinstance(table, Mapping) or not all(isinstance(v, Mapping) for v in table.values()):
            raise _fail(source, f"catalogue.{tier}", Msg("errors_company.catalogue.motion_table"),
                        Msg("errors_company.catalogue.motion_table.fix", tier=tier))
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
            raise _fail(source, key, Msg("errors_company.catalogue.field", field=field),
                        Msg("errors_company.did_you_mean", name=close[0]) if close
                        else Msg("errors_company.use_one_of", choices=", ".join(allowed)))
        if field in FIELDS:
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not math.isfinite(value) or value < 0:
                raise _fail(source, key, Msg("errors_company.catalogue.negative", field=field,
                                             value=repr(value)),
                            Msg("errors_company.catalogue.negative.fix", field=field,
                                example=str(_EXAMPLE[field])))
            if field == "audience" and 0 < value < 1:
                raise _fail(source, key, Msg("errors_company.catalogue.audience", value=str(value)),
                            Msg("errors_company.catalogue.audience.fix"))
            if value > LIMITS[field]:
                raise _fail(source, key, Msg("errors_company.catalogue.above", field=field,
                                             value=value, limit=LIMITS[field]),
                            Msg("errors_company.catalogue.above.fix", field=field,
                                limit=LIMITS[field], unit=UNITS[field]))
        elif field in _CHOICES:
            if value not in _CHOICES[field]:
                quoted = ", ".join(f'"{c}"' for c in _CHOICES[field])
                raise _fail(source, key, Msg("errors_company.catalogue.choice", field=field,
                                             value=repr(value)),
                            Msg("errors_company.value.fix", choices=quoted))
        elif not isinstance(value, str) or not value.strip():
            raise _fail(source, key, Msg("errors_company.catalogue.label"),
                        Msg("errors_company.catalogue.label.fix", name=where.rsplit(".", 1)[1]))
        out[field] = value
    if base is None:
        missing = [f for f in ("mode", "per", "owner", "frequency", "hours") if f not in out]
        if out.get("per") == "programme" and "audience" not in out:
            missing.append("audience")
        if missing:
            close = difflib.get_close_matches(where.rsplit(".", 1)[1], names, n=1)
            raise _fail(source, where, Msg("errors_company.catalogue.missing",
                                           fields=", ".join(missing)),
                        Msg("errors_company.catalogue.missing.fix_close", name=close[0]) if close
                        else Msg("errors_company.catalogue.missing.fix"))
    per = out.get("per", base.per if base else None)
    tier = where.split(".")[1]
    if per == "at_risk" and tier != "tech_touch":
        raise _fail(source, f"{where}.per", Msg("errors_company.catalogue.at_risk"),
                    Msg("errors_company.catalogue.at_risk.fix"))
    return out


_EXAMPLE = {"frequency": "12", "hours": "0.5", "audience": "25"}
