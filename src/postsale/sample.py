"""A seeded synthetic company: a realistic B2B SaaS customer book and its company file.

Why it exists: ``postsale sample`` (PRODUCT.md, "Contracts") and ``postsale plan --demo`` need a
book that exercises every rule of DOMAIN.md without a customer's confidential export: the three ACV
bands of the hybrid model (§6: SMB $1K–10K, mid-market $10K–100K, enterprise $100K–500K+), the
regions, languages and time zones of the geographic model (§2, model 4), an onboarding pipeline for
the implementation ratios (§1, §4), a 12-month renewal pipeline for the renewals rule (§4), health
for the at-risk rules (§6 movement) and last year's ARR for GRR/NRR against the stage bands (§3,
§9).

Everything is drawn from ``numpy.random.default_rng(seed)`` and the caller's ``today`` (the clock
is never read here), so the same arguments always give the same book (STYLE.md habit 7). The book
is built column by column with vectorized numpy and Arrow kernels (STYLE.md habit 2): a million
accounts take one to two seconds; Python loops only run over the small lookup tables below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.csv as pacsv  # type: ignore[import-untyped]

from postsale.core.book import CANONICAL_COLUMNS, COMPLEXITY_KEYS, ONBOARDING_KEYS, SEGMENT_KEYS
from postsale.core.msg import Msg
from postsale.errors import ConfigError
from postsale.io.write import FORMULA_PREFIXES, atomic_path, atomic_write_text, neutralise_formula
from postsale.keys import OnboardingStatus, Segment

__all__ = [
    "DEMO_COMPANY_NAME",
    "DEMO_CUSTOMERS",
    "DEMO_SEED",
    "GEOGRAPHY",
    "MAX_CUSTOMERS",
    "PROFILES",
    "SAMPLE_COLUMNS",
    "Place",
    "company_toml",
    "demo_accounts",
    "demo_company_toml",
    "generate_accounts",
    "write_sample",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
DateArray = npt.NDArray[np.datetime64]
ObjArray = npt.NDArray[np.object_]
Columns = dict[str, npt.NDArray[Any]]

# The seeds' opening story (DOMAIN.md §8, S0/S1): 300 customers and a single Head of CS.
DEMO_SEED = 300
DEMO_CUSTOMERS = 300
DEMO_COMPANY_NAME = "Northwind Analytics"
# A guard against typos (1e9 rows would exhaust memory); the quality bars stop at 1M accounts.
MAX_CUSTOMERS = 10_000_000
ID_PREFIX = "ACCT-"

# Every canonical column except ``tier_override`` and ``pinned`` (a user's decisions, never
# synthesized), ``status`` (every sampled account is a customer), ``contract_term_months``
# (billing terms come from the billing export; the sample's multi-year contracts show in their
# renewal dates) and ``currency`` (one currency).
SAMPLE_COLUMNS: tuple[str, ...] = tuple(c for c in CANONICAL_COLUMNS
                                       if c not in ("tier_override", "pinned", "contract_term_months",
                                                     "status", "currency"))

_DEMO_GROWTH = ((12, 450), (24, 750))  # customers after 12 and 24 months
_SOURCE = "postsale sample"

# ------------------------------------------------------------------ segments (DOMAIN §6, §1)
class _SegmentModel(NamedTuple):
    share: float  # of accounts
    arr_low: float  # SMB/mid: log-scale band reshaped by Beta(a, b); enterprise: Pareto floor
    arr_high: float
    beta_a: float
    beta_b: float
    round_to: float
    weeks: tuple[int, int]  # implementation length (§1 implementation, §6 step 2)
    complexity: tuple[float, float, float]  # P(low), P(medium), P(high): tracks segment (§6 step 2)
    tickets: float  # mean tickets per month for medium complexity
    multi_year: float  # share on 2–3-year contracts: renewals beyond 12 months (§4 renewals)
    expansion_bias: float  # relative odds of expanding (enterprise lands and expands)


# Count mix 60/30/10 (SMB/mid/enterprise), the usual hybrid book "past Series A" (§6). ACV bands
# overlap their neighbours a little: CRM segments follow firmographics, not ACV exactly, so the
# tiering rules get real edge cases. Enterprise ARR is a truncated Pareto (alpha below): a heavy
# tail of $500K+ logos carries much of the revenue.
_SEGMENTS: dict[Segment, _SegmentModel] = {
    Segment.ENTERPRISE: _SegmentModel(0.10, 90_000.0, 2_000_000.0, 1.0, 1.0, 1_000.0, (8, 16),
                                      (0.05, 0.35, 0.60), 6.0, 0.15, 1.3),
    Segment.MID_MARKET: _SegmentModel(0.30, 8_000.0, 120_000.0, 1.6, 2.2, 500.0, (4, 8),
                                      (0.20, 0.60, 0.20), 2.0, 0.04, 1.1),
    Segment.SMB: _SegmentModel(0.60, 1_000.0, 12_000.0, 1.4, 2.0, 100.0, (1, 3),
                               (0.75, 0.22, 0.03), 0.5, 0.0, 0.8),
}
_PARETO_ALPHA = 1.7
_MIN_ARR = 1_000.0

# Previous-ARR calibration: movement sizes scale by at most these factors, and no account lost
# more than 90% or grew more than 4× in a year.
_SCALE = (0.4, 2.5)
_MAX_SHRINK, _MAX_GROW = float(np.log(10.0)), float(np.log(4.0))
_MAX_AGE_DAYS = 4 * 365 + 1  # the company sold its first contract about four years ago
_JUST_SIGNED_DAYS = 10  # kickoff not held yet: onboarding "not_started"


def _by_segment(field: str) -> npt.NDArray[Any]:
    """One field of :data:`_SEGMENTS` in ``SEGMENT_KEYS`` code order, indexed by segment codes."""
    return np.array([getattr(_SEGMENTS[key], field) for key in SEGMENT_KEYS])


# ------------------------------------------------------------------ geography (DOMAIN §2, model 4)
class Place(NamedTuple):
    """One row of the geographic model: region → sub-region → country, language, IANA time zone.

    ``region`` is what the book's ``region`` column holds; the sub-region (US East, LATAM, ANZ …)
    is not a canonical column but follows from (country, time zone) through this table.
    """

    region: str
    sub_region: str
    country: str
    language: str
    timezone: str
    weight: float  # relative share within the region


GEOGRAPHY: tuple[Place, ...] = tuple(Place(*row) for row in (
    ("Americas", "US East", "United States", "English", "America/New_York", 30.0),
    ("Americas", "US East", "United States", "English", "America/Chicago", 12.0),
    ("Americas", "US East", "Canada", "English", "America/Toronto", 4.0),
    ("Americas", "US East", "Canada", "French", "America/Toronto", 1.5),
    ("Americas", "US West", "United States", "English", "America/Los_Angeles", 18.0),
    ("Americas", "US West", "United States", "English", "America/Denver", 5.0),
    ("Americas", "US West", "United States", "English", "America/Phoenix", 1.5),
    ("Americas", "US West", "Canada", "English", "America/Vancouver", 2.0),
    ("Americas", "LATAM", "Brazil", "Portuguese", "America/Sao_Paulo", 7.0),
    ("Americas", "LATAM", "Mexico", "Spanish", "America/Mexico_City", 5.0),
    ("Americas", "LATAM", "Argentina", "Spanish", "America/Argentina/Buenos_Aires", 2.0),
    ("Americas", "LATAM", "Colombia", "Spanish", "America/Bogota", 2.0),
    ("Americas", "LATAM", "Chile", "Spanish", "America/Santiago", 1.5),
    ("EMEA", "UK/Ireland", "United Kingdom", "English", "Europe/London", 20.0),
    ("EMEA", "UK/Ireland", "Ireland", "English", "Europe/Dublin", 3.0),
    ("EMEA", "Western Europe", "France", "French", "Europe/Paris", 10.0),
    ("EMEA", "Western Europe", "Netherlands", "Dutch", "Europe/Amsterdam", 6.0),
    ("EMEA", "Western Europe", "Belgium", "French", "Europe/Brussels", 1.5),
    ("EMEA", "Western Europe", "Belgium", "Dutch", "Europe/Brussels", 1.5),
    ("EMEA", "Western Europe", "Spain", "Spanish", "Europe/Madrid", 5.0),
    ("EMEA", "Western Europe", "Portugal", "Portuguese", "Europe/Lisbon", 2.0),
    ("EMEA", "Western Europe", "Italy", "Italian", "Europe/Rome", 4.0),
    ("EMEA", "Western Europe", "Sweden", "Swedish", "Europe/Stockholm", 3.0),
    ("EMEA", "Western Europe", "Denmark", "Danish", "Europe/Copenhagen", 2.0),
    ("EMEA", "Central Europe", "Germany", "German", "Europe/Berlin", 14.0),
    ("EMEA", "Central Europe", "Austria", "German", "Europe/Vienna", 2.0),
    ("EMEA", "Central Europe", "Switzerland", "German", "Europe/Zurich", 2.5),
    ("EMEA", "Central Europe", "Switzerland", "French", "Europe/Zurich", 1.0),
    ("EMEA", "Central Europe", "Poland", "Polish", "Europe/Warsaw", 3.0),
    ("EMEA", "Central Europe", "Czechia", "Czech", "Europe/Prague", 1.5),
    ("APAC", "ANZ", "Australia", "English", "Australia/Sydney", 12.0),
    ("APAC", "ANZ", "Australia", "English", "Australia/Melbourne", 7.0),
    ("APAC", "ANZ", "Australia", "English", "Australia/Brisbane", 3.0),
    ("APAC", "ANZ", "Australia", "English", "Australia/Perth", 2.0),
    ("APAC", "ANZ", "New Zealand", "English", "Pacific/Auckland", 4.0),
    ("APAC", "Japan/Korea", "Japan", "Japanese", "Asia/Tokyo", 14.0),
    ("APAC", "Japan/Korea", "South Korea", "Korean", "Asia/Seoul", 6.0),
    ("APAC", "Southeast Asia", "Singapore", "English", "Asia/Singapore", 8.0),
    ("APAC", "Southeast Asia", "Malaysia", "Malay", "Asia/Kuala_Lumpur", 3.0),
    ("APAC", "Southeast Asia", "Malaysia", "English", "Asia/Kuala_Lumpur", 2.0),
    ("APAC", "Southeast Asia", "Indonesia", "Indonesian", "Asia/Jakarta", 3.0),
    ("APAC", "Southeast Asia", "Philippines", "English", "Asia/Manila", 2.5),
    ("APAC", "Southeast Asia", "Vietnam", "Vietnamese", "Asia/Ho_Chi_Minh", 2.0),
    ("APAC", "Southeast Asia", "Thailand", "Thai", "Asia/Bangkok", 2.5),
))

# Share of customers per region. "global" stays under the 60% top-region share that the
# geographic model requires (benchmark models.geographic_max_top_region_share, issue 3).
PROFILES: dict[str, dict[str, float]] = {
    "global": {"Americas": 0.55, "EMEA": 0.30, "APAC": 0.15},
    "americas": {"Americas": 1.0},
    "emea": {"EMEA": 1.0},
    "apac": {"APAC": 1.0},
}

# Legal forms by country ("{}" is the trading name): plausible names in the CRM's own style.
_LEGAL_FORM: dict[str, str] = {
    "United States": "{} Inc.", "Canada": "{} Ltd.", "Brazil": "{} Ltda.",
    "Mexico": "{} S.A. de C.V.", "Argentina": "{} S.R.L.", "Colombia": "{} S.A.S.",
    "Chile": "{} SpA", "United Kingdom": "{} Ltd", "Ireland": "{} DAC", "France": "{} SAS",
    "Netherlands": "{} B.V.", "Belgium": "{} BV", "Spain": "{} S.L.", "Portugal": "{} Lda.",
    "Italy": "{} S.r.l.", "Sweden": "{} AB", "Denmark": "{} ApS", "Germany": "{} GmbH",
    "Austria": "{} GmbH", "Switzerland": "{} AG", "Poland": "{} sp. z o.o.",
    "Czechia": "{} s.r.o.", "Australia": "{} Pty Ltd", "New Zealand": "{} Ltd",
    "Japan": "{} K.K.", "South Korea": "{} Co., Ltd.", "Singapore": "{} Pte. Ltd.",
    "Malaysia": "{} Sdn. Bhd.", "Indonesia": "PT {}", "Philippines": "{} Inc.",
    "Vietnam": "{} JSC", "Thailand": "{} Co., Ltd.",
}
_SYLLABLE_1 = (
    "Al", "Bel", "Bright", "Cor", "Dyna", "Ever", "Fal", "Gran", "Hel", "Ion", "Jun", "Kel",
    "Lum", "Mar", "Nor", "Or", "Pal", "Quan", "Rox", "Syl", "Tal", "Ul", "Ver", "Wex", "Xan",
    "Yar", "Zen", "Ast", "Blu", "Cas", "Del", "Es", "Fin", "Gal", "Har", "Ino", "Kor", "Lex",
    "Mo", "Nex",
)
_SYLLABLE_2 = (
    "ora", "ix", "ana", "wave", "stone", "field", "gate", "line", "tek", "vista", "core", "sys",
    "lyn", "ium", "on", "ar", "ent", "ico", "era", "io", "ant", "ex", "ova", "well", "bridge",
    "point", "mark", "path", "loop", "nest",
)
_INDUSTRY = (
    "", "", "", "Logistics", "Health", "Analytics", "Foods", "Energy", "Capital", "Retail", "Labs",
    "Systems", "Media", "Robotics", "Pharma", "Insurance", "Learning", "Motors", "Travel",
    "Security", "Realty", "Farms", "Apparel", "Telecom", "Manufacturing", "Consulting",
)
_COMPANY_WORD = ("Software", "Cloud", "Analytics", "Labs", "Systems", "Platforms", "AI", "Data")


# ------------------------------------------------------------------ validation
def _check(customers: int, seed: int, profile: str = "global") -> None:
    """Reject bad arguments with a fix (errors.py: ConfigError carries key, problem and fix)."""
    if isinstance(customers, bool) or not isinstance(customers, int | np.integer):
        raise ConfigError(_SOURCE, "customers", Msg("errors.sample.customers_whole",
                                                    value=repr(customers)),
                          Msg("errors.sample.customers_whole.fix"))
    if customers < 1:
        raise ConfigError(_SOURCE, "customers", Msg("errors.sample.customers_min",
                                                    value=str(customers)),
                          Msg("errors.sample.customers_min.fix"))
    if customers > MAX_CUSTOMERS:
        raise ConfigError(_SOURCE, "customers", Msg("errors.sample.customers_max",
                                                    n=int(customers), limit=MAX_CUSTOMERS),
                          Msg("errors.sample.customers_max.fix", limit=MAX_CUSTOMERS))
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ConfigError(_SOURCE, "seed", Msg("errors.sample.seed", value=repr(seed)),
                          Msg("errors.sample.seed.fix"))
    if profile not in PROFILES:
        raise ConfigError(_SOURCE, "profile", Msg("errors.sample.profile", value=repr(profile)),
                          Msg("errors_company.use_one_of", choices=", ".join(PROFILES)))


# ------------------------------------------------------------------ column draws
def _draw_segments_and_arr(rng: np.random.Generator, n: int) -> tuple[IntArray, FloatArray]:
    """Segment codes (60/30/10 SMB/mid/enterprise) and ARR in each segment's ACV band (§6).

    These are the first draws from the generator so :func:`company_toml` can reproduce the book's
    ARR (for its growth targets) without building the whole book.
    """
    share = np.cumsum(_by_segment("share"))[:-1]
    seg = np.searchsorted(share, rng.random(n), side="right").astype(np.int64)
    low, high = np.log(_by_segment("arr_low")[seg]), np.log(_by_segment("arr_high")[seg])
    shape = rng.beta(_by_segment("beta_a")[seg], _by_segment("beta_b")[seg])
    arr = np.exp(low + (high - low) * shape)
    floor, cap = _SEGMENTS[Segment.ENTERPRISE].arr_low, _SEGMENTS[Segment.ENTERPRISE].arr_high
    u = rng.random(n)
    pareto = floor / (1.0 - u * (1.0 - (floor / cap) ** _PARETO_ALPHA)) ** (1.0 / _PARETO_ALPHA)
    arr = np.where(seg == SEGMENT_KEYS.index(Segment.ENTERPRISE), pareto, arr)
    step = _by_segment("round_to")[seg]
    return seg, np.maximum(np.round(arr / step) * step, _MIN_ARR)


def _draw_codes(rng: np.random.Generator, probabilities: npt.NDArray[np.float64]) -> IntArray:
    """One categorical draw per row; ``probabilities`` holds each account's category shares."""
    cumulative = np.cumsum(probabilities, axis=1)[:, :-1]
    u = rng.random(size=int(probabilities.shape[0]))
    codes: IntArray = (u[:, None] >= cumulative).sum(axis=1).astype(np.int64)
    return codes


