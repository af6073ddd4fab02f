"""After the import: amounts into the company currency, and region / time zone from the country.

Why here and not in the parser: both need the company file (``[company] currency``,
``[currencies]``, ``[regions]``), which the reader does not see. Both work on the distinct values
of a column (a few currencies, a few dozen countries) and broadcast back, never row by row.

Currency. Each money cell's currency is the ``currency`` column's value on its row, else the
symbol or code written in the cell (``€ 12.500,00``, ``USD 5,000``), else the company currency.
``$`` alone is the company currency when that is a dollar, else USD; ``¥`` is CNY for a CNY
company, else JPY. Amounts in another currency are multiplied by its ``[currencies]`` rate
(``EUR = 1.08``: one euro is 1.08 company-currency units). Decided:

- several currencies and one without a rate → an input error listing every currency found (count,
  first row) and the ``[currencies]`` lines to add: a plan that adds euros to dollars is wrong;
- one currency, not the company's, written only as symbols in the cells and no rate → warning
  ``currency_symbol_mismatch`` (the amounts are used as written: the company file most likely
  misses ``[company] currency``); from a ``currency`` column it is an input error, as the file
  says plainly that the amounts are not in the company currency.

Geography. A ``country`` column (names in several languages, ISO 3166 alpha-2/alpha-3 codes,
aliases such as USA, U.K., Deutschland, 日本) fills blank ``region`` and ``timezone`` cells from
``benchmarks/geography.toml``, whose region wins over nothing but blanks and yields to the
company's ``[regions]`` (by name or ISO code). Unknown countries are a warning with examples.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from postsale.benchmarks import data_file
from postsale.company import Company
from postsale.core import plausibility
from postsale.core.benchmarks import Benchmarks
from postsale.core.categorical import factorize
from postsale.errors import InputError, InputProblem
from postsale.io.line_notes import counted
from postsale.io.read import ImportNote, LoadedAccounts

__all__ = ["country_codes", "currency_code", "localize"]

ObjArray = npt.NDArray[np.object_]

_DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD", "CLP", "COP", "ARS"})
_SYMBOLS = {"€": "EUR", "£": "GBP", "₹": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY", "₪": "ILS",
            "₫": "VND", "฿": "THB", "₱": "PHP", "US$": "USD", "C$": "CAD", "CA$": "CAD",
            "A$": "AUD", "AU$": "AUD", "NZ$": "NZD", "S$": "SGD", "SG$": "SGD", "HK$": "HKD",
            "R$": "BRL", "MX$": "MXN", "NT$": "TWD", "RMB": "CNY", "RM": "MYR"}


def currency_code(text: str | None, company: str) -> str | None:
    """The ISO code of a symbol or code as written (``€`` → EUR, ``us$`` → USD), resolved against
    the company currency where a symbol is shared (``$``, ``¥``, ``kr``); None for blank."""
    if text is None or not str(text).strip():
        return None
    raw = str(text).strip()
    up = raw.upper()
    if raw == "$":
        return company if company in _DOLLARS else "USD"
    if raw == "¥":
        return "CNY" if company == "CNY" else "JPY"
    if up == "KR":
        return company if company in ("SEK", "NOK", "DKK", "ISK") else "SEK"
    return _SYMBOLS.get(raw, _SYMBOLS.get(up, up))


def _codes(values: ObjArray, company: str) -> ObjArray:
    """:func:`currency_code` over the distinct values of a column, broadcast back."""
    arr = pa.array(values, type=pa.string(), from_pandas=True).dictionary_encode()
    table = np.array([currency_code(v, company) for v in arr.dictionary.to_pylist()] + [None],
                     dtype=object)
    idx = np.asarray(pc.fill_null(arr.indices, len(table) - 1).to_numpy(zero_copy_only=False),
                     dtype=np.intp)
    return np.asarray(table[idx], dtype=object)


def _per_row(keys: ObjArray, mapping: dict[str, Any], default: Any = None) -> ObjArray:
    """``mapping[key]`` per row (``default`` for None or unmapped), looked up per distinct key."""
    arr = pa.array(keys, type=pa.string(), from_pandas=True).dictionary_encode()
    table = np.array([mapping.get(k, default) for k in arr.dictionary.to_pylist()] + [default],
                     dtype=object)
    idx = np.asarray(pc.fill_null(arr.indices, len(table) - 1).to_numpy(zero_copy_only=False),
                     dtype=np.intp)
    return np.asarray(table[idx], dtype=object)


def rate_table(rates: Mapping[str, float], home: str) -> dict[str, float]:
    """``[currencies]`` keyed by ISO code (a symbol such as ``"£"`` resolved), the company
    currency at 1: the rates the accounts file and the line files convert with."""
    table = {currency_code(k, home) or k: v for k, v in rates.items()}
    table[home] = 1.0
    return table


def one_currency_fix(code: str, home: str) -> str:
    """The fix when every amount is in one foreign currency without a rate."""
    return (f"set [company] currency = \"{code}\", or give the rate: [currencies] {code} = … "
            f"({home} per {code})")


def _convert_currency(loaded: LoadedAccounts, company: Company, file: str
                      ) -> tuple[dict[str, Any], list[ImportNote]]:
    """The money columns in the company currency (and each row's currency), or an input error."""
    book, home = loaded.book, company.company.currency.strip().upper()
    stated = _codes(book.currency, home) if "currency" in book.present else None
    money = [c for c in ("arr", "previous_arr") if c in book.present]
    if not money:  # no amount in the accounts file (its subscriptions or deals give the ARR)
        return {}, []
    if stated is None and not any(loaded.markers.get(c) is not None for c in money):
        return {}, []  # nothing says the amounts are in another currency
    rates = rate_table(company.currencies, home)
    cells: dict[str, ObjArray] = {}
    found: dict[str, list[int]] = {}  # currency → [accounts, first index]
    for column in money:
        marked = loaded.markers.get(column)
        cur = np.full(len(book), None, dtype=object) if marked is None else _codes(marked, home)
        if stated is not None:
            cur = np.where(stated != None, stated, cur)  # noqa: E711 (elementwise)
        cur = np.where(cur != None, cur, home)  # noqa: E711
        cells[column] = cur
        labels, codes = factorize(cur)
        codes = np.where(np.isfinite(getattr(book, column)), codes, -1)
        counts = np.bincount(codes[codes >= 0], minlength=len(labels))
        for k, label in enumerate(labels):
            if counts[k]:
                first = int(np.argmax(codes == k))
                seen = found.setdefault(label, [0, first])
                seen[0], seen[1] = max(seen[0], int(counts[k])), min(seen[1], first)
    arr_cur = cells.get("arr", next(iter(cells.values())))
    missing = [c for c in found if c not in rates]
    header = loaded.columns.get("currency") or loaded.columns.get("arr", "arr")
    if missing and (len(found) > 1 or stated is not None):
        rows = loaded.locate(np.array([found[c][1] for c in found], dtype=np.int64))
        where = dict(zip(found, rows, strict=True))
        listing = ", ".join(f"{c} {found[c][0]:,} (first on row {where[c]})" for c in found)
        lines = "; ".join(f"{c} = … ({home} per {c})" for c in missing)
        raise InputError([InputProblem(
            file, where[c], header,
            f"amounts in {c} cannot be converted to the company currency {home}: "
            f"currencies found: {listing}",
            f"add the rates to the company file: [currencies] {lines} — or set [company] "
            f"currency if the amounts are all in one currency") for c in missing])
    if missing:
        code = missing[0]
        return {"currency": arr_cur}, [ImportNote("currency_symbol_mismatch", (
            f"the amounts in '{loaded.columns.get('arr', 'arr')}' are written in {code} "
            f"({found[code][0]:,} accounts) but the company currency is {home}: they are used as "
            f"written; {one_currency_fix(code, home)}"))]
    values: dict[str, Any] = {"currency": arr_cur}
    foreign = {c: n for c, (n, _) in found.items() if c != home}
    if not foreign:
        return values, []
    for column in money:
        factor = np.asarray(_per_row(cells[column], rates, 1.0), dtype=np.float64)
        values[column] = getattr(book, column) * factor
    return values, [ImportNote("currency_converted", f"amounts converted to {home}: " + "; ".join(
        f"{n:,} accounts in {c} at 1 {c} = {rates[c]:g} {home}" for c, n in foreign.items()))]


# ----------------------------------------------------------------------------------------------
# Geography


def _key(text: str) -> str:
    """Matching key of a country: NFKC, case-folded, dots and apostrophes dropped, other
    punctuation and runs of spaces as one space (``U.S.A.`` = ``usa``)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", " ", re.sub(r"[.'’]", "", folded)).strip()


_NAME_LOCALES = ("en", "de", "fr", "es", "pt", "it", "nl", "sv", "da", "nb", "fi", "pl", "cs",
                 "ja", "zh", "zh_Hant", "ko", "ru", "tr", "id", "ms", "th", "vi", "ar", "he", "hi")


@cache
def _geography() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(country key → ISO alpha-2, ISO alpha-2 → (region, time zone)), built once: the shipped
    table, CLDR country names in the main business languages, alpha-3 codes and aliases."""
    from babel.core import Locale, get_global

    raw = data_file("geography.toml")
    table = {code: (str(v["region"]), str(v["timezone"])) for code, v in raw["countries"].items()}
    names: dict[str, str] = {}
    for loc in _NAME_LOCALES:
        for code, name in Locale.parse(loc).territories.items():
            if code in table:
                names.setdefault(_key(name), code)
    for alias, targets in get_global("territory_aliases").items():
        if len(alias) == 3 and alias.isalpha() and len(targets) == 1 and targets[0] in table:
            names.setdefault(_key(alias), targets[0])
    names.update({_key(alias): code for alias, code in raw["aliases"].items()})
    names.update({_key(code): code for code in table})
    return names, table


def _distinct_countries(values: ObjArray) -> tuple[list[Any], list[str | None],
                                                    npt.NDArray[np.intp]]:
    """(distinct values, their ISO code or None, row → distinct index; blank → len(distinct))."""
    names, _ = _geography()
    arr = pa.array(values, type=pa.string(), from_pandas=True).dictionary_encode()
    distinct = arr.dictionary.to_pylist()
    iso = [None if not str(v).strip() else names.get(_key(str(v))) for v in distinct]
    idx = np.asarray(pc.fill_null(arr.indices, len(distinct)).to_numpy(zero_copy_only=False),
                     dtype=np.intp)
    return distinct, iso, idx


def _unknown(distinct: list[Any], iso: list[str | None], counts: npt.NDArray[np.int64]
             ) -> list[tuple[str, int]]:
    found = [(str(v), int(counts[i])) for i, v in enumerate(distinct)
             if iso[i] is None and str(v).strip()]
    return sorted(found, key=lambda vc: -vc[1])


def country_codes(values: ObjArray) -> tuple[ObjArray, list[tuple[str, int]]]:
    """ISO alpha-2 code per row (None for blank or unknown) and the unknown names with counts."""
    distinct, iso, idx = _distinct_countries(values)
    out = np.asarray(np.array([*iso, None], dtype=object)[idx], dtype=object)
    return out, _unknown(distinct, iso, np.bincount(idx, minlength=len(distinct) + 1))


def _fill_geography(loaded: LoadedAccounts, company: Company) -> tuple[dict[str, Any],
                                                                       list[ImportNote]]:
    """Blank region / time zone cells from the country, computed per distinct country."""
    book = loaded.book
    if "country" not in book.present:
        return {}, []
    # the reader stores blank text cells as None
    region_blank, zone_blank = book.missing("region"), book.missing("timezone")
    if not region_blank.any() and not zone_blank.any():
        return {}, []
    names, table = _geography()
    distinct, iso, idx = _distinct_countries(book.country)
    overrides: dict[str, str] = {}
    for country, wanted in company.regions.items():
        overrides[names.get(_key(country)) or _key(country)] = wanted
    region_d = [overrides.get(c, table[c][0]) if c is not None
                else overrides.get(_key(str(v))) for v, c in zip(distinct, iso, strict=True)]
    region = np.asarray(np.array([*region_d, None], dtype=object)[idx], dtype=object)
    zone = np.asarray(np.array([*(None if c is None else table[c][1] for c in iso), None],
                               dtype=object)[idx], dtype=object)
    unknown = _unknown(distinct, iso, np.bincount(idx, minlength=len(distinct) + 1))
    values: dict[str, Any] = {}
    notes: list[ImportNote] = []
    fill_r = region_blank & np.array([r is not None for r in region_d] + [False])[idx]
    fill_z = zone_blank & np.array([c is not None for c in iso] + [False])[idx]
    if fill_r.any():
        values["region"] = np.where(fill_r, region, book.region)
    if fill_z.any():
        values["timezone"] = np.where(fill_z, zone, book.timezone)
    header = loaded.columns.get("country", "country")
    if fill_r.any() or fill_z.any():
        per_country = np.bincount(idx[fill_r], minlength=len(distinct) + 1)
        by_region: dict[str, int] = {}
        for k, n in enumerate(per_country[:len(distinct)].tolist()):
            if n and region_d[k] is not None:
                by_region[str(region_d[k])] = by_region.get(str(region_d[k]), 0) + n
        shares = ", ".join(f"{r} {n:,}" for r, n in sorted(by_region.items()))
        filled = []
        if fill_r.any():
            filled.append(f"region for {counted(int(fill_r.sum()), 'account')} ({shares})")
        if fill_z.any():
            filled.append(f"time zone for {counted(int(fill_z.sum()), 'account')}")
        notes.append(ImportNote("region_from_country", (
            f"{' and '.join(filled)} filled from '{header}'"
            + ("; set [regions] in the company file to change a country's region"
               if fill_r.any() else ""))))
    unresolved = [(n, c) for n, c in unknown if _key(n) not in overrides]
    if unresolved:
        shown = ", ".join(f"'{n}' ({c:,})" for n, c in unresolved[:5])
        notes.append(ImportNote("unknown_country", (
            f"{sum(c for _, c in unresolved):,} accounts have a country in '{header}' postsale does "
            f"not know: {shown}{' …' if len(unresolved) > 5 else ''}; their region and time zone "
            f"stay blank — write the country's name or ISO code, or give its region: [regions] "
            f"\"{unresolved[0][0]}\" = \"EMEA\"")))
    return values, notes


# ----------------------------------------------------------------------------------------------


def localize(loaded: LoadedAccounts, company: Company, benchmarks: Benchmarks, file: str
             ) -> LoadedAccounts:
    """The loaded book in the company currency, with region and time zone from the country, and
    the import's plausibility notes (ARR in millions or counts). Raises :class:`InputError` for
    currencies it cannot convert."""
    money, money_notes = _convert_currency(loaded, company, file)
    geo, geo_notes = _fill_geography(loaded, company)
    scale = plausibility.money_scale(
        money.get("arr", loaded.book.arr), loaded.columns.get("arr", "arr"),
        benchmarks.value("plausibility.money_median_floor"), benchmarks.value("plausibility.count_max"))
    notes = [*money_notes, *geo_notes]
    if scale is not None:
        from postsale.results_plausibility import finding_message

        notes.append(ImportNote(scale.code,
                                str(finding_message(scale, loaded.columns.get("arr", "arr")))))
    changed = {**money, **geo}
    if not changed and not notes:
        return loaded
    present = loaded.book.present | frozenset(k for k in changed if k != "currency") \
        | (frozenset({"currency"}) if "currency" in changed else frozenset())
    book = replace(loaded.book, **changed, present=present)
    return replace(loaded, book=book, notes=(*loaded.notes, *notes))


@cache
def region_aliases() -> dict[str, str]:
    """``[region_aliases]`` of the shipped geography table: alias → canonical region."""
    raw = data_file("geography.toml")
    return {str(k): str(v) for k, v in raw.get("region_aliases", {}).items()}
