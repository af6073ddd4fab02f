"""The default what-ifs of the projection (C8), built from the benchmarks.

A company file without ``[[scenario]]`` entries is projected beside two defaults, and the published
medians always run beside the plan. The figure each scenario tests is a benchmark (STYLE habit 14):
``scenarios.tech_touch_below_acv`` is the ARR under which "Tech-touch below $15K" moves accounts to
tech-touch, and the published-medians scenario states ``retention.median_grr``; so an override
changes both the scenario and the name and description that explain it.
"""

from __future__ import annotations

from postsale.company import Scenario
from postsale.core.benchmarks import Benchmarks
from postsale.core.msg import Msg
from postsale.keys import Tier

__all__ = ["SCENARIO_KEYS", "ScenarioWords", "base_words", "conservative_scenario",
           "conservative_words", "default_scenario_words", "default_scenarios", "scenario_words"]

#: A scenario's name and description as messages (the ``Scenario`` keeps its name as the key).
ScenarioWords = tuple[Msg, Msg]

SCENARIO_KEYS = ("scenarios.tech_touch_below_acv",)


def default_scenarios(benchmarks: Benchmarks) -> tuple[Scenario, ...]:
    """"Everyone high-touch" (the seeds' "treat everyone the same") and "Tech-touch below $X": the
    low-touch ACV floor raised to ``scenarios.tech_touch_below_acv`` (S3: at $15K ACV a low-touch
    customer costs 21.3% of revenue, too expensive). Their names here are keys; the words that
    name and describe them are ``default_scenario_words``."""
    below = benchmarks.value("scenarios.tech_touch_below_acv")
    return (
        Scenario(name="everyone_high_touch", all_tiers=Tier.HIGH_TOUCH),
        Scenario(name="tech_touch_below", overrides={"tiering.low_touch_min_acv": below}),
    )


def conservative_scenario(benchmarks: Benchmarks) -> Scenario:
    """The same plan at the published medians (DOMAIN.md §9): GRR ``retention.median_grr``, NRR by
    ACV band (named by ``conservative_words``)."""
    return Scenario(name="published_medians", retention="median")


def default_scenario_words(benchmarks: Benchmarks) -> tuple[ScenarioWords, ...]:
    """The name and description of each of ``default_scenarios``, in the same order, as messages
    (a round-thousand ACV in compact form, "$15K"; any other in full, "$12,500")."""
    below = benchmarks.value("scenarios.tech_touch_below_acv")
    compact = below >= 1_000 and below % 1_000 == 0
    return (
        (Msg("projection.scenario.everyone_high_touch"),
         Msg("projection.scenario.everyone_high_touch_description")),
        (Msg("projection.scenario.tech_touch_below", acv=below) if compact else
         Msg("projection.scenario.tech_touch_below_exact", acv=below),
         Msg("projection.scenario.tech_touch_below_description", acv=below) if compact else
         Msg("projection.scenario.tech_touch_below_exact_description", acv=below)),
    )


def conservative_words(benchmarks: Benchmarks) -> ScenarioWords:
    """The name and description of ``conservative_scenario`` as messages."""
    return (Msg("projection.scenario.published_medians"),
            Msg("projection.scenario.published_medians_description",
                grr=benchmarks.value("retention.median_grr")))


def base_words() -> ScenarioWords:
    """The plan itself, as the company file has it."""
    return (Msg("projection.scenario.as_planned"),
            Msg("projection.scenario.as_planned_description"))


def scenario_words(scenario: Scenario) -> ScenarioWords:
    """A scenario of the company file: its own name and description (the user's words)."""
    return (Msg("projection.scenario.named", name=scenario.name),
            Msg("projection.scenario.described", description=scenario.description))
