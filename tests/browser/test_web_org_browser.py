"""The web app's org chart and owners pages in Debian's Chromium (Playwright, a live server): the
chart draws from its JSON under the CSP, search highlights boxes, expand all opens the teams; the
owners filters swap the table through HTMX. Screenshots go to the test's temporary folder."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = dt.date(2026, 11, 25)
PASSWORD = "correct-horse-battery-9"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def acme(transactional_db: Any) -> Any:
    from django.contrib.auth import get_user_model

    from postsale.sample import generate_accounts
    from postsale.web.models import Membership, Role, Workspace
    from postsale.web.uploads_store import store_columns

    workspace = Workspace.objects.create(name="Acme", slug="acme")
    store_columns(workspace, generate_accounts(400, 3, TODAY), "accounts.csv", today=TODAY)
    user = get_user_model().objects.create_user(username="planner@acme.test",
                                                email="planner@acme.test", password=PASSWORD)
    Membership.objects.create(workspace=workspace, user=user, role=Role.PLANNER)
    return workspace


@pytest.fixture
def page(live_server: Any, acme: Any) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto(f"{live_server.url}/login/")
        tab.fill("input[name=username]", "planner@acme.test")
        tab.fill("input[name=password]", PASSWORD)
        tab.click("button[type=submit]")
        tab.wait_for_url(f"{live_server.url}/**")
        tab.errors = errors
        yield tab
        browser.close()


def test_org_chart_draws_searches_and_expands(page: Any, live_server: Any, tmp_path: Path) -> None:
    page.goto(f"{live_server.url}/w/acme/org/")
    page.wait_for_selector("#orgchart[data-ready='1']", timeout=20_000)
    from playwright.sync_api import expect

    first = page.locator(".org-canvas .bx").count()
    assert first >= 2  # the head of CS and the first level, the rest collapsed
    assert "seats" in page.locator(".orgchart-source").inner_text()
    page.click("button[data-act=expand]")
    page.wait_for_timeout(600)  # d3's transition
    assert page.locator(".org-canvas .bx").count() >= first  # a team is one box: nothing lost
    page.fill(".org-search", "csm")  # the chart's search (no eval: the page's CSP forbids it)
    expect(page.locator(".org-found")).to_have_text(re.compile(r"\d"))
    page.screenshot(path=str(tmp_path / "orgchart.png"), full_page=True)
    assert (tmp_path / "orgchart.png").stat().st_size > 10_000
    assert not [e for e in page.errors if "Content Security Policy" in e or "Refused" in e], \
        page.errors


def test_owners_filters_swap_the_table(page: Any, live_server: Any, tmp_path: Path) -> None:
    page.goto(f"{live_server.url}/w/acme/owners/")
    assert "accounts shown: 400" in page.locator("#owners-source").inner_text()
    from playwright.sync_api import expect

    page.select_option("select[name=tier]", "high_touch")
    expect(page.locator("#owners-source")).not_to_contain_text("accounts shown: 400")
    shown = page.locator("#owners-source").inner_text()
    assert "accounts shown: " in shown
    page.screenshot(path=str(tmp_path / "owners.png"), full_page=True)
    assert not page.errors, page.errors
