"""Company settings: the forms write the company file's TOML (validated with postsale's company
rules: a wrong value shows its key and fix next to the field), export → import gives the same
company, the raw editor keeps keys the form does not show, admin edits and others read, every
change is audited with a before/after summary; the settings API."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

pytestmark = pytest.mark.django_db

FULL = """\
[company]
name = "Acme <Corp>"
currency = "EUR"

[budget]
share = 0.12

[accounts_per_csm]
low_touch = 45

[benchmarks]
"tiering.high_touch_min_acv" = 90000

[costs]
csm_low_touch = 110000

[[growth]]
months = 12
customers = 150

[[scenario]]
name = "All high-touch"
all_tiers = "high_touch"
"""


def _form(**values: Any) -> dict[str, Any]:
    return {"action": "form", **values}


def _workspace(team: dict[str, Any]) -> Any:
    team["acme"].refresh_from_db()
    return team["acme"]


def test_the_form_writes_validated_toml_and_audits_the_change(
        client_as: Callable[[str], Client], team: dict[str, Any]) -> None:
    from postsale.web.books import company_of
    from postsale.web.models import AuditEvent

    saved = client_as("admin").post("/w/acme/settings/", _form(
        company_name="Acme GmbH", currency="EUR", language="ja", budget_amount="2500000",
        aps_low_touch="45", threshold_high_touch="90000", cost_csm_low_touch="110000",
        growth_1_months="12", growth_1_customers="200", growth_2_months="24",
        growth_2_arr="9000000"))
    assert saved.status_code == 302
    workspace = _workspace(team)
    raw = tomllib.loads(workspace.company_toml)
    assert raw["company"] == {"name": "Acme GmbH", "currency": "EUR", "language": "ja"}
    assert raw["budget"] == {"amount": 2500000.0}
    assert raw["benchmarks"] == {"tiering.high_touch_min_acv": 90000.0}
    assert raw["growth"] == [{"months": 12, "customers": 200}, {"months": 24, "arr": 9000000.0}]
    company = company_of(workspace)
    assert company.company.name == "Acme GmbH"
    assert company.overrides["accounts_per_csm.low_touch"] == 45
    assert company.overrides["costs.csm_low_touch"] == 110000
    event = AuditEvent.objects.get(action="settings.change", workspace=workspace)
    assert event.detail["changes"]["company.name"] == [None, "Acme GmbH"]
    assert event.detail["changes"]["budget.amount"] == [None, 2500000.0]
    assert event.actor == team["admin"]


def test_an_invalid_setting_shows_its_key_and_fix_next_to_the_field(
        client_as: Callable[[str], Client], team: dict[str, Any]) -> None:
    refused = client_as("admin").post("/w/acme/settings/", _form(
        company_name="Acme", budget_amount="1000", budget_share="0.1",
        aps_low_touch="0"))
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "The settings were not saved" in page
    assert "accounts per CSM must be positive" in page
    assert "write e.g. 50" in page  # the fix
    assert "<code>accounts_per_csm.low_touch</code>" in page
    field = page.split('name="aps_low_touch"')[1][:400]
    assert "field-error" in field
    assert "must be positive" in field
    assert _workspace(team).company_toml == ""


def test_a_negative_threshold_names_the_benchmark_key(client_as: Callable[[str], Client]) -> None:
    refused = client_as("admin").post("/w/acme/settings/", _form(threshold_low_touch="-5"))
    page = refused.content.decode()
    assert "tiering.low_touch_min_acv" in page
    assert "outside the allowed range" in page
    assert "field-error" in page.split('name="threshold_low_touch"')[1][:400]


def test_export_then_import_gives_the_same_company(client_as: Callable[[str], Client],
                                                   team: dict[str, Any],
                                                   make_workspace: Callable[..., Any]) -> None:
    from postsale.web.books import company_of
    from postsale.web.models import Membership

    admin = client_as("admin")
    assert admin.post("/w/acme/settings/", {"action": "raw", "toml_text": FULL}).status_code == 302
    exported = admin.get("/w/acme/settings/company.toml")
    assert exported.status_code == 200
    assert exported["Content-Disposition"] == 'attachment; filename="company.toml"'
    text = exported.content
    blank = make_workspace("Blank", customers=None)
    Membership.objects.create(workspace=blank, user=team["admin"], role="admin")
    imported = admin.post(f"/w/{blank.slug}/settings/", {
        "action": "import", "toml_file": SimpleUploadedFile("company.toml", text)})
    assert imported.status_code == 302
    blank.refresh_from_db()
    assert company_of(blank) == company_of(_workspace(team))
    assert company_of(blank).scenarios[0].name == "All high-touch"


def test_saving_the_form_keeps_keys_it_does_not_show(client_as: Callable[[str], Client],
                                                     team: dict[str, Any]) -> None:
    admin = client_as("admin")
    admin.post("/w/acme/settings/", {"action": "raw", "toml_text": FULL})
    page = admin.get("/w/acme/settings/").content.decode()
    assert 'value="Acme &lt;Corp&gt;"' in page  # escaped into the form
    assert "Acme <Corp>" not in page
    saved = admin.post("/w/acme/settings/", _form(company_name="Acme", currency="EUR",
                                                  budget_share="0.12", aps_low_touch="45",
                                                  threshold_high_touch="90000",
                                                  cost_csm_low_touch="110000",
                                                  growth_1_months="12",
                                                  growth_1_customers="150"))
    assert saved.status_code == 302
    raw = tomllib.loads(_workspace(team).company_toml)
    assert raw["scenario"] == [{"name": "All high-touch", "all_tiers": "high_touch"}]
    assert raw["company"]["name"] == "Acme"


def test_a_bad_toml_text_is_refused_with_the_fix(client_as: Callable[[str], Client],
                                                 team: dict[str, Any]) -> None:
    refused = client_as("admin").post("/w/acme/settings/",
                                      {"action": "raw", "toml_text": "[company\nname = 1"})
    assert refused.status_code == 400
    assert "[company\nname = 1" in refused.content.decode()  # kept in the editor to fix
    assert _workspace(team).company_toml == ""
    unknown = client_as("admin").post("/w/acme/settings/",
                                      {"action": "raw", "toml_text": "[compnay]\nname = 'x'"})
    assert unknown.status_code == 400
    assert "company" in unknown.content.decode()  # did you mean


def test_planner_and_viewer_read_but_cannot_edit_and_outsider_gets_404(
        client_as: Callable[[str], Client], team: dict[str, Any]) -> None:
    for who in ("viewer", "planner"):
        browser = client_as(who)
        page = browser.get("/w/acme/settings/")
        assert page.status_code == 200
        assert b"<fieldset disabled>" in page.content
        assert b'name="aps_low_touch" step="any" placeholder="50"' in page.content  # default
        assert browser.post("/w/acme/settings/", _form(company_name="X")).status_code == 403
        assert browser.get("/w/acme/settings/company.toml").status_code == 200
    assert client_as("outsider").get("/w/acme/settings/").status_code == 404
    assert client_as("outsider").get("/w/acme/settings/company.toml").status_code == 404
    assert _workspace(team).company_toml == ""


def test_settings_api_round_trip_and_validation(client_as: Callable[[str], Client],
                                                team: dict[str, Any]) -> None:
    admin = client_as("admin")
    put = admin.put("/api/v1/workspaces/acme/settings", {"toml": FULL},
                    content_type="application/json")
    assert put.status_code == 200, put.content
    assert put.json()["changes"]["budget.share"] == [None, 0.12]
    got = client_as("viewer").get("/api/v1/workspaces/acme/settings").json()
    assert got["toml"] == FULL
    bad = admin.put("/api/v1/workspaces/acme/settings",
                    {"toml": "[accounts_per_csm]\nlow_touch = 0\n"},
                    content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["problems"][0]["column"] == "accounts_per_csm.low_touch"
    assert client_as("planner").put("/api/v1/workspaces/acme/settings", {"toml": ""},
                                    content_type="application/json").status_code == 403
    assert client_as("outsider").get("/api/v1/workspaces/acme/settings").status_code == 404


def test_a_pooled_tiers_value_that_is_not_a_list_is_a_422_not_a_crash(
        client_as: Callable[[str], Client]) -> None:
    bad = client_as("admin").put("/api/v1/workspaces/acme/settings",
                                 {"toml": "[company]\npooled_tiers = 5\n"},
                                 content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["problems"][0]["column"] == "company.pooled_tiers"