def _draw_places(rng: np.random.Generator, n: int, profile: str) -> IntArray:
    """Rows of :data:`GEOGRAPHY`: regions in the profile's shares, places by weight inside."""
    regions = np.array([p.region for p in GEOGRAPHY])
    weight = np.array([p.weight for p in GEOGRAPHY])
    share = PROFILES[profile]
    p = np.zeros(len(GEOGRAPHY))
    for region, region_share in share.items():
        inside = regions == region
        p[inside] = region_share * weight[inside] / weight[inside].sum()
    return rng.choice(len(GEOGRAPHY), size=n, p=p / p.sum()).astype(np.int64)


def _join(*parts: pa.Array) -> ObjArray:
    """Row-wise string concatenation in Arrow's kernels (fast), returned as a numpy object array."""
    joined = pc.binary_join_element_wise(*parts, "")
    values: ObjArray = joined.to_numpy(zero_copy_only=False)
    return values


@cache
def _trading_names() -> pa.Array:
    """Every syllable × syllable × industry trading name ("Norgate Health"), about 31,000."""
    return pa.array([f"{a}{b} {c}".strip() for a in _SYLLABLE_1 for b in _SYLLABLE_2
                     for c in _INDUSTRY])


def _draw_names(rng: np.random.Generator, places: IntArray) -> ObjArray:
    """Company names from syllable tables with the country's legal form ("Norgate Health GmbH").

    Names are gathered from a precomputed table of trading names and joined with the legal form's
    prefix and suffix column-wise, never formatted per row.
    """
    trading = _trading_names()
    pick = rng.integers(len(trading), size=places.shape[0])
    forms = [_LEGAL_FORM[p.country].split("{}") for p in GEOGRAPHY]
    before = pa.array([f[0] for f in forms]).take(places)
    after = pa.array([f[1] for f in forms]).take(places)
    return _join(before, trading.take(pick), after)


