"""The company file (PRODUCT.md contract): schema and validation, no file reading.

Every section is optional. ``[accounts_per_csm]``, ``[costs]``, ``[per_customer_costs]`` and the
free-form ``[benchmarks]`` table override benchmark entries by key; ``[team]`` is the current
headcount; ``[columns]`` maps extra CSV headers; ``[[growth]]`` holds targets for projections,
``[projection]`` how they are projected and ``[[scenario]]`` named what-ifs projected side by side;
``[catalogue.<tier>.<motion>]`` changes the service catalogue and ``[headcount] sizing`` picks the
ratio or the effort model (``company_catalogue``).
Reading TOML from disk lives in ``postsale.io.company_file``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from postsale.company_catalogue import HeadcountSettings, catalogue_overrides
from postsale.company_market import (
    MarketSettings,
    RoadmapSettings,
    check_roadmap_durations,
    market_from_mapping,
    roadmap_from_mapping,
)
from postsale.company_support import SupportSettings, support_from_mapping
from postsale.core.benchmarks import Benchmarks, UnknownBenchmarkKey
from postsale.core.catalogue import Motion
from postsale.core.msg import Msg
from postsale.errors import ConfigError, Words, validation_problem
from postsale.keys import ROLE_KEYS, TIER_KEYS, GrowthMotion, Role, Tier

__all__ = [
    "DEFAULT_ONBOARDING",
    "DEFAULT_RENEWALS",
    "Budget",
    "Company",
    "CompanyInfo",
    "GrowthTarget",
    "HeadcountSettings",
    "ImportSettings",
    "OnboardingMode",
    "ProjectionSettings",
    "RenewalOwner",
    "Scenario",
    "company_from_mapping",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_MAX_MONEY = 1e12  # no company-file amount is larger; sums and costs stay finite
_MAX_TEAM = 100_000  # people in one role
_MAX_PEOPLE = 100_000  # CSMs a [[growth]] target may ask for (see _check_growth_size)

RenewalOwner = Literal["csm", "desk", "automatic", "sales"]
OnboardingMode = Literal["specialist", "csm", "automated"]

# Who owns the renewal of each tier (DOMAIN.md §10.3): S3 gives the high-touch renewal to the CSM
# ("CSM memiliki segala-galanya … renewal"), S0 sizes a renewals desk for the pooled middle
# (÷ 100, complex ÷ 50), and tech-touch renews automatically (no 1:1 human, S3). ``sales`` (S4: the
# commercial relationship often stays with sales) staffs no CS renewals.
DEFAULT_RENEWALS: dict[Tier, RenewalOwner] = {
    Tier.HIGH_TOUCH: "csm", Tier.LOW_TOUCH: "desk", Tier.TECH_TOUCH: "automatic"}
# How each tier is onboarded (DOMAIN.md §10.2): implementation specialists for high- and low-touch,
# automated email sequences for tech-touch (S3: "urutan email onboarding automatik"); ``csm`` folds
# onboarding into the CSM's book (S2: merge when the product and implementation are light).
DEFAULT_ONBOARDING: dict[Tier, OnboardingMode] = {
    Tier.HIGH_TOUCH: "specialist", Tier.LOW_TOUCH: "specialist", Tier.TECH_TOUCH: "automated"}


class Budget(BaseModel):
    """``[budget]``: the CS budget as a share of ARR or an annual amount (not both).

    Without it the budget is the tighter of S3's rule of thumb (CS cost 5–15% of customer revenue,
    so 15%) and the gross-margin rule (DOMAIN.md §10.8).
    """

    model_config = _FROZEN

    share: float | None = Field(default=None, gt=0.0, le=1.0, allow_inf_nan=False)
    amount: float | None = Field(default=None, gt=0.0, le=_MAX_MONEY, allow_inf_nan=False)

    @model_validator(mode="after")
    def _one_of(self) -> Budget:
        if self.amount is not None and self.share is not None:
            raise ValueError(Msg("errors_company.budget.both"))
        return self


class CompanyInfo(BaseModel):
    """``[company]``: facts about the business that steer tiering, capacity and advice."""

    model_config = _FROZEN

    name: str = "Company"
    currency: str = "USD"
    gross_margin: float | None = Field(default=None, ge=0.0, le=1.0, allow_inf_nan=False)
    growth_motion: GrowthMotion = GrowthMotion.SALES_LED
    product_complexity: Literal["low", "medium", "high"] = "medium"
    automation_maturity: Literal["early", "mature"] = "early"
    professional_services: bool = False
    last_model_change: dt.date | None = None
    pooled_tiers: tuple[str, ...] = ()
    # the language of every word postsale writes for this company (reports, messages, errors):
    # en, ms, ja, zh (Simplified) or pt (Brazilian); ``--lang`` overrides it, and without either
    # the environment decides (POSTSALE_LANG, LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English
    language: Literal["en", "ms", "ja", "zh", "pt"] | None = None


class GrowthTarget(BaseModel):
    """One ``[[growth]]`` target: where the company wants to be after ``months``."""

    model_config = _FROZEN

    months: int = Field(gt=0, le=240)
    # Projections size people and org charts for these targets: 10^7 customers is beyond any
    # customer-success organization and keeps a projection within memory.
    customers: int | None = Field(default=None, ge=0, le=10_000_000)
    arr: float | None = Field(default=None, ge=0, le=_MAX_MONEY, allow_inf_nan=False)


class ProjectionSettings(BaseModel):
    """``[projection]``: how the organization is projected forward (C8). Every key is optional.

    ``retention``: ``auto`` takes GRR/NRR per tier from the book's ``previous_arr`` when it has
    enough history, else the stage band of each month; ``book``, ``stage`` and ``median`` (the
    published medians of DOMAIN.md §9) force one source; ``grr``/``nrr`` (annual fractions) fix
    both for every tier. ``arrival_mix`` is the tier mix of new customers (default: today's mix).
    """

    model_config = _FROZEN

    months: int = Field(default=24, ge=1, le=120)
    paths: int = Field(default=1000, ge=1, le=100_000)
    interpolation: Literal["compound", "linear"] = "compound"
    retention: Literal["auto", "book", "stage", "median"] = "auto"
    grr: float | None = Field(default=None, gt=0.0, le=1.0, allow_inf_nan=False)
    nrr: float | None = Field(default=None, gt=0.0, le=3.0, allow_inf_nan=False)
    arrival_mix: dict[Tier, float] | None = None

    @field_validator("arrival_mix")
    @classmethod
    def _mix(cls, mix: dict[Tier, float] | None) -> dict[Tier, float] | None:
        if mix is None:
            return None
        if any(not 0 <= v <= 1 for v in mix.values()) or not abs(sum(mix.values()) - 1.0) < 1e-6:
            raise ValueError(Msg("errors_company.tier_mix"))
        return mix


class Scenario(BaseModel):
    """A ``[[scenario]]``: the same growth under other tier rules, ratios or retention.

    ``all_tiers`` serves every account in one tier ("everyone high-touch"); ``overrides`` are
    benchmark keys → values for this scenario only (from ``[scenario.benchmarks]``,
    ``[scenario.accounts_per_csm]``, ``[scenario.costs]`` or ``[scenario.per_customer_costs]``).
    """

    model_config = _FROZEN

    name: str = Field(min_length=1, max_length=80)
    description: str = ""
    all_tiers: Tier | None = None
    retention: Literal["auto", "book", "stage", "median"] | None = None
    overrides: dict[str, float] = Field(default_factory=dict)


AggregateRule = Literal["sum", "max", "min", "first", "last", "most_frequent", "count"]


class ImportSettings(BaseModel):
    """``[import]``: the secondary files of the book (paths relative to the company file; the
    command line wins) and the overridable defaults of their rules (issue 11; README "From your
    CRM export"). ``aggregate``: account column → rule for an accounts file at line grain;
    ``columns``: a secondary file's header → line field (``amount``, ``close_date`` …)."""

    model_config = _FROZEN

    subscriptions: str | None = None
    opportunities: str | None = None
    tickets: str | None = None
    history_months: int = Field(default=12, ge=1, le=120)
    opportunity_months: int = Field(default=12, ge=1, le=120)
    ticket_window_months: int = Field(default=6, ge=1, le=120)
    aggregate: dict[str, AggregateRule] = Field(default_factory=dict)
    columns: dict[str, str] = Field(default_factory=dict)


class Company(BaseModel):
    """A parsed company file. ``overrides`` are benchmark keys → values, already resolved."""

    model_config = _FROZEN

    company: CompanyInfo = CompanyInfo()
    team: dict[Role, int] = Field(default_factory=dict)
    columns: dict[str, str] = Field(default_factory=dict)
    # [values.<enum column>]: raw value → canonical value ("" = unknown), checked by the io layer
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    growth: tuple[GrowthTarget, ...] = ()
    projection: ProjectionSettings = ProjectionSettings()
    scenarios: tuple[Scenario, ...] = ()
    overrides: dict[str, float] = Field(default_factory=dict)
    renewals: dict[Tier, RenewalOwner] = Field(default_factory=lambda: dict(DEFAULT_RENEWALS))
    onboarding: dict[Tier, OnboardingMode] = Field(default_factory=lambda: dict(DEFAULT_ONBOARDING))
    budget: Budget = Budget()
    # [currencies]: currency (ISO code or symbol) → company-currency units per unit (EUR = 1.08)
    currencies: dict[str, float] = Field(default_factory=dict)
    # [regions]: country (name or ISO code) → region, over the shipped country table
    regions: dict[str, str] = Field(default_factory=dict)
    imports: ImportSettings = ImportSettings()
    market: MarketSettings = MarketSettings()  # [market]: S3 selection steps 3–4
    roadmap: RoadmapSettings = RoadmapSettings()  # [roadmap]: the S3 pilot, when chosen
    headcount: HeadcountSettings = HeadcountSettings()
    motions: tuple[Motion, ...] = ()  # [catalogue.…] motions added or restructured
    support: SupportSettings = SupportSettings()  # [support]: channels sized as queues
    source: str = "company file"

    @field_validator("renewals")
    @classmethod
    def _all_renewal_tiers(cls, owners: dict[Tier, RenewalOwner]) -> dict[Tier, RenewalOwner]:
        return {**DEFAULT_RENEWALS, **owners}

    @field_validator("onboarding")
    @classmethod
    def _all_onboarding_tiers(cls, modes: dict[Tier, OnboardingMode]) -> dict[Tier, OnboardingMode]:
        return {**DEFAULT_ONBOARDING, **modes}

    @field_validator("team")
    @classmethod
    def _non_negative(cls, team: dict[Role, int]) -> dict[Role, int]:
        for role, count in team.items():
            if not 0 <= count <= _MAX_TEAM:
                raise ValueError(Msg("errors_company.headcount_range", role=str(role),
                                     limit=_MAX_TEAM))
        return team

    def apply(self, benchmarks: Benchmarks) -> Benchmarks:
        """The benchmark table in effect: defaults with this company's overrides and motions."""
        if self.motions:
            benchmarks = benchmarks.with_motions(self.motions, origin=self.source)
        if not self.overrides:
            return benchmarks
        return benchmarks.with_overrides(self.overrides, origin=self.source)


_OVERRIDE_SECTIONS = ("accounts_per_csm", "costs", "per_customer_costs")


def _flatten_overrides(prefix: str, table: Mapping[str, Any], out: dict[str, Any]) -> None:
    for key, value in table.items():
        if isinstance(value, Mapping):
            _flatten_overrides(f"{prefix}{key}.", value, out)
        else:
            out[f"{prefix}{key}"] = value


def _fail(source: str, key: str, problem: Words, fix: Words) -> ConfigError:
    return ConfigError(source, key, problem, fix)


def _overrides(
    raw: Mapping[str, Any], source: str, where: str, benchmarks: Benchmarks
) -> dict[str, float]:
    """Benchmark overrides from the override sections of ``raw``, each key and value checked;
    ``where`` prefixes the key in error messages (``scenario[2].``)."""
    overrides: dict[str, Any] = {}
    for section in _OVERRIDE_SECTIONS:
        if section in raw:
            if not isinstance(raw[section], Mapping):
                raise _fail(source, f"{where}{section}",
                            Msg("errors_company.section.not_table", section=section),
                            Msg("errors_company.section.not_table.fix",
                                header=f"{where}{section}"))
            _flatten_overrides(f"{section}.", raw[section], overrides)
    _flatten_overrides("", raw.get("benchmarks", {}), overrides)
    for key, value in overrides.items():
        try:
            benchmarks[key]
        except UnknownBenchmarkKey:
            close = difflib.get_close_matches(key, list(benchmarks), n=1)
            hint = Msg("errors_company.did_you_mean", name=close[0]) if close \
                else Msg("errors_company.benchmark_key.fix")
            raise _fail(source, f"{where}{key}", Msg("errors_company.benchmark_key", key=key),
                        hint) from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _fail(source, f"{where}{key}", Msg("errors_company.not_number", value=repr(value)),
                        Msg("errors_company.not_number.fix"))
        if key.startswith("accounts_per_csm.") and value <= 0:
            raise _fail(source, f"{where}{key}", Msg("errors_company.ratio_positive"),
                        Msg("errors_company.ratio_positive.fix"))
        low, high = benchmarks[key].allowed()
        if not math.isfinite(value) or not low <= value <= high:
            unit = benchmarks[key].unit
            default = benchmarks.value(key)
            fix = Msg("errors_company.range.fix_negative", low=low, high=high, default=default) \
                if value < 0 else Msg("errors_company.range.fix", low=low, high=high,
                                      default=default)
            problem = Msg("errors_company.range", value=value, low=low, high=high, unit=unit) \
                if abs(value) < 1e15 else Msg("errors_company.range_not_finite",
                                                 value=str(value), low=low, high=high, unit=unit)
            raise _fail(source, f"{where}{key}", problem, fix)
    return {k: float(v) for k, v in overrides.items()}


def _scenarios(raw: Any, source: str, benchmarks: Benchmarks) -> tuple[Scenario, ...]:
    if not isinstance(raw, list):
        raise _fail(source, "scenario", Msg("errors_company.scenario.not_list"),
                    Msg("errors_company.scenario.not_list.fix"))
    out: list[Scenario] = []
    for i, entry in enumerate(raw, start=1):
        where = f"scenario[{i}]"
        if not isinstance(entry, Mapping):
            raise _fail(source, where, Msg("errors_company.scenario.not_table"),
                        Msg("errors_company.scenario.not_table.fix"))
        plain = {k: v for k, v in entry.items() if k not in (*_OVERRIDE_SECTIONS, "benchmarks")}
        plain["overrides"] = _overrides(entry, source, f"{where}.", benchmarks)
        out.append(_validated(source, where, Scenario, plain))
    names = [s.name.casefold() for s in out]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise _fail(source, f"scenario[{i + 1}].name",
                        Msg("errors_company.scenario.twice", name=out[i].name),
                        Msg("errors_company.scenario.twice.fix"))
    return tuple(out)


def company_from_mapping(raw: Mapping[str, Any], source: str, benchmarks: Benchmarks) -> Company:
    """Validate a company mapping (parsed TOML); every error names the key and the fix."""
    known = {"company", "team", "columns", "growth", "benchmarks", "projection", "scenario",
             "renewals", "onboarding", "budget", "currencies", "regions", "import", "values",
             "market", "roadmap", "headcount", "catalogue", "support", *_OVERRIDE_SECTIONS}
    for section in raw:
        if section not in known and not isinstance(raw[section], Mapping | list):
            raise _outside_section(source, section, raw[section])
        if section not in known:
            close = difflib.get_close_matches(section, sorted(known), n=1)
            hint = Msg("errors_company.did_you_mean_section", name=close[0]) if close \
                else Msg("errors_company.use_one_of", choices=", ".join(sorted(known)))
            raise _fail(source, section, Msg("errors_company.section.unknown", section=section),
                        hint)

    for section, kind in (*((name, dict) for name in known - {"growth", "scenario"}),
                          ("growth", list)):
        if section in raw and not isinstance(raw[section], kind):
            if kind is list:
                raise _fail(source, section, Msg("errors_company.shape.tables", section=section),
                            Msg("errors_company.shape.tables.fix", section=section))
            raise _fail(source, section, Msg("errors_company.shape.table", section=section),
                        Msg("errors_company.shape.table.fix", section=section))
    team_raw = raw.get("team", {})
    for role in team_raw:
        if role not in ROLE_KEYS:
            close = difflib.get_close_matches(role, [str(r) for r in ROLE_KEYS], n=1)
            hint = Msg("errors_company.did_you_mean", name=close[0]) if close \
                else Msg("errors_company.role.fix")
            raise _fail(source, f"team.{role}", Msg("errors_company.role", role=role), hint)
        if not isinstance(team_raw[role], int) or isinstance(team_raw[role], bool):
            raise _fail(source, f"team.{role}", Msg("errors_company.headcount"),
                        Msg("errors_company.headcount.fix"))

    overrides = _overrides(raw, source, "", benchmarks)
    catalogue, motions = catalogue_overrides(raw.get("catalogue", {}), source, benchmarks)
    overrides.update(catalogue)
    check_roadmap_durations(source, overrides, benchmarks)

    columns = raw.get("columns", {})
    for header, canonical in columns.items():
        if not isinstance(canonical, str):
            raise _fail(source, f"columns.{header}", Msg("errors_company.columns"),
                        Msg("errors_company.columns.fix"))
    values = raw.get("values", {})
    for column, table in values.items():
        if isinstance(table, str):  # [values] then Strategic = "enterprise": no column named
            header = f"[values.{_enum_of(table) or 'segment'}]"
            raise _fail(source, f"values.{column}", Msg("errors_company.values.no_column"),
                        Msg("errors_company.values.no_column.fix", header=header, raw=column,
                            value=table))
        if not isinstance(table, Mapping) or not all(isinstance(v, str) for v in table.values()):
            raise _fail(source, f"values.{column}", Msg("errors_company.values.not_table"),
                        Msg("errors_company.values.not_table.fix", column=column))

    currencies = _currencies(source, raw.get("currencies", {}))
    regions = raw.get("regions", {})
    for country, region in regions.items():
        if not isinstance(region, str) or not region.strip():
            raise _fail(source, f"regions.{country}", Msg("errors_company.region"),
                        Msg("errors_company.region.fix", country=country))

    info_raw = dict(raw.get("company", {}))
    pooled = info_raw.get("pooled_tiers", ())
    for tier in pooled if isinstance(pooled, list | tuple) else ():  # else pydantic says why
        if tier not in TIER_KEYS:
            raise _fail(source, "company.pooled_tiers", Msg("errors_company.tier", tier=tier),
                        Msg("errors_company.tier.fix"))
    info = _validated(source, "company", CompanyInfo, info_raw)
    growth = []
    for i, target in enumerate(raw.get("growth", []), start=1):
        if not isinstance(target, Mapping):
            raise _fail(source, f"growth[{i}]", Msg("errors_company.growth.not_table"),
                        Msg("errors_company.growth.not_table.fix"))
        growth.append(_validated(source, f"growth[{i}]", GrowthTarget, target))
    _check_growth_size(source, growth, overrides, benchmarks)
    renewals = _tier_choices(source, "renewals", raw.get("renewals", {}),
                             ("csm", "desk", "automatic", "sales"))
    onboarding = _tier_choices(source, "onboarding", raw.get("onboarding", {}),
                               ("specialist", "csm", "automated"))
    return _validated(source, "", Company, {
        "renewals": renewals,
        "onboarding": onboarding,
        "budget": _validated(source, "budget", Budget, raw.get("budget", {})),
        "imports": _validated(source, "import", ImportSettings, raw.get("import", {})),
        "market": market_from_mapping(raw.get("market", {}), source),
        "roadmap": roadmap_from_mapping(raw.get("roadmap", {}), source),
        "headcount": _validated(source, "headcount", HeadcountSettings, raw.get("headcount", {})),
        "motions": motions,
        "support": support_from_mapping(raw.get("support", {}), source),
        "company": info,
        "team": {Role(k): v for k, v in team_raw.items()},
        "columns": {str(k): str(v) for k, v in columns.items()},
        "values": {str(c): {str(k): str(v) for k, v in t.items()} for c, t in values.items()},
        "growth": tuple(growth),
        "projection": _validated(source, "projection", ProjectionSettings, raw.get("projection", {})),
        "scenarios": _scenarios(raw.get("scenario", []), source, benchmarks),
        "overrides": overrides,
        "currencies": currencies,
        "regions": {str(k): str(v).strip() for k, v in regions.items()},
        "source": source,
    })


def _currencies(source: str, table: Mapping[str, Any]) -> dict[str, float]:
    """``[currencies]``: each rate a positive, finite number of company-currency units."""
    import math

    out: dict[str, float] = {}
    for code, rate in table.items():
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not math.isfinite(rate) \
                or not 0 < rate < 1e9:
            raise _fail(source, f"currencies.{code}", Msg("errors_company.rate", rate=repr(rate)),
                        Msg("errors_company.rate.fix", code=code))
        out[str(code).strip()] = float(rate)
    return out


def _outside_section(source: str, key: str, value: Any) -> ConfigError:
    """A ``key = value`` line before any ``[section]`` header: most often a ``[columns]`` or
    ``[values.…]`` line pasted without its header; show the header to add above it."""
    line = f'"{key}" = {value!r}'.replace("'", '"') if isinstance(value, str) else f"{key} = {value}"
    if isinstance(value, str):
        column = _enum_of(value)
        header = f"[values.{column}]" if column is not None else "[columns]"
        return _fail(source, key, Msg("errors_company.outside", line=line),
                     Msg("errors_company.outside.fix_header", header=header, line=line))
    return _fail(source, key, Msg("errors_company.outside", line=line),
                 Msg("errors_company.outside.fix"))


def _enum_of(value: str) -> str | None:
    """The enumerated column whose canonical values include ``value`` (for [values.…] hints)."""
    from postsale.core.book import COMPLEXITY_KEYS, ONBOARDING_KEYS, SEGMENT_KEYS, STATUS_KEYS

    token = value.strip().lower()
    for column, keys in (("segment", SEGMENT_KEYS), ("complexity", COMPLEXITY_KEYS),
                         ("onboarding_status", ONBOARDING_KEYS), ("status", STATUS_KEYS),
                         ("tier_override", TIER_KEYS)):
        if token in {str(k) for k in keys}:
            return column
    return None


def _check_growth_size(source: str, growth: list[GrowthTarget], overrides: Mapping[str, float],
                       benchmarks: Benchmarks) -> None:
    """A [[growth]] target must not ask for more CSMs than postsale sizes (``_MAX_PEOPLE``): the
    projection schedules every hire, so 10^8 customers or 1 account per CSM would take minutes
    and gigabytes. The test is a lower bound — the target over the *largest* accounts-per-CSM
    ratio, as if every customer were in the most efficient tier — so a target is refused only
    when no tier mix could staff it (a million-customer book growing 30% is fine)."""
    ratios = [overrides.get(k, benchmarks.value(k)) for k in benchmarks
              if k.startswith("accounts_per_csm.")]
    largest = max(ratios, default=1.0)
    for i, target in enumerate(growth, start=1):
        people = (target.customers or 0) / max(largest, 1e-9)
        if people > _MAX_PEOPLE:
            raise _fail(source, f"growth[{i}].customers",
                        Msg("errors_company.growth.too_big", customers=target.customers or 0,
                            people=people, ratio=largest, limit=_MAX_PEOPLE),
                        Msg("errors_company.growth.too_big.fix"))


def _tier_choices(source: str, section: str, table: Mapping[str, Any],
                  choices: tuple[str, ...]) -> dict[str, str]:
    """``[renewals]`` / ``[onboarding]``: a tier key → one of ``choices``; errors name key and fix."""
    out: dict[str, str] = {}
    for tier, value in table.items():
        if tier not in TIER_KEYS:
            raise _fail(source, f"{section}.{tier}", Msg("errors_company.tier", tier=tier),
                        Msg("errors_company.tier.fix"))
        if value not in choices:
            quoted = ", ".join(f'"{c}"' for c in choices)
            raise _fail(source, f"{section}.{tier}", Msg("errors_company.value", value=repr(value)),
                        Msg("errors_company.value.fix", choices=quoted))
        out[tier] = value
    return out


_ModelT = TypeVar("_ModelT", bound=BaseModel)


def _validated(source: str, prefix: str, model: type[_ModelT], values: Mapping[str, Any]) -> _ModelT:
    """Build ``model``; an error names the full key (``company.gross_margin``; ``growth[2].months``
    is the 2nd ``[[growth]]`` table) and, for a misspelt key, the likely one."""
    try:
        return model(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        key = ".".join(part for part in (prefix, loc) if part) or "company"
        fix = Msg("errors_company.see_readme")
        if first["type"] == "extra_forbidden":
            close = difflib.get_close_matches(loc, list(model.model_fields), n=1)
            fix = (Msg("errors_company.did_you_mean", name=close[0]) if close
                   else Msg("errors_company.use_one_of", choices=", ".join(model.model_fields)))
        raise _fail(source, key, validation_problem(first), fix) from None
