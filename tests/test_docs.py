"""Documentation that is checked: every command, company-file section and warning code is in the
README, and every benchmark entry has a unit, a source and help text."""

from __future__ import annotations

import re
from pathlib import Path

from postsale.benchmarks import default_benchmarks
from postsale.cli import app
from postsale.core import advice, plausibility

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented() -> None:
    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    assert names, "no commands registered"
    for name in names:
        assert f"postsale {name}" in README, f"`postsale {name}` is not in the README"


def test_every_company_file_section_is_documented() -> None:
    for section in ("[company]", "[team]", "[costs]", "[accounts_per_csm]", "[per_customer_costs]",
                    "[benchmarks]", "[columns]", "[[growth]]", "[projection]", "[[scenario]]",
                    "[projection.arrival_mix]", "[scenario.benchmarks]", "[currencies]",
                    "[regions]", "[headcount]", "[catalogue.high_touch.weekly_check_in]",
                    "[support.channels.chat]", "[support]"):
        assert section in README, f"{section} is not documented in the README"


def test_every_warning_code_is_documented() -> None:
    codes = re.findall(r"``([a-z_]+)``", advice.__doc__ or "")
    assert len(codes) >= 10
    assert set(re.findall(r"``([a-z_]+)``", plausibility.__doc__ or "")) >= plausibility.CODES
    codes += sorted(plausibility.CODES)
    for code in codes:
        assert f"`{code}`" in README, f"warning code {code} is not in the README"


def test_every_benchmark_has_unit_source_and_help() -> None:
    for key, entry in default_benchmarks().items():
        assert entry.unit.strip(), key
        assert entry.source.strip(), key
        assert len(str(entry.help).strip()) > 10, key
