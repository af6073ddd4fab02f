"""The mapping assistant behind ``postsale inspect``: what each column of an export holds, which
canonical column it maps to and why, and the company file that says so.

A new user's first file is a CRM or billing export with forty columns, half of them irrelevant;
guessing the mapping by header alone proposed "Contact Name" as ARR and an opportunity id as the
account id. Here every column is profiled (``postsale.io.detect``: kind on a head sample,
uniqueness on the whole column), aliases are checked against the values they head, and what no
alias names is guessed from its type. Each file's role (accounts, subscriptions / line items,
opportunities, tickets) is recognised from its headers and whether its account key repeats.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyarrow.compute as pc  # type: ignore[import-untyped]

from postsale.benchmarks import header_aliases
from postsale.core.msg import Msg
from postsale.errors import ConfigError
from postsale.io import parse
from postsale.io.detect import ColumnProfile, Kind, header_words, profile_column
from postsale.io.inspect_lines import line_columns
from postsale.io.read import read_table
from postsale.io.suggest import MONEY_TARGETS, NOT_ACCOUNT_KEY, company_revenue, suggest_column
from postsale.io.terms import is_term_column
from postsale.io.values import CHURN_FLAG, is_churn_flag

__all__ = ["ROLES", "ColumnReport", "FileReport", "company_toml", "inspect_file", "inspect_files",
           "write_company"]

ROLES = ("accounts", "subscriptions", "opportunities", "tickets")
_ROLE_WORDS = {
    "tickets": frozenset({"ticket", "tickets", "subject", "priority", "requester", "assignee",
                          "solved", "satisfaction", "case", "incident", "sla", "resolution"}),
    "opportunities": frozenset({"opportunity", "opp", "stage", "probability", "forecast",
                                "pipeline", "deal", "won", "close", "closed"}),
    "subscriptions": frozenset({"subscription", "plan", "interval", "quantity", "qty", "period",
                                "product", "sku", "order", "line", "invoice", "unit", "item",
                                "canceled", "cancelled", "billing", "cycle"}),
}
_ROLE_LABEL = {"accounts": "accounts (one row per account)",
               "subscriptions": "subscriptions / line items (several rows per account)",
               "opportunities": "opportunities (deals per account)",
               "tickets": "support tickets (one row per ticket)"}
_OWNER_KEY = frozenset({"account", "customer", "company", "organization", "organisation", "client"})
_FITS: dict[str, frozenset[Kind]] = {
    **dict.fromkeys(MONEY_TARGETS, frozenset({Kind.MONEY, Kind.NUMBER, Kind.INTEGER})),
    **dict.fromkeys(("start_date", "renewal_date"), frozenset({Kind.DATE})),
    **dict.fromkeys(("health_score", "tickets_per_month", "implementation_weeks",
                     "contract_term_months"),
                    frozenset({Kind.NUMBER, Kind.INTEGER, Kind.PERCENTAGE, Kind.MONEY})),
    **dict.fromkeys(("strategic", "pinned"), frozenset({Kind.BOOLEAN, Kind.CATEGORY})),
    "account_id": frozenset({Kind.IDENTIFIER, Kind.INTEGER, Kind.TEXT, Kind.NAME, Kind.CATEGORY}),
}
@dataclass(frozen=True)
class ColumnReport:
    """One column: its profile, the canonical column it maps to (None: not used) and why, and
    for an enumerated column the raw values that need a ``[values.<column>]`` line."""

    profile: ColumnProfile
    target: str | None
    reason: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FileReport:
    """One inspected file: its role, its columns and any caveats."""

    path: str
    rows: int
    role: str
    role_reason: str
    columns: tuple[ColumnReport, ...]
    notes: tuple[str, ...] = ()
    # a secondary file (read by --subscriptions/--opportunities/--tickets): targets are its line
    # fields, and these headers need an [import.columns] line (the aliases would miss them)
    secondary: bool = False
    import_columns: dict[str, str] = field(default_factory=dict)

    @property
    def mapping(self) -> dict[str, str]:
        """Header → canonical column, for the columns that are used."""
        return {c.profile.header: c.target for c in self.columns if c.target is not None}

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.path, "rows": self.rows, "role": self.role, "role_reason": self.role_reason,
            "columns": [{
                "header": c.profile.header, "type": str(c.profile.kind),
                "samples": list(c.profile.samples), "distinct": c.profile.distinct,
                "unique": c.profile.unique, "blank_share": round(c.profile.blank_share, 4),
                "maps_to": c.target, "reason": c.reason, "values": c.values,
            } for c in self.columns],
            "notes": list(self.notes),
            "maps_to_kind": f"{self.role} field" if self.secondary else "account column",
            "import_columns": dict(self.import_columns),
        }


# ----------------------------------------------------------------------------------------------
# Roles


def _role(profiles: Sequence[ColumnProfile], key: ColumnProfile | None) -> tuple[str, str]:
    """The file's likely role from its header words and whether its account key repeats."""
    scores = {role: [p.header for p in profiles if set(header_words(p.header)) & words]
              for role, words in _ROLE_WORDS.items()}
    best = max(scores, key=lambda r: (len(scores[r]), r == "subscriptions"))
    hits = scores[best]
    repeats = key is not None and not key.unique and key.non_blank > 0
    if len(hits) >= 3 or (len(hits) >= 2 and repeats):
        shown = ", ".join(f"'{h}'" for h in hits[:4])
        why = f"headers {shown}" + (f"; '{key.header}' repeats" if repeats and key else "")
        return best, why
    if repeats and key is not None:
        return "subscriptions", f"'{key.header}' repeats ({key.distinct:,} accounts in " \
                                f"{key.non_blank:,} rows): a line-grain export"
    return "accounts", f"'{key.header}' is unique" if key is not None else "no other role fits"


