"""Generated account, company and team files — valid and broken — for the fuzz tests.

Every generator takes a ``random.Random`` so the same inputs come from hypothesis (the suite's
``tests/test_fuzz.py``, which shrinks failures) and from ``scripts/fuzz.py`` (thousands of files
in subprocesses with a timeout and a memory limit). The hostile values are the classes issue 11
found: markup and terminal escapes, non-finite and enormous numbers, ``null``/nested JSON, odd line
ends, BOMs and blank-ish lines, form feeds and U+2028, mixed money formats, absurd company values.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

__all__ = ["account_file", "company_file", "team_file"]

HEADERS = ["name", "segment", "renewal_date", "start_date", "health_score", "tickets_per_month",
           "owner", "region", "country", "previous_arr", "notes", "[/x]", "[bold]h", "\x1b[31mred"]
ODD_HEADERS = ["", "arr", "mrr", "Account ID", "ARR (USD)", "account_id", "strategic"]
HOSTILE = ["", " ", "1e309", "-1e309", "nan", "NaN", "inf", "-5", "0", "9" * 30, "9" * 5000,
           "€ 12.500,00", "$120,000", "12K", "1.2M", "[/x]", "[bold]", "\x1b[2J\x1b]0;t\x07",
           "\x9b31m", "=HYPERLINK(\"x\")", "-p2", "+44 20 7946 0958", "2026-02-30", "31/12/2026",
           "\u2028", "\x0c", "\x00", "true", "null", "é界", "\ufeff", "a,b", 'q"q', "x\ny"]
ROLES = ["csm_high_touch", "csm_low_touch", "csm_tech_touch", "team_lead", "manager", "bogus",
         "", "[/x]"]


def _cell(rng: random.Random, column: str, row: int, hostility: float) -> str:
    if rng.random() < hostility:
        return rng.choice(HOSTILE)
    roll = rng.random()
    if column in ("account_id", "Account ID"):
        return f"A{row}" if roll > hostility else f"A{rng.randrange(5)}"
    if column in ("arr", "mrr", "ARR (USD)", "previous_arr"):
        return str(rng.choice([rng.randrange(0, 500_000), rng.uniform(0, 1e6)]))
    if column in ("health_score", "tickets_per_month"):
        return str(rng.randrange(0, 100))
    if column in ("renewal_date", "start_date"):
        return f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    if column == "segment":
        return rng.choice(["enterprise", "mid-market", "smb", "SMB", ""])
    return rng.choice(["Acme", "Dana", "EMEA", "US", "yes", "low", "x"])


def _csv_text(rng: random.Random, rows: list[list[str]], delimiter: str) -> str:
    ending = rng.choice(["\n", "\r\n", "\r"])

    def quote(value: str) -> str:
        if rng.random() < 0.05:  # sometimes broken on purpose
            return value
        if any(ch in value for ch in (delimiter, '"', "\r", "\n")) or rng.random() < 0.1:
            return '"' + value.replace('"', '""') + '"'
        return value

    lead = "".join(rng.choice(["", " ", "\x0c", "\u2028", f"sep={delimiter}"]) + ending
                   for _ in range(rng.randrange(3)) if rng.random() < 0.3)
    body = ending.join(delimiter.join(quote(c) for c in row) for row in rows)
    return ("\ufeff" if rng.random() < 0.2 else "") + lead + body + ending * rng.randrange(3)


def account_file(rng: random.Random, folder: Path) -> Path:
    """An account file (CSV, TSV, JSON, JSON Lines or Parquet-free), often valid, often not."""
    n = rng.choice([0, 1, 2, 5, 20, 60])
    hostility = rng.choice([0.0, 0.0, 0.0, 0.01, 0.05, 0.25])  # half the files are clean
    columns = ["account_id", "arr"] if rng.random() > hostility else []
    columns += rng.sample(HEADERS, rng.randrange(0, 5))
    if rng.random() < hostility:
        columns.append(rng.choice(ODD_HEADERS))
    rng.shuffle(columns)
    kind = rng.choice(["csv", "csv", "csv", "tsv", "json", "jsonl"])
    if kind in ("csv", "tsv"):
        delimiter = "\t" if kind == "tsv" else rng.choice([",", ",", ";", "|", "\t"])
        rows = [columns] + [[_cell(rng, c, i, hostility) for c in columns] for i in range(n)]
        path = folder / f"accounts.{kind}"
        encoding = rng.choice(["utf-8", "utf-8", "utf-8", "cp1252", "shift_jis", "utf-16"])
        path.write_bytes(_csv_text(rng, rows, delimiter).encode(encoding, errors="replace"))
        return path
    records: list[object] = []
    for i in range(n):
        record: dict[str, object] = {}
        for c in columns:
            value: object = _cell(rng, c, i, hostility)
            roll = rng.random() / max(hostility, 1e-9)
            if roll < 0.05:
                value = None
            elif roll < 0.08:
                value = {"nested": [1, {"x": value}]}
            elif roll < 0.12 and c in ("arr", "mrr"):
                value = rng.choice([2**64 - 1, 10**30, 1.5e308, 12345])
            record[c] = value
        records.append(record if rng.random() > hostility / 5 else rng.choice([None, [1], "x", 5]))
    path = folder / f"accounts.{kind}"
    if kind == "jsonl":
        text = "\n".join(json.dumps(r) for r in records)
        if rng.random() < hostility:
            text += "\n" + rng.choice(["null", "NaN", '{"arr": 1e309}', "[" * 3000 + "]" * 3000,
                                       '{"account_id": "z", "arr": ' + "9" * 5000 + "}"])
    else:
        text = json.dumps(records if rng.random() < 0.8 else {"accounts": records})
    path.write_text(text, encoding="utf-8")
    return path


_NUMBERS = [0, -1, 1, 2, 12, 1e-300, 1e300, float("nan"), float("inf"), 10**20, 0.5]
_PLAUSIBLE = [0.5, 3, 8, 12, 25]


def _toml_value(rng: random.Random) -> str:
    value = rng.choice(_NUMBERS if rng.random() < 0.3 else _PLAUSIBLE)
    if isinstance(value, float):
        return {"nan": "nan", "inf": "inf"}.get(repr(value), repr(value))
    return str(value)


def company_file(rng: random.Random, folder: Path) -> Path:
    """A company file: plausible sections with hostile numbers, or broken TOML."""
    lines: list[str] = []
    if rng.random() < 0.3:
        lines += ["[company]", f'name = "{rng.choice(["Acme", "[/x]", "e"])}"',
                  f"gross_margin = {_toml_value(rng)}"]
    if rng.random() < 0.4:
        lines += ["[benchmarks]"] + [
            f'"{key}" = {_toml_value(rng)}' for key in rng.sample(
                ["spans.manager", "spans.team_lead", "capacity.tickets_per_engineer_per_day",
                 "capacity.implementations_concurrent.medium", "capacity.csms_per_cs_ops",
                 "economics.blended_high", "tiering.high_touch_min_acv", "stages.nrr.2",
                 "capacity.working_days_per_month", "accounts_per_csm.low_touch"], 3)]
    if rng.random() < 0.3:
        lines += ["[accounts_per_csm]", f"tech_touch = {_toml_value(rng)}"]
    if rng.random() < 0.3:
        lines += ["[[growth]]", f"months = {rng.choice([0, 6, 12, 12, 10**9])}",
                  f"customers = {rng.choice([10, 1000, 1000, 10**8])}"]
    if rng.random() < 0.3:
        lines += ["[projection]", f"months = {rng.choice([1, 12, 120, 0])}",
                  f"paths = {rng.choice([1, 10, 10, 100_000])}", f"nrr = {rng.choice([1.1, 0, 5])}"]
    if rng.random() < 0.2:
        lines += ["[team]", f"{rng.choice(ROLES)} = {rng.choice([0, 3, 3, -1, 10**12])}"]
    if rng.random() < 0.05:
        lines.append(rng.choice(["[company", "x = ", "a = " + "[" * 2000 + "]" * 2000,
                                 "n = " + "9" * 5000, "\x00", "arr = \"x\"", "[budget]\nshare = 2"]))
    path = folder / "company.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def team_file(rng: random.Random, folder: Path) -> Path:
    """A team CSV with random roles, capacities and hostile names."""
    header = ["person_id", "name", "role", "tiers", "region", "languages", "timezone", "capacity",
              "start_date"]
    rows = [header]
    for i in range(rng.randrange(0, 6)):
        rows.append([f"p{i}" if rng.random() < 0.9 else "p0",
                     rng.choice(["Ana", "[/x]", "\x1b[31mBo", "-p2", ""]), rng.choice(ROLES),
                     rng.choice(["", "high_touch", "low_touch;tech_touch", "bogus"]),
                     rng.choice(["", "EMEA", "[bold]"]), rng.choice(["", "en", "xx"]),
                     rng.choice(["", "Europe/Berlin", "Mars/Base"]),
                     rng.choice(["", "1", "0", "-1", "1e309", "nan"]),
                     rng.choice(["", "2026-01-01", "bad"])])
    path = folder / "team.csv"
    path.write_text(_csv_text(rng, rows, ","), encoding="utf-8")
    return path