def _add_years(start: DateArray, years: IntArray) -> DateArray:
    """``start`` plus whole calendar years; 29 February falls back to 28 February."""
    month = start.astype("datetime64[M]")
    day = start - month.astype("datetime64[D]")
    target = month + (12 * years).astype("timedelta64[M]")
    month_end = (target + np.timedelta64(1, "M")).astype("datetime64[D]") - np.timedelta64(1, "D")
    result: DateArray = np.minimum(target.astype("datetime64[D]") + day, month_end)
    return result


def _full_years(start: DateArray, today: np.datetime64, today_year: int) -> IntArray:
    """Completed contract years: the largest k with ``start + k years <= today``."""
    years = today_year - (start.astype("datetime64[Y]").astype(np.int64) + 1970)
    return years - (_add_years(start, years) > today).astype(np.int64)


def _bisect(total: Callable[[float], float], target: float, lo: float, hi: float) -> float:
    """The scale in [lo, hi] where the increasing ``total(scale)`` meets ``target`` (clamped)."""
    if total(lo) >= target:
        return lo
    if total(hi) <= target:
        return hi
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if total(mid) < target else (lo, mid)
    return 0.5 * (lo + hi)


def _draw_previous_arr(rng: np.random.Generator, arr: FloatArray, seg: IntArray,
                       health: FloatArray, older: npt.NDArray[np.bool_]) -> FloatArray:
    """ARR twelve months ago, so the book's GRR/NRR sit where SaaS medians put them (§3, §9).

    Accounts younger than a year have no previous ARR (NaN). Older ones contract (mostly the
    unhealthy: §6 movement), expand (mostly the healthy, enterprise most) or stay flat; every
    account keeps ARR > 0 (churn shows as contraction, to keep the book simple). The sizes are then
    scaled (by ×0.4–×2.5) towards a GRR drawn from 88–93% and an NRR from 100–110%, so a
    large book lands on them and a small one near them.
    """
    n = arr.shape[0]
    grr_target, nrr_target = rng.uniform(0.88, 0.93), rng.uniform(1.00, 1.10)
    p_contract = np.where(health < 40, 0.55, np.where(health < 60, 0.25, 0.10))
    p_expand = np.where(health >= 70, 0.45, np.where(health >= 40, 0.30, 0.08))
    p_expand = p_expand * _by_segment("expansion_bias")[seg]
    u = rng.random(n)
    contract = older & (u < p_contract)
    expand = older & ~contract & (u < p_contract + p_expand)
    shrink = -np.log1p(-0.85 * rng.beta(2.0, 3.5, n))  # log(previous / arr)
    grow = np.log1p(rng.lognormal(np.log(0.35), 0.6, n))  # log(arr / previous)

    base = float(arr[older].sum())
    previous_total = base / nrr_target
    loss = previous_total * (1.0 - grr_target)  # ARR lost to contraction
    gain = base - previous_total + loss  # ARR won by expansion
    arr_c, shrink_c = arr[contract], shrink[contract]
    arr_e, grow_e = arr[expand], grow[expand]
    s_c = _bisect(lambda s: float((arr_c * np.expm1(np.minimum(s * shrink_c, _MAX_SHRINK))).sum()),
                  loss, *_SCALE)
    s_e = _bisect(lambda s: float((arr_e * -np.expm1(-np.minimum(s * grow_e, _MAX_GROW))).sum()),
                  gain, *_SCALE)
    shrink = np.minimum(s_c * shrink, _MAX_SHRINK)
    grow = np.minimum(s_e * grow, _MAX_GROW)

    log_ratio = np.where(contract, shrink, np.where(expand, -grow, 0.0))
    previous = np.where(log_ratio == 0.0, arr, np.round(arr * np.exp(log_ratio) / 100.0) * 100.0)
    return np.where(older, np.maximum(previous, 100.0), np.nan)


