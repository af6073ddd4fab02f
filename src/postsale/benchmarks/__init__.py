"""Load the versioned benchmark data files shipped with postsale.

``default.toml`` holds every figure of DOMAIN.md §1–§7 (and the §9 reality checks) with its source;
``catalogue.toml`` the service catalogue (each motion's figures become ``catalogue.…`` entries);
``headers.toml`` maps common CRM export headers to canonical account columns; ``sources.toml``
the headers of subscription, opportunity and ticket files; ``geography.toml`` countries to
regions and time zones. :func:`data_file` parses each once per process.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

from postsale.core.benchmarks import BenchmarkEntry, Benchmarks
from postsale.core.catalogue import motion_entries, motions_from_table

__all__ = ["data_file", "default_benchmarks", "header_aliases"]


def _flatten(table: dict[str, Any], prefix: str = "") -> list[BenchmarkEntry]:
    entries: list[BenchmarkEntry] = []
    for name, node in table.items():
        if not isinstance(node, dict):
            continue
        key = f"{prefix}{name}"
        if "value" in node:
            rng = node.get("range")
            entries.append(
                BenchmarkEntry(
                    key=key,
                    value=float(node["value"]),
                    range=(float(rng[0]), float(rng[1])) if rng else None,
                    unit=node["unit"],
                    source=node["source"],
                    help=node["help"],
                    min=float(node["min"]) if "min" in node else None,
                    max=float(node["max"]) if "max" in node else None,
                )
            )
        entries.extend(_flatten({k: v for k, v in node.items() if isinstance(v, dict)}, key + "."))
    return entries


@cache
def data_file(name: str) -> dict[str, Any]:
    """The parsed data file ``name`` (``"geography.toml"`` …) shipped in this package, parsed once
    per process; callers read it and never modify it."""
    return tomllib.loads(files("postsale.benchmarks").joinpath(name).read_text("utf-8"))


@cache
def default_benchmarks() -> Benchmarks:
    """The default benchmark table (parsed once per process; the table itself is immutable)."""
    raw = data_file("default.toml")
    catalogue = data_file("catalogue.toml")
    motions = motions_from_table({k: v for k, v in catalogue.items() if k != "version"})
    entries = _flatten(raw) + [BenchmarkEntry(**spec) for m in motions for spec in motion_entries(m)]
    return Benchmarks(entries, version=str(raw["version"]), motions=motions,
                      catalogue_version=str(catalogue["version"]))


@cache
def header_aliases() -> dict[str, str]:
    """Lower-cased CRM header → canonical column name."""
    raw = data_file("headers.toml")
    aliases: dict[str, str] = {}
    for canonical, names in raw["aliases"].items():
        aliases[canonical.lower()] = canonical
        for name in names:
            aliases[str(name).strip().lower()] = canonical
    return aliases
