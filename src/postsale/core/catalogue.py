"""The service catalogue (DOMAIN.md §6 and §7): what each tier receives, as motions.

A motion is one thing the post-sale team does for a tier — S3's weekly check-in and quarterly
business review for high-touch, monthly touchpoints and webinars for low-touch, automated
sequences, knowledge base and community for tech-touch — with S2's service mode (``proactive``,
``responsive``, ``online_1n`` or ``automated``), what it is counted per, who owns it and how
often and how long it takes.

The structure of a motion (mode, per, owner) lives here; its figures (``frequency``, ``hours``,
``audience``) are benchmark entries ``catalogue.<tier>.<motion>.<field>`` so they carry a source,
can be overridden by the company file, a scenario or a funding lever, and are named in every
result's ``sources``. ``per``:

- ``account``: every account of the tier, ``frequency`` times a year;
- ``new_account``: every new customer of the tier (onboarding), ``frequency`` times;
- ``at_risk``: tech-touch accounts worth a human that are at risk (S3: humans only when a trigger
  fires) — the other tiers' CSMs watch every account, so they use ``account`` with a frequency
  below 1 for their save plays;
- ``programme``: a 1:N programme (S2: online 1:N is batch service, not responsive; it can be
  proactive): ``frequency`` sessions a year per cohort of ``audience`` accounts (0: one programme
  for the whole tier), so it costs per programme, not per account.

``owner`` names the function that does the work; :data:`OWNER_SEATS` says which seat (role key)
carries it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from postsale.core.msg import Msg
from postsale.keys import TIER_KEYS, Tier

__all__ = [
    "FIELDS",
    "LIMITS",
    "MODES",
    "OWNERS",
    "OWNER_LABELS",
    "PERS",
    "UNITS",
    "Mode",
    "Motion",
    "Owner",
    "Per",
    "motion_entries",
    "motions_from_table",
]

Mode = Literal["proactive", "responsive", "online_1n", "automated"]
Per = Literal["account", "new_account", "at_risk", "programme"]
Owner = Literal["csm", "implementation", "training", "services", "enablement", "operations",
                "marketing", "product"]
MODES: tuple[str, ...] = ("proactive", "responsive", "online_1n", "automated")
PERS: tuple[str, ...] = ("account", "new_account", "at_risk", "programme")
OWNERS: tuple[str, ...] = ("csm", "implementation", "training", "services", "enablement",
                           "operations", "marketing", "product")
FIELDS: tuple[str, ...] = ("frequency", "hours", "audience")

# What each owner is, for reports and the breakdown of a seat (item 5 of issue 12).
OWNER_LABELS: dict[str, Msg] = {
    "csm": Msg("benchmarks.owner_label.csm"),
    "implementation": Msg("benchmarks.owner_label.implementation"),
    "training": Msg("benchmarks.owner_label.training"),
    "services": Msg("benchmarks.owner_label.services"),
    "enablement": Msg("benchmarks.owner_label.enablement"),
    "operations": Msg("benchmarks.owner_label.operations"),
    "marketing": Msg("benchmarks.owner_label.marketing"),
    "product": Msg("benchmarks.owner_label.product"),
}

# The words of a motion's help text (benchmarks.catalogue.help), one literal code per key.
_MODE_WORD: dict[str, Msg] = {
    "proactive": Msg("benchmarks.mode.proactive"), "responsive": Msg("benchmarks.mode.responsive"),
    "online_1n": Msg("benchmarks.mode.online_1n"), "automated": Msg("benchmarks.mode.automated")}
_PER_WORD: dict[str, Msg] = {
    "account": Msg("benchmarks.per.account"), "new_account": Msg("benchmarks.per.new_account"),
    "at_risk": Msg("benchmarks.per.at_risk"), "programme": Msg("benchmarks.per.programme")}
_OWNER_WORD: dict[str, Msg] = {
    "csm": Msg("benchmarks.owner.csm"), "implementation": Msg("benchmarks.owner.implementation"),
    "training": Msg("benchmarks.owner.training"), "services": Msg("benchmarks.owner.services"),
    "enablement": Msg("benchmarks.owner.enablement"),
    "operations": Msg("benchmarks.owner.operations"),
    "marketing": Msg("benchmarks.owner.marketing"), "product": Msg("benchmarks.owner.product")}
_FIELD_WORD: dict[str, Msg] = {
    "frequency": Msg("benchmarks.field.frequency"), "hours": Msg("benchmarks.field.hours"),
    "audience": Msg("benchmarks.field.audience")}

LIMITS: dict[str, float] = {"frequency": 8760.0, "hours": 2000.0, "audience": 10_000_000.0}
# the entries' units, like the benchmark table's own (a unit is data of the entry, as in the TOML)
UNITS: dict[str, str] = {"frequency": "times a year",
                         "hours": "hours per occurrence",  # i18n: not text
                         "audience": "accounts per session or cohort"}  # i18n: not text


class Motion(BaseModel):
    """One motion of the catalogue; its figures are the defaults of its benchmark entries."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tier: Tier
    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,59}$")
    label: str
    mode: Mode
    per: Per
    owner: Owner
    frequency: float = Field(ge=0.0, le=LIMITS["frequency"], allow_inf_nan=False)
    hours: float = Field(ge=0.0, le=LIMITS["hours"], allow_inf_nan=False)
    audience: float = Field(default=0.0, ge=0.0, le=LIMITS["audience"], allow_inf_nan=False)
    frequency_range: tuple[float, float] | None = None
    hours_range: tuple[float, float] | None = None
    source: str

    def key(self, field: str) -> str:
        """The benchmark key of one of this motion's figures."""
        return f"catalogue.{self.tier}.{self.name}.{field}"

    def figure_keys(self) -> tuple[str, ...]:
        return tuple(self.key(f) for f in self.fields())

    def fields(self) -> tuple[str, ...]:
        return FIELDS if self.per == "programme" else FIELDS[:2]


def motion_entries(motion: Motion) -> list[dict[str, Any]]:
    """The benchmark entries (as constructor arguments) of a motion's figures."""
    out = []
    for field in motion.fields():
        rng = {"frequency": motion.frequency_range, "hours": motion.hours_range}.get(field)
        out.append({
            "key": motion.key(field), "value": float(getattr(motion, field)),
            "range": rng, "unit": UNITS[field], "source": motion.source,
            "help": Msg("benchmarks.catalogue.help", label=motion.label,
                        motion=f"{motion.tier}.{motion.name}", tier=str(motion.tier),
                        mode=_MODE_WORD[motion.mode], per=_PER_WORD[motion.per],
                        owner=_OWNER_WORD[motion.owner], field=_FIELD_WORD[field]),
            "min": 0.0, "max": LIMITS[field],
        })
    return out


def motions_from_table(raw: dict[str, Any]) -> tuple[Motion, ...]:
    """The motions of a parsed catalogue file (``[<tier>.<motion>]`` tables), in file order."""
    out: list[Motion] = []
    for tier in TIER_KEYS:
        for name, spec in raw.get(str(tier), {}).items():
            out.append(Motion(tier=tier, name=name, **spec))
    return tuple(out)