def _owner_key(profiles: Sequence[ColumnProfile]) -> int | None:
    """In a secondary file: the column naming the account each row belongs to."""
    aliases = header_aliases()
    best: tuple[int, int] | None = None
    for pos, p in enumerate(profiles):
        words = set(header_words(p.header))
        if p.kind in (Kind.EMAIL, Kind.EMPTY, Kind.DATE) or words & (NOT_ACCOUNT_KEY - {"user"}):
            continue
        key = " ".join(p.header.lower().split())
        # "id" and HubSpot's "Record ID" name the row itself (the deal, the ticket) in these files
        alias = aliases.get(key) == "account_id" and key not in ("id", "record id")
        if not (alias or words & _OWNER_KEY):
            continue
        score = 4 * alias + 2 * bool(words & {"id", "ids", "no", "nr", "number", "key"}) \
            + 3 * (not p.unique) + bool(words & _OWNER_KEY)
        if best is None or score > best[0]:
            best = (score, pos)
    return best[1] if best else None


# ----------------------------------------------------------------------------------------------
# Mapping an accounts file


def _enum_values(target: str, profile: ColumnProfile) -> dict[str, str]:
    """Raw values of an enumerated column that postsale does not know → a suggested canonical
    value (closest known word), or "" (unknown) for the user to decide."""
    keys, table = parse.ENUM_COLUMNS[target]
    churn = is_churn_flag(target, profile.header)
    out: dict[str, str] = {}
    for value in profile.values:
        token = parse.normalise_token(value)
        if churn and token in CHURN_FLAG:
            out[value] = CHURN_FLAG[token]
        elif token not in table:
            close = difflib.get_close_matches(token, list(table), n=1, cutoff=0.8)
            out[value] = keys[table[close[0]]] if close else ""
    return out


def _enum_share(target: str, profile: ColumnProfile) -> float:
    table = parse.ENUM_COLUMNS[target][1]
    known = [v for v in profile.values if parse.normalise_token(v) in table]
    return len(known) / len(profile.values) if profile.values else 0.0


