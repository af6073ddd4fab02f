"""The files page in Debian's Chromium (Playwright, ``executable_path``): a file dropped on the
drop zone goes up through the page's script (XMLHttpRequest with a progress bar, CSP intact) and
the result replaces the page; a refused file shows its reason in place; the plain form posts
without the script too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.csv as pacsv  # type: ignore[import-untyped]
import pytest
from tests.browser.test_org_chart_browser import _chromium

from postsale.sample import _table, generate_accounts

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "book.csv"
    pacsv.write_csv(_table(generate_accounts(300, 3, dt.date(2026, 11, 25))), str(path))
    return path


@pytest.fixture
def planner(live_server: Any) -> Iterator[Any]:
    from django.contrib.auth import get_user_model

    from postsale.web.models import Membership, Workspace

    user = get_user_model().objects.create_user(username="p@acme.test", email="p@acme.test",
                                                password=PASSWORD)
    workspace = Workspace.objects.create(name="Acme", slug="acme")
    Membership.objects.create(workspace=workspace, user=user, role="planner")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=_chromium())
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(f"{live_server.url}/login/")
        page.fill('input[name="username"]', "p@acme.test")
        page.fill('input[name="password"]', PASSWORD)
        page.click('button[type="submit"]')
        page.wait_for_url(f"{live_server.url}/")
        yield page, f"{live_server.url}/w/acme/files/", errors
        browser.close()


def test_drop_a_file_and_watch_it_upload(planner: Any, book: Path, tmp_path: Path) -> None:
    page, url, errors = planner
    page.goto(url)
    data = book.read_bytes()
    handle = page.evaluate_handle(
        """([name, text]) => { const t = new DataTransfer();
             t.items.add(new File([text], name, {type: "text/csv"})); return t; }""",
        ["dropped.csv", data.decode()])
    page.dispatch_event("[data-drop-zone]", "drop", {"dataTransfer": handle})
    assert page.inner_text("[data-drop-name]") == "dropped.csv"
    page.click('form[data-upload-form] button[type="submit"]')
    page.wait_for_selector(".upload-result .ok-note")
    assert "dropped.csv is in use: 300 rows read" in page.inner_text(".upload-result")
    assert "upload=" in page.url  # the address is the result's
    page.screenshot(path=str(tmp_path / "uploaded.png"), full_page=True)
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_a_refused_file_shows_its_reason_in_place(planner: Any, tmp_path: Path) -> None:
    page, url, _errors = planner
    page.goto(url)
    bad = tmp_path / "notes.exe"
    bad.write_bytes(b"MZ")
    page.set_input_files('input[name="file"]', str(bad))
    page.click('form[data-upload-form] button[type="submit"]')
    page.wait_for_selector(".refused")
    assert "files of type .exe are not accepted" in page.inner_text(".refused")


def test_the_form_works_without_the_script(live_server: Any, planner: Any, book: Path) -> None:
    page, url, _errors = planner
    context = page.context.browser.new_context(java_script_enabled=False)
    for cookie in page.context.cookies():
        context.add_cookies([cookie])
    plain = context.new_page()
    plain.goto(url)
    plain.set_input_files('input[name="file"]', str(book))
    plain.click('form[data-upload-form] button[type="submit"]')
    plain.wait_for_load_state()
    assert "book.csv is in use: 300 rows read" in plain.inner_text("main")
    context.close()


def test_settings_form_shows_a_wrong_value_next_to_its_field(
        live_server: Any, planner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from postsale.web.models import Membership

    page, url, errors = planner
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")  # Playwright's loop runs in this thread
    Membership.objects.filter(workspace__slug="acme").update(role="admin")
    page.goto(url.replace("/files/", "/settings/"))
    page.fill('input[name="company_name"]', "Acme <GmbH>")
    page.fill('input[name="aps_low_touch"]', "0")
    page.click('form.card button[type="submit"]')
    page.wait_for_selector(".field-error")
    assert "accounts per CSM must be positive" in page.inner_text(".field-error")
    page.screenshot(path=str(tmp_path / "settings-error.png"), full_page=True)
    page.fill('input[name="aps_low_touch"]', "45")
    page.click('form.card button[type="submit"]')
    page.wait_for_load_state()
    assert page.input_value('input[name="company_name"]') == "Acme <GmbH>"
    assert page.input_value('input[name="aps_low_touch"]') == "45"
    assert not [e for e in errors if "Content Security Policy" in e], errors
