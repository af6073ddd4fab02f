"""The projection page in Debian's Chromium under the app's CSP (no eval, no inline script): a
planner runs a projection, the page polls the job's progress fragment (HTMX) until it is done,
reloads onto the result and shows the four band charts, the hiring calendar and the scenarios —
in English and Japanese, with screenshots; no CSP violation or script error on the way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = dt.date(2026, 11, 25)
CHROMIUM = "/usr/bin/chromium"


def _drain() -> None:
    from django_tasks_db.management.commands.db_worker import Worker  # noqa: F401

    from postsale.web import runners  # noqa: F401
    from postsale.web.jobs import _worker_class

    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        _worker_class()(queue_names=["default"], interval=0, batch=True, backend_name="default",
                        startup_delay=False, max_tasks=None, worker_id="browser-test",
                        excluded_queue_names=[]).run()


def _planner_session(live_server: Any) -> tuple[str, Any]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from postsale.sample import generate_accounts
    from postsale.web.models import Membership, Workspace
    from postsale.web.uploads_store import store_columns

    workspace = Workspace.objects.create(name="Acme", slug="acme")
    store_columns(workspace, generate_accounts(150, 3, TODAY), "accounts.csv", today=TODAY)
    user = get_user_model().objects.create_user(username="p@acme.test", email="p@acme.test",
                                                password="correct-horse-battery-9")
    Membership.objects.create(workspace=workspace, user=user, role="planner")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.cookies["sessionid"].value, workspace


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_projection_job_to_completion_in_the_browser(live_server: Any, tmp_path: Path,
                                                     lang: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from postsale.web.books import forget_books

    # the worker's part runs in this thread, inside Playwright's sync loop (no real async work)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")

    forget_books()
    session, _ = _planner_session(live_server)
    problems: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        context = browser.new_context(locale=lang, viewport={"width": 1280, "height": 900})
        context.add_cookies([
            {"name": "sessionid", "value": session, "url": live_server.url},
            {"name": "postsale_language", "value": lang, "url": live_server.url}])
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text)
                if m.type == "error" and "Failed to load resource" not in m.text else None)
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
                if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{live_server.url}/w/acme/projection/")
        page.fill("#id_months", "12")
        page.fill("#id_paths", "200")
        page.fill("#id_seed", "4")
        page.click("#projection-form button[type=submit]")
        page.wait_for_selector('.job-progress[data-job-status="queued"]')
        page.screenshot(path=str(tmp_path / f"projection-queued-{lang}.png"))
        _drain()  # the worker's part, while the page keeps polling
        page.wait_for_selector("#projection-result", timeout=60_000)
        assert page.locator("svg.band-chart").count() == 4
        assert page.locator("svg.band-chart polyline.median").count() == 4
        assert page.locator("#scenarios tbody tr").count() >= 2
        assert page.locator('.job-progress[data-job-status="done"]').count() == 1
        if lang == "ja":
            assert "採用カレンダー" in page.content()
        page.screenshot(path=str(tmp_path / f"projection-done-{lang}.png"), full_page=True)
        browser.close()
    assert not problems, problems