def _guess(target: str, profiles: Sequence[ColumnProfile], used: set[int]) -> int | None:
    """A column for ``target`` judged by its type and header words (no alias names it)."""
    for pos, p in enumerate(profiles):
        if pos in used:
            continue
        words = set(header_words(p.header))
        if target == "name" and p.kind in (Kind.NAME, Kind.TEXT) and p.unique \
                and "name" in words and not words & {"contact", "owner", "user", "first", "last"}:
            return pos
        if target == "owner" and p.kind in (Kind.NAME, Kind.CATEGORY) \
                and words & {"owner", "csm", "manager"}:
            return pos
        if target == "country" and p.kind is Kind.COUNTRY:
            return pos
        if target == "renewal_date" and p.kind is Kind.DATE \
                and words & {"renewal", "renews", "end", "expiry", "expires", "expiration"}:
            return pos
        if target == "start_date" and p.kind is Kind.DATE \
                and words & {"start", "since", "signup", "signed", "onboarded", "acquired"}:
            return pos
        if target == "contract_term_months" and p.kind is Kind.CATEGORY \
                and is_term_column(p.values):
            return pos
        if target == "health_score" and p.kind in (Kind.NUMBER, Kind.INTEGER) and "health" in words:
            return pos
        if target in parse.ENUM_COLUMNS and target != "tier_override" \
                and p.kind in (Kind.CATEGORY, Kind.BOOLEAN) and _enum_share(target, p) >= 0.6:
            return pos
    return None


def _account_columns(profiles: list[ColumnProfile], headers: list[str]
                     ) -> tuple[dict[int, tuple[str, str]], list[str]]:
    """Position → (canonical column, why) for an accounts file, and notes."""
    mapping = parse.map_headers(headers, None, profiles)
    notes = [str(problem) for _, problem, _ in mapping.problems
             if getattr(problem, "code", None) != "errors_io.header.missing"]
    chosen: dict[int, tuple[str, str]] = {}
    for target, pos in mapping.positions.items():
        p = profiles[pos]
        fits = _FITS.get(target)
        if fits is not None and p.kind not in fits and p.kind is not Kind.EMPTY:
            notes.append(f"'{p.header}' looks like {target} by its name but holds {p.kind} "
                         "values: not used")
            continue
        if target in parse.ENUM_COLUMNS and p.distinct > 50:
            notes.append(f"'{p.header}' looks like {target} by its name but has {p.distinct:,} "
                         f"different values: not used (map them in [values.{target}] to use it)")
            continue
        how = "canonical name" if parse.normalise_token(p.header) == target else "header alias"
        chosen[pos] = (target, how)
    keys = [" ".join(h.lower().split()) for h in headers]
    twice = {pos for pos, k in enumerate(keys) if keys.count(k) > 1}
    notes.extend(f"two columns are called '{headers[pos]}': rename one so the company file can "
                 "name it" for pos in sorted(twice) if keys.index(keys[pos]) == pos)
    used = set(chosen) | twice  # a mapping by header could not say which one is meant
    taken = {t for t, _ in chosen.values()}
    if "account_id" not in taken:
        pick = suggest_column(headers, used, "account_id", profiles)
        if pick is not None:
            pos = headers.index(pick)
            chosen[pos] = ("account_id", "type: unique identifier")
            used.add(pos)
            taken.add("account_id")
    if not taken & {"arr", "mrr"}:
        pick = suggest_column(headers, used, "arr", profiles)
        if pick is not None:
            pos = headers.index(pick)
            monthly = bool(set(header_words(pick)) & {"monthly", "mrr", "month"})
            chosen[pos] = ("mrr" if monthly else "arr", "type: money column" +
                           (" (monthly)" if monthly else ""))
            used.add(pos)
            taken.add("arr")
    for target in ("name", "owner", "country", "renewal_date", "start_date", "health_score",
                   "contract_term_months", *parse.ENUM_COLUMNS):
        if target in taken:
            continue
        pos_ = _guess(target, profiles, used)
        if pos_ is not None:
            kind = profiles[pos_].kind
            chosen[pos_] = (target, f"type: {kind} of {target} values"
                            if target in parse.ENUM_COLUMNS else
                            "type: contract terms in words (month-to-month = 1)"
                            if target == "contract_term_months" else f"type: {kind}")
            used.add(pos_)
            taken.add(target)
    return chosen, notes


def _unused_reason(p: ColumnProfile) -> str:
    words = header_words(p.header)
    if company_revenue(words):
        return "not used: the customer company's own revenue, not what it pays you"
    if p.kind is Kind.EMPTY:
        return "not used: empty"
    return "not used"


# ----------------------------------------------------------------------------------------------
# Entry points


