"""Import the team file (issue 4): the people and open requisitions that can own accounts.

A CSV (any delimiter, UTF-8 with or without BOM, Latin-1 fallback) with the columns
``person_id, name, role, tiers, region, languages, timezone, capacity, start_date``; only
``person_id`` and ``role`` are required. ``tiers`` and ``languages`` are ``;``-separated; a blank
``name`` is an open requisition; ``capacity`` 1.0 is a full-time book (team leads and part-timers
carry less, at most 2.0). A CSM role key (``csm_high_touch`` / ``csm_low_touch`` /
``csm_tech_touch``) implies its tier when ``tiers`` is blank; any other role owns no accounts unless
``tiers`` names them (a team lead carrying a small book: ``tiers = low_touch``, ``capacity = 0.3``).

Ramp (DOMAIN.md §9: 25/50/75/100% productivity in months 1–4): someone whose ``start_date`` is in
the future or less than three full months ago carries that share of their capacity.

All or nothing, like the account file: every problem is collected (the first 20 are listed with the
total), each naming the file, the row (the line as an editor numbers it, header = 1), the column and
the fix; a team file with problems yields no roster.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from postsale.core.assignment.roster import Roster
from postsale.core.msg import Msg
from postsale.errors import MAX_LISTED_PROBLEMS, InputError, InputProblem, Words
from postsale.io import parse
from postsale.io.tables import sniff_delimiter
from postsale.keys import CSM_ROLE_BY_TIER, ROLE_KEYS, TIER_KEYS

__all__ = ["COLUMNS", "RAMP", "LoadedTeam", "RampedPerson", "load_team", "ramp_factor",
           "read_team"]

COLUMNS = ("person_id", "name", "role", "tiers", "region", "languages", "timezone", "capacity",
           "start_date")
REQUIRED = ("person_id", "role")
RAMP = (0.25, 0.5, 0.75, 1.0)  # share of capacity in months 1, 2, 3, 4+ (DOMAIN.md §9)
MAX_CAPACITY = 2.0

_ROLE_NAMES = [str(r) for r in ROLE_KEYS]
_TIER_NAMES = [str(t) for t in TIER_KEYS]
_TIER_BY_ROLE = {str(role): str(tier) for tier, role in CSM_ROLE_BY_TIER.items()}
_TIER_ALIASES = {**{t: t for t in _TIER_NAMES}, "high": "high_touch", "low": "low_touch",
                 "tech": "tech_touch"}
_DATE_FIX = Msg("errors_io.cell.date.fix", forms=", ".join(parse.DATE_FORMS[1:]))


@dataclass(frozen=True)
class RampedPerson:
    """Someone still ramping: the capacity they were given and the share they carry today."""

    person_id: str
    label: str
    start_date: dt.date
    factor: float
    capacity: float


@dataclass(frozen=True, eq=False)
class LoadedTeam:
    """The roster (positions that own accounts) and what the import noticed on the way."""

    roster: Roster
    ramping: tuple[RampedPerson, ...]
    non_owners: tuple[tuple[str, str], ...]  # (person label, role) of people who own no accounts
    notes: tuple[str, ...]
    # every row, owner or not, as (person_id, name or None for an open requisition, role): what
    # the org chart seats (``postsale org --team``)
    members: tuple[tuple[str, str | None, str], ...] = ()
    # each member's (region, languages) from the file, in ``members`` order: seats by fit
    profiles: tuple[tuple[str | None, frozenset[str]], ...] = ()

    def summary_notes(self) -> tuple[str, ...]:
        """One line per fact worth telling the user (ramping hires, people without a book)."""
        lines = list(self.notes)
        for p in self.ramping:
            lines.append(f"{p.label} started {p.start_date.isoformat()}: ramping, carries "
                         f"{p.factor:.0%} of capacity {p.capacity:g} (25/50/75/100% ramp)")
        if self.non_owners:
            shown = ", ".join(f"{label} ({role})" for label, role in self.non_owners[:5])
            more = f" and {len(self.non_owners) - 5} more" if len(self.non_owners) > 5 else ""
            count = len(self.non_owners)
            lines.append(f"{count} {'person owns' if count == 1 else 'people own'} no accounts "
                         f"(no tiers and not a CSM role): {shown}{more}")
        return tuple(lines)


def ramp_factor(start: dt.date | None, today: dt.date) -> float:
    """Share of full capacity on ``today`` for someone who starts (or started) on ``start``.

    Month 1 (including a start still in the future) 25%, month 2 50%, month 3 75%, after three full
    months 100%; no start date means fully ramped.
    """
    if start is None or start > today:
        return RAMP[0] if start is not None else 1.0
    months = (today.year - start.year) * 12 + today.month - start.month - (today.day < start.day)
    return RAMP[min(months, len(RAMP) - 1)]


def _norm_header(header: str) -> str:
    return "_".join(header.strip().lstrip("\ufeff").strip().lower().replace("-", " ").split())


def _norm_key(value: str) -> str:
    return "_".join(value.strip().lower().replace("-", " ").split())


def _split(value: str) -> list[str]:
    for sep in (",", "|", "/"):
        value = value.replace(sep, ";")
    return [part.strip() for part in value.split(";") if part.strip()]


def _decode(path: Path, file: str) -> str:
    data = path.read_bytes()
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number where the record starts, cells) for every non-blank record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    prev = 0
    for row in reader:
        start, prev = prev + 1, reader.line_num
        if row and any(cell.strip() for cell in row):
            yield start, row


def _valid_zone(zone: str) -> bool:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _zone_fix(zone: str) -> Msg:
    import zoneinfo

    close = difflib.get_close_matches(zone, sorted(zoneinfo.available_timezones()), n=1)
    return Msg("errors_io.team.zone.fix_close", name=close[0]) if close \
        else Msg("errors_io.team.zone.fix")


def _capacity(cell: str) -> float | None:
    text = cell.strip().replace(",", ".")
    percent = text.endswith("%")
    try:
        value = float(text.rstrip("%").strip())
    except ValueError:
        return None
    if not np.isfinite(value):
        return None
    return value / 100 if percent else value


@dataclass
class _Person:
    row: int
    person_id: str
    name: str | None
    role: str
    tiers: tuple[str, ...]
    region: str | None
    languages: frozenset[str]
    timezone: str | None
    capacity: float
    start: dt.date | None


def read_team(path: str | Path, today: dt.date | None = None) -> LoadedTeam:
    """Load and validate a team file; see the module docstring. ``today`` (default: the current
    date) decides who is ramping. Raises :class:`~postsale.errors.InputError` with every problem."""
    p, file = Path(path), str(path)
    when = today or dt.date.today()

    def fail(problem: Words, fix: Words, row: int | None = None) -> InputError:
        return InputError([InputProblem(file, row, None, problem, fix)])

    if not p.exists():
        raise fail(Msg("errors_io.file.not_found"),
                   Msg("errors_io.file.not_found.fix", folder=str(p.resolve().parent)))
    if p.is_dir():
        raise fail(Msg("errors_io.out.folder"), Msg("errors_io.team.folder.fix"))
    if p.suffix.lower() not in (".csv", ".tsv", ".txt"):
        raise fail(Msg("errors_io.file.type", suffix=p.suffix) if p.suffix
                   else Msg("errors_io.file.type_none"), Msg("errors_io.team.type.fix"))
    try:
        text = _decode(p, file)
    except OSError as exc:
        raise fail(Msg("errors_io.file.unreadable", reason=str(exc.strerror or exc)),
                   Msg("errors_io.team.unreadable.fix")) from None
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise fail(Msg("errors_io.file.empty"), Msg("errors_io.team.empty.fix"))
    delimiter = sniff_delimiter(lines[first:first + 20], "\t" if p.suffix.lower() == ".tsv"
                                 else ",")
    records = list(_rows(text, delimiter))
    if not records:
        raise fail(Msg("errors_io.team.no_header"), Msg("errors_io.team.no_header.fix"))
    header_row, header = records[0]
    names = [_norm_header(h) for h in header]
    problems: list[InputProblem] = []
    total = 0

    def problem(row: int | None, column: str | None, what: Words, fix: Words) -> None:
        nonlocal total
        total += 1
        if len(problems) < MAX_LISTED_PROBLEMS:
            problems.append(InputProblem(file, row, column, what, fix))

    position: dict[str, int] = {}
    notes: list[str] = []
    for k, name in enumerate(names):
        if name in COLUMNS and name not in position:
            position[name] = k
        elif name in COLUMNS:
            problem(header_row, header[k], Msg("errors_io.team.twice", name=name),
                    Msg("errors_io.team.twice.fix"))
        elif name:
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            notes.append(f"column '{header[k].strip()}' ignored" +
                         (f" (did you mean '{close[0]}'?)" if close else ""))
    for column in REQUIRED:
        if column not in position:
            problem(header_row, column, Msg("errors_io.team.required", column=column),
                    Msg("errors_io.team.required.fix", column=column,
                        columns=", ".join(COLUMNS)))
    if total:
        raise InputError(problems, total=total)
    if len(records) == 1:
        raise fail(Msg("errors_io.team.nobody"), Msg("errors_io.team.nobody.fix"), header_row)

    def cell(row: list[str], column: str) -> str:
        k = position.get(column)
        return row[k].strip() if k is not None and k < len(row) else ""

    def shown(column: str) -> str:
        return header[position[column]].strip()

    starts_raw = [cell(row, "start_date") for _, row in records[1:]]
    dates = parse.parse_dates(starts_raw) if "start_date" in position else None
    people: list[_Person] = []
    seen: dict[str, int] = {}
    for k, (line, row) in enumerate(records[1:]):
        if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
            problem(line, None, Msg("errors_io.file.fields", fields=len(row), width=len(header)),
                    Msg("errors_io.file.fields.fix"))
            continue
        pid = cell(row, "person_id")
        if not pid:
            problem(line, shown("person_id"), Msg("errors_io.team.id_blank"),
                    Msg("errors_io.team.id_blank.fix"))
        elif pid.lower() in seen:
            problem(line, shown("person_id"),
                    Msg("errors_io.team.id_again", c=repr(pid), r=str(seen[pid.lower()])),
                    Msg("errors_io.team.id_again.fix"))
        else:
            seen[pid.lower()] = line
        role_raw = cell(row, "role")
        role = _norm_key(role_raw)
        if not role:
            problem(line, shown("role"), Msg("errors_io.team.role_blank"),
                    Msg("errors_io.team.role_blank.fix", choices=", ".join(_ROLE_NAMES)))
        elif role not in _ROLE_NAMES:
            close = difflib.get_close_matches(role, _ROLE_NAMES, n=1)
            choices = ", ".join(_ROLE_NAMES)
            problem(line, shown("role"), Msg("errors_io.team.role", value=repr(role_raw)),
                    Msg("errors_io.team.role.fix_close", name=close[0], choices=choices) if close
                    else Msg("errors_company.use_one_of", choices=choices))
        tiers: list[str] = []
        for part in _split(cell(row, "tiers")):
            tier = _TIER_ALIASES.get(_norm_key(part))
            if tier is None:
                problem(line, shown("tiers"), Msg("errors_io.team.tier", value=repr(part)),
                        Msg("errors_io.team.tier.fix"))
            elif tier not in tiers:
                tiers.append(tier)
        if not tiers and role in _TIER_BY_ROLE:
            tiers = [_TIER_BY_ROLE[role]]
        capacity = 1.0
        capacity_raw = cell(row, "capacity")
        if capacity_raw:
            value = _capacity(capacity_raw)
            if value is None:
                problem(line, shown("capacity"), Msg("errors_io.team.capacity",
                                                     value=repr(capacity_raw)),
                        Msg("errors_io.team.capacity.fix"))
            elif value <= 0 or value > MAX_CAPACITY:
                problem(line, shown("capacity"), Msg("errors_io.team.capacity_range",
                                                     value=repr(capacity_raw)),
                        Msg("errors_io.team.capacity_range.fix"))
            else:
                capacity = value
        zone = cell(row, "timezone") or None
        if zone is not None and not _valid_zone(zone):
            problem(line, shown("timezone"), Msg("errors_company.support.timezone",
                                                 value=repr(zone)), _zone_fix(zone))
        start: dt.date | None = None
        if dates is not None and starts_raw[k]:
            if dates.bad[k] or np.isnat(dates.values[k]):
                problem(line, shown("start_date"), Msg("errors_io.cell.date", c=repr(starts_raw[k])),
                        _DATE_FIX)
            else:
                start = dates.values[k].astype("datetime64[D]").item()
        people.append(_Person(
            row=line, person_id=pid, name=cell(row, "name") or None, role=role,
            tiers=tuple(tiers), region=cell(row, "region") or None,
            languages=frozenset(_split(cell(row, "languages"))), timezone=zone,
            capacity=capacity, start=start))
    if not total and not any(person.tiers for person in people):
        problem(None, None, Msg("errors_io.team.no_owner"), Msg("errors_io.team.no_owner.fix"))
    if total:
        raise InputError(problems, total=total)
    if dates is not None:
        notes.extend(f"column '{shown('start_date')}': {n}" for n in dates.notes)
    return _build(people, when, file, tuple(notes))


def _label(person: _Person) -> str:
    return person.name or f"Open requisition {person.person_id}"


def _build(people: list[_Person], today: dt.date, file: str, notes: tuple[str, ...]
           ) -> LoadedTeam:
    owners = [p for p in people if p.tiers]
    tiers = np.zeros((len(owners), len(TIER_KEYS)), dtype=bool)
    capacity = np.empty(len(owners), dtype=np.float64)
    ramping: list[RampedPerson] = []
    for j, person in enumerate(owners):
        tiers[j, [_TIER_NAMES.index(t) for t in person.tiers]] = True
        factor = ramp_factor(person.start, today)
        capacity[j] = person.capacity * factor
        if factor < 1.0 and person.start is not None:
            ramping.append(RampedPerson(person.person_id, _label(person), person.start, factor,
                                        person.capacity))
    roster = Roster(
        person_id=tuple(p.person_id for p in owners),
        name=tuple(p.name for p in owners),
        role=tuple(p.role for p in owners),
        tiers=tiers,
        region=tuple(p.region for p in owners),
        languages=tuple(p.languages for p in owners),
        timezone=tuple(p.timezone for p in owners),
        capacity=capacity,
        source=f"team file {file}",
    )
    non_owners = tuple((_label(p), p.role) for p in people if not p.tiers)
    members = tuple((p.person_id, p.name, p.role) for p in people)
    profiles = tuple((p.region, p.languages) for p in people)
    return LoadedTeam(roster, tuple(ramping), non_owners, notes, members, profiles)


def load_team(path: str | Path, today: dt.date | None = None) -> Roster:
    """The roster in a team file (positions that own accounts, ramp applied to capacity).

    Raises :class:`~postsale.errors.InputError` listing every problem (up to 20, with the total):
    missing required columns, duplicate ``person_id``, unknown role key or tier, a capacity that is
    not a number in (0, 2], an unknown IANA time zone, an unreadable ``start_date``.
    """
    return read_team(path, today).roster
