"""A CS leader's first session in the web app, in Debian's Chromium (Playwright with
``executable_path``; never ``playwright install``), through the real ``postsale serve`` and
``postsale worker`` processes: sign in → create the workspace → upload the sample book and its
company file → plan → what-if → save two plan versions → org chart → owners with a rebalance job
→ projection job to completion → compare the two plan versions — in English and in Japanese.

Screenshots of every step are written to ``$POSTSALE_ARTIFACTS`` (default: the test's temporary
folder) and attached to the test run as ``screenshot`` properties (they appear in JUnit XML)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.browser.test_org_chart_browser import _chromium
from tests.browser.web_stack import PASSWORD, Stack, web_stack

playwright = pytest.importorskip("playwright.sync_api")

@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with web_stack(tmp_path_factory.mktemp("web-journey"), customers=400) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        yield launched
        launched.close()


def _shooter(folder: Path, lang: str, record: Callable[[str, object], None],
             page: Any) -> Callable[[str], None]:
    def shoot(step: str) -> None:
        path = folder / f"{lang}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000, f"{step}: an empty screenshot"
        record("screenshot", str(path))

    return shoot


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_whole_journey(lang: str, stack: Stack, browser: Any, tmp_path: Path,
                           record_property: Callable[[str, object], None]) -> None:
    artifacts = Path(os.environ.get("POSTSALE_ARTIFACTS", str(tmp_path)))
    artifacts.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    csp_errors: list[str] = []
    page.on("console", lambda message: csp_errors.append(message.text)
            if message.type == "error" else None)
    shoot = _shooter(artifacts, lang, record_property, page)
    base = stack.url

    # sign in, then switch the language with the switcher in the top bar
    page.goto(base + "login/")
    page.fill("input[name=username]", stack.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base)
    page.select_option("select[name=language]", lang)
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "lang") == lang
    shoot("01-home")

    # a workspace for the company, then its book and company file
    name = f"Northwind {lang}"
    page.fill("input[name=name]", name)
    page.click("form:has(input[name=name]) button[type=submit]")
    page.wait_for_url(re.compile(r"/w/[^/]+/files/"))
    slug = page.url.rstrip("/").split("/")[-2]
    ws = f"{base}w/{slug}/"
    page.select_option("select[name=kind]", "accounts")
    page.set_input_files("input[type=file][name=file]", str(stack.sample / "accounts.csv"))
    page.click("form[data-upload-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    shoot("02-upload")
    page.goto(ws + "files/")  # the current book's row count, once the upload is checked
    page.locator("td.num", has_text="400").first.wait_for(timeout=60_000)
    shoot("02-files")
    page.goto(ws + "settings/")
    page.set_input_files("input[name=toml_file]", str(stack.sample / "company.toml"))
    page.click("form:has(input[name=toml_file]) button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Northwind" not in page.locator(".errorlist").all_inner_texts()

    # the plan and a what-if
    page.goto(ws + "plan/")
    needed = page.locator(".figure").first.inner_text()
    assert re.search(r"\d", needed), needed
    shoot("03-plan")
    field = page.locator("input[name='accounts_per_csm.low_touch']")
    before = float(field.input_value())
    field.fill(str(before * 2))
    page.wait_for_selector("#whatif-result .deltas [data-figure]", timeout=30_000)
    shoot("04-what-if")
    page.click("form.whatif button[value=save]")
    page.wait_for_load_state("networkidle")
    page.goto(ws + "plan/")
    page.locator("input[name='accounts_per_csm.low_touch']").fill(str(before * 3))
    page.wait_for_selector("#whatif-result .deltas", timeout=30_000)
    page.click("form.whatif button[value=propose]")
    page.wait_for_load_state("networkidle")

    # the org chart, drawn by d3-org-chart
    page.goto(ws + "org/")
    page.wait_for_selector("#orgchart svg .node", timeout=60_000)
    assert page.locator("#orgchart svg .node").count() >= 2
    shoot("05-org-chart")

    # owners: a rebalance runs in the worker and becomes a version
    page.goto(ws + "owners/")
    page.click("form[action$='rebalance/'] button[type=submit]")
    page.wait_for_selector("#rebalance-job .job:not([hx-get])", timeout=180_000)
    assert "failed" not in (page.locator("#rebalance-job .job").get_attribute("class") or "")
    page.goto(ws + "owners/")
    shoot("06-owners")

    # the projection, a job with its progress, to completion
    page.goto(ws + "projection/")
    page.fill("#projection-form input[name=paths]", "200")
    page.click("#projection-form button[type=submit]")
    page.wait_for_selector("#projection-result #required-month0", timeout=300_000)
    assert page.locator("#projection-result svg").count() >= 4  # the band charts
    assert page.locator("#hiring-calendar").count() == 1
    shoot("07-projection")

    # compare the two plan versions
    page.goto(ws + "versions/?kind=plan")
    links = page.locator("a[href*='/versions/']").evaluate_all(
        "els => els.map(e => e.getAttribute('href')).filter(h => /versions\\/\\d+\\/$/.test(h))")
    ids = sorted({int(h.rstrip('/').split('/')[-1]) for h in links})
    assert len(ids) >= 2, links
    page.goto(f"{ws}versions/compare/?a={ids[0]}&b={ids[1]}")
    page.wait_for_load_state("networkidle")
    assert page.locator("table").count() >= 1
    shoot("08-compare")

    # deleting the workspace: the button waits for its name (Alpine's CSP build, no eval)
    page.goto(ws + "members/")
    delete = page.locator("form[x-data=confirmName] button[type=submit]")
    assert delete.is_disabled()
    page.fill("input[name=confirm_name]", "Northwind")
    assert delete.is_disabled()
    page.fill("input[name=confirm_name]", name)
    playwright.expect(delete).to_be_enabled()

    assert page.get_attribute("html", "lang") == lang
    blocked = [e for e in csp_errors if "Content Security Policy" in e or "Refused" in e]
    assert not blocked, blocked
    context.close()