@dataclass(frozen=True)
class _Table:
    path: str
    headers: list[str]
    profiles: list[ColumnProfile]
    rows: int
    skipped: int
    columns: Sequence[Any] = ()


def _profile(path: str | Path) -> _Table:
    headers, columns, rows, skipped = read_table(path)
    profiles = [profile_column(h, c) for h, c in zip(headers, columns, strict=True)]
    return _Table(str(path), headers, profiles, rows, skipped, columns)


def _role_of(t: _Table) -> tuple[str, str, int | None, dict[int, tuple[str, str]], list[str]]:
    key_pos = _owner_key(t.profiles)
    chosen, notes = _account_columns(t.profiles, t.headers)
    account_key = next((pos for pos, (tg, _) in chosen.items() if tg == "account_id"), None)
    probe = account_key if account_key is not None else key_pos
    role, why = _role(t.profiles, t.profiles[probe] if probe is not None else None)
    return role, why, key_pos, chosen, notes


def inspect_file(path: str | Path, secondary: bool | None = None) -> FileReport:
    """Profile every column of ``path``, recognise the file's role and propose the mapping.

    ``secondary``: the file is read by ``--subscriptions/--opportunities/--tickets`` (its
    columns map to that role's line fields); by default opportunity and ticket files are, and a
    subscriptions file is the accounts file at line grain (``inspect_files`` decides when an
    accounts file is inspected with it)."""
    return _report(_profile(path), secondary)


def _report(t: _Table, secondary: bool | None) -> FileReport:
    profiles, rows = t.profiles, t.rows
    role, why, key_pos, chosen, notes = _role_of(t)
    account_key = next((pos for pos, (tg, _) in chosen.items() if tg == "account_id"), None)
    if secondary is None:
        secondary = role in ("opportunities", "tickets")
    secondary = secondary and role != "accounts"
    extra: dict[str, str] = {}
    if secondary:
        # read by the role's own reader: each column's line field as the plan reads it
        mapped = line_columns(role, profiles, key_pos)
        chosen, extra = mapped.chosen, mapped.extra
        notes = mapped.notes
    elif role != "accounts":
        # Line items as the only file (an accounts file at line grain, aggregated per account):
        # their columns that an alias names and whose values fit are kept — never a guess by
        # type ("Amount" per interval is not ARR).
        row = {"subscriptions": "line", "opportunities": "opportunity", "tickets": "ticket"}[role]
        kept = {pos: v for pos, v in chosen.items() if role == "subscriptions"
                and v[0] != "account_id" and v[1] in ("canonical name", "header alias")}
        chosen = {**kept, key_pos: ("account_id", f"the account each {row} belongs to")} \
            if key_pos is not None else {}
        if key_pos is None:
            notes.append("no column names the account of each row: add one (e.g. 'Account ID')")
        if role == "subscriptions" and key_pos is not None \
                and not {"arr", "mrr"} & {t for t, _ in chosen.values()}:
            # the ARR of line items comes from the subscription rules (active lines, MRR × 12,
            # amount per interval): the file is also its own --subscriptions file
            as_lines = line_columns(role, profiles, key_pos)
            extra = as_lines.extra
            notes += as_lines.notes
            notes.append("read twice by the written company file: as the accounts file (one "
                         "account per ID) and as its own [import] subscriptions file (ARR from "
                         "the lines active on the as-of date)")
    elif account_key is not None and not profiles[account_key].unique:
        p = profiles[account_key]
        notes.append(f"'{p.header}' repeats ({p.distinct:,} distinct in {p.non_blank:,} rows): "
                     "a line-grain export, aggregated per account")
    owner = next((pos for pos, (tg, _) in chosen.items() if tg == "owner"), None)
    if owner is not None and not secondary and not set(header_words(profiles[owner].header)) \
            & {"csm", "success", "cs", "cse", "csms"}:
        p = profiles[owner]
        notes.append(f"'{p.header}' is read as each account's CSM: without a [team] section its "
                     f"{p.distinct:,} people are taken as the CS team in seat; a CRM record "
                     "owner is often the sales rep — if so, set it to \"ignore\" in [columns]")
    if not rows:
        notes.append("only a header: the file has no rows")
    if t.skipped:
        notes.append(f"{t.skipped:,} rows have a different number of fields than the header and "
                     "are left out here; `postsale plan` lists them with their line numbers")
    reports = []
    for pos, p in enumerate(profiles):
        target, reason = chosen.get(pos, (None, ""))
        if target is None:
            reason = _unused_reason(p) if role == "accounts" or secondary \
                else f"read as part of the {role} file"
        values = _enum_values(target, p) if target in parse.ENUM_COLUMNS and not secondary \
            else {}
        reports.append(ColumnReport(p, target, reason, values))
    return FileReport(t.path, rows, role, why, tuple(reports), tuple(notes), secondary, extra)