def generate_accounts(customers: int, seed: int, today: dt.date, *,
                      profile: str = "global") -> Columns:
    """A realistic B2B SaaS book of ``customers`` accounts as canonical columns.

    Strings (and the enum keys ``segment``, ``onboarding_status``, ``complexity``) are object
    arrays, dates ``datetime64[D]``, numbers float64 (NaN = missing), ``strategic`` bool. Account
    ids ``ACCT-0000001``… follow signing order, as a CRM's would. ``profile`` picks the regions
    (:data:`PROFILES`). Deterministic in (customers, seed, today, profile).
    """
    _check(customers, seed, profile)
    n = int(customers)
    today = dt.date(today.year, today.month, today.day)  # a datetime's time of day is ignored
    today64 = np.datetime64(today, "D")
    rng = np.random.default_rng(seed)
    seg, arr = _draw_segments_and_arr(rng, n)

    # Signing dates: four years of history, more recent than old (a growing company); ids follow
    # signing order, so the (independent) segment/ARR draws are permuted into that order.
    age = np.floor(_MAX_AGE_DAYS * rng.beta(1.0, 1.3, n)).astype(np.int64)
    order = np.argsort(-age, kind="stable")
    age, seg, arr = age[order], seg[order], arr[order]
    start = today64 - age.astype("timedelta64[D]")
    years = _full_years(start, today64, today.year)

    # Renewal: the next contract anniversary after today; multi-year terms renew every 2–3 years.
    term = 1 + (rng.random(n) < _by_segment("multi_year")[seg]) * (1 + (rng.random(n) < 0.4))
    renewal = _add_years(start, (years // term + 1) * term)

    places = _draw_places(rng, n, profile)
    names = _draw_names(rng, places)

    # Health 0–100: most accounts healthy, a risky minority (about 12% below 40, §6 at-risk).
    risky = rng.random(n) < 0.14
    health = np.round(100.0 * np.where(risky, rng.beta(2.2, 4.0, n), rng.beta(6.0, 2.4, n)))

    complexity = _draw_codes(rng, _by_segment("complexity")[seg])
    weeks_band = _by_segment("weeks")
    weeks = rng.integers(weeks_band[seg, 0], weeks_band[seg, 1] + 1)
    # Onboarding: implementations run to plan or up to 50% over; just-signed ones wait for kickoff.
    overrun = 1.0 + 0.5 * rng.random(n)
    onboarding = np.full(n, ONBOARDING_KEYS.index(OnboardingStatus.COMPLETED), dtype=np.int64)
    onboarding[age < weeks * 7 * overrun] = ONBOARDING_KEYS.index(OnboardingStatus.IN_PROGRESS)
    onboarding[age < _JUST_SIGNED_DAYS] = ONBOARDING_KEYS.index(OnboardingStatus.NOT_STARTED)

    # Tickets grow with segment, complexity, risk and onboarding (§1 support, §4 triggers).
    load = _by_segment("tickets")[seg] * np.array([0.7, 1.0, 1.5])[complexity]
    load *= np.where(health < 40, 1.6, 1.0) * np.where(
        onboarding == ONBOARDING_KEYS.index(OnboardingStatus.IN_PROGRESS), 1.5, 1.0)
    tickets = rng.poisson(load).astype(np.float64)

    # Strategic logos (§6 movement: strategic value overrides ACV): mostly enterprise and large
    # mid-market, a few percent of the book.
    enterprise = seg == SEGMENT_KEYS.index(Segment.ENTERPRISE)
    big_mid = (seg == SEGMENT_KEYS.index(Segment.MID_MARKET)) & (arr >= 50_000)
    strategic = rng.random(n) < np.where(enterprise, 0.20, np.where(big_mid, 0.06, 0.003))

    previous = _draw_previous_arr(rng, arr, seg, health, years >= 1)

    digits = pc.utf8_lpad(pc.cast(pa.array(np.arange(1, n + 1)), pa.string()),
                          max(7, len(str(n))), "0")
    ids = _join(pa.scalar(ID_PREFIX), digits)

    def keys(codes: IntArray, table: tuple[str, ...]) -> ObjArray:
        return np.array([str(k) for k in table], dtype=object)[codes]

    def geo(field: str) -> ObjArray:
        return np.array([getattr(p, field) for p in GEOGRAPHY], dtype=object)[places]

    return {
        "account_id": ids,
        "name": names,
        "arr": arr,
        "segment": keys(seg, SEGMENT_KEYS),
        **{field: geo(field) for field in ("region", "country", "language", "timezone")},
        "start_date": start,
        "renewal_date": renewal,
        "health_score": health,
        "tickets_per_month": tickets,
        "implementation_weeks": weeks.astype(np.float64),
        "onboarding_status": keys(onboarding, ONBOARDING_KEYS),
        "complexity": keys(complexity, COMPLEXITY_KEYS),
        "strategic": strategic,
        "previous_arr": previous,
        "owner": np.full(n, None, dtype=object),  # the current team is too small to own books
    }


# ------------------------------------------------------------------ company file
def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _company_name(seed: int) -> str:
    rng = np.random.default_rng((seed, 1))
    stem = _SYLLABLE_1[int(rng.integers(len(_SYLLABLE_1)))] + _SYLLABLE_2[
        int(rng.integers(len(_SYLLABLE_2)))]
    return f"{stem} {_COMPANY_WORD[int(rng.integers(len(_COMPANY_WORD)))]}"


def _current_team(customers: int, rng: np.random.Generator) -> dict[str, int]:
    """Today's headcount: the shape of the customer count's stage, but behind the need (§3, §4).

    Need is estimated from the expected mix (§1 ratios: 12 high-touch, 50 low-touch, 500 tech-touch
    accounts per CSM) and staffed at 55–80%, because teams hire on lagging indicators (§4).
    Stage 1–2 teams are generalists (counted as low-touch CSMs); specialist roles appear at stage 3;
    leadership layers at stage 4.
    """
    n = customers
    behind = float(rng.uniform(0.55, 0.8))
    if n <= 50:
        return {"csm_low_touch": 1 if n < 25 else 2}
    if n <= 200:
        team = {"csm_low_touch": max(2, round(n / 40 * behind)), "support_engineer": 1}
        return team | ({"manager": 1} if n > 120 else {})
    high = max(1, round(0.10 * n / 12 * behind))
    low = max(2, round(0.30 * n / 50 * behind))
    if n <= 500:
        return {"csm_high_touch": high, "csm_low_touch": low, "implementation_specialist": 1,
                "support_engineer": max(1, round(n / 150 * behind)), "director": 1}
    tech = max(1, round(0.60 * n / 500 * behind))
    csms = high + low + tech
    managers = max(1, round(csms * behind / 8))
    directors = max(1, round(managers / 3))
    team = {
        "csm_high_touch": high, "csm_low_touch": low, "csm_tech_touch": tech,
        "implementation_specialist": max(1, round(n / 200 * behind)),
        "support_engineer": max(1, round(n / 300 * behind)),
        "renewals_specialist": max(1, round(0.9 * n / 100 * behind)),
        "cs_ops": max(1, round(csms / 10 * behind)),
        "team_lead": round(csms * behind / 6) if csms >= 15 else 0,
        "manager": managers, "director": directors, "vp": max(1, directors // 6),
        "cco": 1 if n >= 5_000 else 0,
    }
    return {role: count for role, count in team.items() if count > 0}


def _book_arr(customers: int, seed: int) -> float:
    """Total ARR of ``generate_accounts(customers, seed, …)`` (the same first draws)."""
    _, arr = _draw_segments_and_arr(np.random.default_rng(seed), customers)
    return float(arr.sum())


def _growth_lines(customers: int, arr: float, targets: tuple[tuple[int, int], ...]) -> list[str]:
    """``[[growth]]`` tables; ARR per customer creeps up 5% a year (S3 scale projection, §6)."""
    lines: list[str] = []
    per_customer = arr / customers
    for months, target in targets:
        target_arr = target * per_customer * 1.05 ** (months / 12)
        step = 100_000 if target_arr >= 1e6 else 1_000
        lines += ["", "[[growth]]", f"months = {months}", f"customers = {target}",
                  f"arr = {max(step, round(target_arr / step) * step)}"]
    return lines


def company_toml(customers: int, seed: int, *, demo: bool = False) -> str:
    """The company file (PRODUCT.md contract) for the company behind the generated book.

    ``demo=True`` gives the seeds' opening story (§8, S0/S1): a single Head of CS for 300 customers
    (``[team] director = 1`` and nothing else) asking how to grow to 3,000. Its growth targets are
    a Series-B pace (×1.5, then ×1.67), not the 10× itself: the plan shows the next two years.
    """
    _check(customers, seed)
    arr = _book_arr(customers, seed)
    if demo:
        lines = [
            "# postsale demo company: the seeds' opening story (DOMAIN.md §8, S0/S1):",
            "# 300 customers and a single Head of CS doing everything. The question is the road",
            "# to 3,000 customers; [[growth]] holds the next two years of it.",
            "[company]", f"name = {_toml_str(DEMO_COMPANY_NAME)}", 'currency = "USD"',
            "gross_margin = 0.75", 'growth_motion = "sales_led"', 'product_complexity = "medium"',
            'automation_maturity = "early"', "", "[team]", "director = 1",
        ]
        return "\n".join([*lines, *_growth_lines(customers, arr, _DEMO_GROWTH)]) + "\n"

    rng = np.random.default_rng((seed, 2))
    motion = str(rng.choice(["sales_led", "land_and_expand", "product_led"], p=[0.5, 0.3, 0.2]))
    margin = round(float(rng.uniform(0.70, 0.80)), 2)
    # Younger (smaller) companies grow faster (S3 scale projection: 100 → 250 → 500 customers).
    pace = (0.6, 1.0) if customers < 500 else (0.35, 0.6) if customers < 5_000 else (0.15, 0.35)
    growth = float(rng.uniform(*pace))
    in_12 = max(customers + 1, round(customers * (1 + growth)))
    in_24 = max(in_12 + 1, round(in_12 * (1 + 0.8 * growth)))
    team = _current_team(customers, rng)
    csm_cost = 110_000 + 5_000 * int(rng.integers(0, 5))
    lines = [
        f"# postsale sample company: {customers:,} customers, seed {seed}.",
        "[company]", f"name = {_toml_str(_company_name(seed))}", 'currency = "USD"',
        f"gross_margin = {margin}", f"growth_motion = {_toml_str(motion)}",
        'product_complexity = "medium"', 'automation_maturity = "early"',
        "", "[team]  # current headcount by role key", *(f"{k} = {v}" for k, v in team.items()),
        "", "[costs]  # example override of one benchmark; delete it to use the default",
        f"csm_low_touch = {csm_cost}",
    ]
    return "\n".join([*lines, *_growth_lines(customers, arr, ((12, in_12), (24, in_24)))]) + "\n"


def demo_accounts(today: dt.date) -> Columns:
    """The built-in demo book (``postsale plan --demo``): 300 accounts from :data:`DEMO_SEED`."""
    return generate_accounts(DEMO_CUSTOMERS, DEMO_SEED, today)


def demo_company_toml() -> str:
    """The built-in demo company file: the single Head of CS of the seeds' opening story."""
    return company_toml(DEMO_CUSTOMERS, DEMO_SEED, demo=True)


# ------------------------------------------------------------------ files
def _formula_safe(values: pa.Array) -> pa.Array:
    """Text cells through ``neutralise_formula`` (CSV injection): only flagged rows are touched."""
    first = pc.utf8_slice_codeunits(values, 0, 1)
    flagged = pc.is_in(first, value_set=pa.array(list(FORMULA_PREFIXES))).fill_null(False)
    rows = np.flatnonzero(flagged.to_numpy(zero_copy_only=False))
    if rows.size == 0:
        return values
    cells = values.to_numpy(zero_copy_only=False).astype(object)
    cells[rows] = [neutralise_formula(str(cells[i])) for i in rows]
    return pa.array(cells, type=pa.string())


def _table(columns: Columns) -> pa.Table:
    """CSV-ready Arrow table: whole numbers as integers, NaN/None as empty cells."""
    out: dict[str, pa.Array] = {}
    for name in SAMPLE_COLUMNS:
        values = columns[name]
        if values.dtype == object:
            out[name] = _formula_safe(pa.array(values, type=pa.string()))
        elif values.dtype.kind == "M":
            out[name] = pa.array(values.astype("datetime64[D]"), type=pa.date32())
        elif values.dtype.kind == "f":
            missing = np.isnan(values)
            filled = np.where(missing, 0.0, values)
            whole = bool(np.all(filled == np.round(filled)))
            out[name] = pa.array(filled.astype(np.int64) if whole else filled, mask=missing)
        else:
            out[name] = pa.array(values)
    return pa.table(out)


def write_sample(out_dir: Path, customers: int, seed: int, today: dt.date, *,
                 profile: str = "global") -> tuple[Path, Path]:
    """Write ``out_dir/accounts.csv`` and ``out_dir/company.toml`` (``postsale sample`` contract).

    UTF-8, header = canonical column names, ISO dates, ``true``/``false``, empty for missing. Each
    file is written atomically (io.write): an interrupted run never leaves half a file behind.
    """
    columns = generate_accounts(customers, seed, today, profile=profile)
    company = company_toml(customers, seed)
    table = _table(columns)
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ConfigError("--out", None, Msg("errors.sample.not_folder", path=str(out_dir)),
                          Msg("errors.sample.not_folder.fix"))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError("--out", None, Msg("errors.sample.cannot_create", path=str(out_dir),
                                             reason=str(exc.strerror or exc)),
                          Msg("errors_io.out.denied.fix")) from None
    accounts_path, company_path = out_dir / "accounts.csv", out_dir / "company.toml"
    with atomic_path(accounts_path) as tmp:
        pacsv.write_csv(table, str(tmp))
    atomic_write_text(company_path, company)
    return accounts_path, company_path