def inspect_files(paths: Sequence[str | Path]) -> tuple[FileReport, ...]:
    """Inspect each file. With several, the first accounts file is *the* accounts file and the
    others are read as secondary files (their columns mapped to line fields); each other role
    names one file (a second file of a role gets a note: only one is imported). Without an
    accounts file the first subscriptions file is the accounts file (at line grain); opportunity
    and ticket files are never an accounts file."""
    tables = [_profile(p) for p in paths]
    roles = [_role_of(t)[0] for t in tables]
    main = next((roles.index(r) for r in ("accounts", "subscriptions") if r in roles), None)
    reports = [_report(t, i != main) for i, t in enumerate(tables)]
    seen: set[str] = set()
    out = []
    for r in reports:
        if r.role in seen:
            r = replace(r, notes=(
                *r.notes, f"another {r.role} file comes first: only one {r.role} file is "
                "written to the company file"))
        seen.add(r.role)
        out.append(r)
    if main is not None:
        out = [_join_check(r, t, out[main], tables[main]) if r.secondary else r
               for r, t in zip(out, tables, strict=True)]
    return tuple(_shared_columns(out))


def _distinct(column: Any) -> set[str]:
    text = pc.utf8_trim_whitespace(parse.as_text(parse.as_arrow(column)))
    return {str(v).casefold() for v in pc.unique(text).to_pylist() if v}


def _join_check(r: FileReport, t: _Table, main: FileReport, mt: _Table) -> FileReport:
    """The secondary file's account keys against the accounts file's IDs: a key column holding
    the accounts' *names* (Zendesk's "Organization") would match nothing — said here, before
    the plan refuses it."""
    key = next((i for i, c in enumerate(r.columns) if c.target == "account_id"), None)
    ids = next((i for i, c in enumerate(main.columns) if c.target == "account_id"), None)
    if key is None or ids is None or not t.columns or not mt.columns:
        return r
    keys = _distinct(t.columns[key])
    if not keys:
        return r
    matched = len(keys & _distinct(mt.columns[ids])) / len(keys)
    if matched >= 0.5:
        return r
    header = r.columns[key].profile.header
    names = next((i for i, c in enumerate(main.columns) if c.target == "name"), ids)
    by_name = len(keys & _distinct(mt.columns[names])) / len(keys) if names != ids else 0.0
    text = (f"only {matched:.0%} of the accounts named in '{header}' are IDs of "
            f"'{main.columns[ids].profile.header}' in {Path(main.path).name}")
    if by_name > matched:
        text += (f"; {by_name:.0%} are account names (of '{main.columns[names].profile.header}'"
                 "): the join is on the ID — export the column with the accounts file's IDs")
    else:
        text += ": lines of other accounts are left out — check that both files use one ID"
    return replace(r, notes=(*r.notes, text))


def _shared_columns(reports: list[FileReport]) -> list[FileReport]:
    """``[import.columns]`` is one table for every secondary file: a header mapped in one file
    must not remap a column of another. Each file is checked against the merged table."""
    from postsale.io.sources import match_fields

    merged: dict[str, str] = {}
    for r in reports:
        if r.secondary:
            merged.update(r.import_columns)
    out = []
    for r in reports:
        if r.secondary and merged:
            headers = [c.profile.header for c in r.columns]
            want = {c.target: pos for pos, c in enumerate(r.columns) if c.target is not None}
            if match_fields(r.role, headers, merged) != want:
                r = replace(r, notes=(*r.notes, (
                    "the [import.columns] lines written for another file also match a header of "
                    "this one: check its mapping after `postsale plan`, or rename the header")))
        out.append(r)
    return out


def _q(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's; TOML also forbids a raw DEL)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _comment(text: str) -> str:
    """Text safe inside a TOML comment (no control characters, no line breaks)."""
    return "".join(c if c.isprintable() else "?" for c in text)


def company_toml(reports: Sequence[FileReport], company_path: str | Path) -> str:
    """The company file for ``reports``: ``[columns]`` and ``[values.*]`` of the accounts file
    (the first file when none is recognised as one), ``[import]`` naming the other files
    relative to the company file. Parses as TOML (checked)."""
    main = next((r for r in reports if not r.secondary), None)
    if main is None:  # only secondary files: the accounts file is named on the command line
        main = FileReport("", 0, "accounts", "", ())
    headers = [c.profile.header for c in main.columns]
    explicit = dict(main.mapping)
    # Headers a built-in alias would still pick up are written as ignored (explicit and quiet).
    explicit.update(dict.fromkeys(
        (h for h in headers if h not in explicit and parse.map_headers([h]).positions), "ignore"))
    names = _comment(", ".join(Path(r.path).name for r in reports))
    lines = [f"# Company file written by `postsale inspect` from {names}.",
             "# Check each line; every other section (company, team, costs …) is in the README."]
    if not main.path:
        lines.append("# No accounts file was inspected: run `postsale plan ACCOUNTS --company "
                     "this-file` with yours.")
    lines += ["", "[columns]              # your header = canonical column (\"ignore\": not read)"]
    why = {c.profile.header: c.reason for c in main.columns}
    for header, target in explicit.items():
        reason = _comment(why.get(header) or "an alias would map it")
        lines.append(f"{_q(header)} = {_q(target)}   # {reason}")
    for c in main.columns:
        if c.values and c.target is not None:
            target = "status" if c.target == "status" else c.target
            lines += ["", f"[values.{target}]       # raw value = canonical value (\"\": unknown)"]
            keys = ", ".join(parse.accepted_values(target))
            for raw, key in c.values.items():
                lines.append(f"{_q(raw)} = {_q(key)}" + ("" if key else f"   # one of: {keys}"))
    others = list({r.role: r for r in reversed(reports)
                   if r.secondary and r.role != main.role}.values())[::-1]
    if main.role == "subscriptions" and main.path and not {"arr", "mrr"} & set(
            main.mapping.values()) and "subscriptions" not in {r.role for r in others}:
        others.insert(0, main)  # line items alone: their ARR by the subscription rules
    if others:
        base = Path(company_path).resolve().parent
        lines += ["", "[import]               # the other files, joined on the account id"]
        for r in others:
            rel = os.path.relpath(Path(r.path).resolve(), base)
            lines.append(f"{r.role} = {_q(Path(rel).as_posix())}")
        extra = {h: t for r in others for h, t in r.import_columns.items()}
        if extra:
            lines += ["", "[import.columns]       # header of a file above = its line field "
                      "(the built-in aliases miss these)"]
            for r in others:
                why = {c.profile.header: c.reason for c in r.columns}
                for header, target in r.import_columns.items():
                    lines.append(f"{_q(header)} = {_q(target)}   # {r.role}: "
                                 f"{_comment(why.get(header, ''))}")
    text = "\n".join(lines) + "\n"
    import tomllib

    tomllib.loads(text)  # what we write must read back
    return text


def write_company(reports: Sequence[FileReport], target: str | Path, force: bool = False) -> None:
    """Write :func:`company_toml` to ``target`` atomically: never over an input file, never over
    an existing file unless ``force``."""
    from postsale.io.write import atomic_write_text

    out = Path(target)
    inputs = {Path(r.path).resolve() for r in reports}
    if out.resolve() in inputs:
        raise ConfigError("--write-company", None, Msg("errors_io.inspect.input", file=str(out)),
                          Msg("errors_io.inspect.input.fix"))
    if out.is_dir():
        raise ConfigError("--write-company", None, Msg("errors_io.inspect.folder", file=str(out)),
                          Msg("errors_io.inspect.folder.fix"))
    if out.exists() and not force:
        raise ConfigError("--write-company", None, Msg("errors_io.inspect.exists", file=str(out)),
                          Msg("errors_io.inspect.exists.fix"))
    atomic_write_text(out, company_toml(reports, out))
