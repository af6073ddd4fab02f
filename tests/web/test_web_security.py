"""Security settings and checks (issue 14 item 7): ``django check --deploy`` clean for the
production settings, cookies and HSTS that follow ``POSTSALE_TLS``, upload and request-size limits,
the CSP and the other headers on every response including the error pages (translated), login rate
limiting per username and address, session expiry, password hashing, and two static guards the
other pages must keep passing: every POST form carries the CSRF token and nothing is marked safe
without a reason.

The settings module is read once per process, so what depends on the environment runs in a
subprocess with that environment (the real ``python -m django`` and the real settings)."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from conftest import PASSWORD  # type: ignore[attr-defined]
from postsale.core.msg import Msg
from postsale.i18n import activate, tr

pytestmark = pytest.mark.django_db

WEB = Path(__file__).resolve().parents[2] / "src" / "postsale" / "web"
PRODUCTION = {"POSTSALE_TLS": "1", "POSTSALE_SECRET_KEY": secrets.token_urlsafe(64),
              "POSTSALE_ALLOWED_HOSTS": "postsale.example.com"}


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("POSTSALE_") and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(DJANGO_SETTINGS_MODULE="postsale.web.settings", POSTSALE_DATA_DIR=str(tmp_path),
               PYTHONPATH=os.pathsep.join(p for p in sys.path if p.endswith("src")) + os.pathsep
               + env.get("PYTHONPATH", ""), **extra)
    return env


def _django(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "django", *args], env=_env(tmp_path, **extra),
                          capture_output=True, text=True, timeout=120, check=False)


def test_check_deploy_is_clean_for_the_production_settings(tmp_path: Path) -> None:
    done = _django(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
    assert "WARNING" not in done.stdout + done.stderr


def test_check_deploy_without_tls_names_what_is_missing(tmp_path: Path) -> None:
    """The same check on a plain-http set-up fails, naming the HTTPS settings: the check is live."""
    plain = {**PRODUCTION, "POSTSALE_TLS": "0"}
    done = _django(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **plain)
    assert done.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in done.stderr, (check, done.stderr)


_PROBE = r"""
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth import get_user_model
ana = get_user_model().objects.create_user("ana@acme.test", "ana@acme.test", "%(password)s")
from django.test import Client
host = settings.ALLOWED_HOSTS[0]
browser = Client(HTTP_HOST=host, HTTP_X_FORWARDED_PROTO="https")
login = browser.get("/login/")
browser.post("/login/", {"username": "ana@acme.test", "password": "%(password)s"})
browser.post("/i18n/setlang/", {"language": "ja", "next": "/"})
cookies = {name: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"]),
                  "samesite": m["samesite"], "max_age": m["max-age"]}
           for name, m in browser.cookies.items()}
plain = Client(HTTP_HOST=host).get("/login/")
def origin_login(origin):  # a browser's POST: the CSRF token, and the Origin header it always sends
    guarded = Client(enforce_csrf_checks=True, HTTP_HOST=host, HTTP_X_FORWARDED_PROTO="https",
                     HTTP_ORIGIN=origin)
    guarded.get("/login/")
    token = guarded.cookies["csrftoken"].value
    return guarded.post("/login/", {"username": "ana@acme.test", "password": "%(password)s",
                                    "csrfmiddlewaretoken": token}).status_code
print(json.dumps({"cookies": cookies, "hsts": login.get("Strict-Transport-Security"),
                  "https_status": login.status_code, "plain_status": plain.status_code,
                  "plain_location": plain.get("Location"),
                  "max_upload": settings.POSTSALE_MAX_UPLOAD_BYTES,
                  "hash": ana.password.split("$")[:2],
                  "same_origin_login": origin_login(f"https://{host}"),
                  "cross_origin_login": origin_login("https://evil.example")}))
"""


def _probe(tmp_path: Path, **env: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", _PROBE % {"password": PASSWORD}],
                          env=_env(tmp_path, **env), capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What a client sees of the production settings (TLS behind a proxy, a 3 MB upload limit)."""
    return _probe(tmp_path_factory.mktemp("production"), **PRODUCTION, POSTSALE_MAX_UPLOAD_MB="3")


def test_with_tls_cookies_are_secure_and_hsts_is_sent(production: dict[str, Any]) -> None:
    seen = production
    assert set(seen["cookies"]) == {"sessionid", "csrftoken", "postsale_language"}
    assert all(cookie["secure"] for cookie in seen["cookies"].values()), seen["cookies"]
    assert seen["cookies"]["sessionid"]["httponly"]
    assert seen["cookies"]["sessionid"]["samesite"] == "Lax"
    assert seen["https_status"] == 200
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert seen["plain_status"] == 301  # plain http is sent to https
    assert seen["plain_location"] == "https://postsale.example.com/login/"
    assert seen["max_upload"] == 3 * 1024 * 1024
    # behind the TLS proxy a browser's sign-in passes the CSRF origin check; another site's fails
    assert seen["same_origin_login"] == 302
    assert seen["cross_origin_login"] == 403


def test_without_tls_cookies_work_over_http_and_no_hsts(tmp_path: Path) -> None:
    """Local use over http (``postsale serve`` on 127.0.0.1): Secure cookies would never come
    back, so they are not Secure; HSTS would pin the browser to https, so it is not sent — even
    when a client claims https in X-Forwarded-Proto, which is only trusted behind TLS."""
    seen = _probe(tmp_path)
    assert set(seen["cookies"]) == {"sessionid", "csrftoken", "postsale_language"}
    assert not any(cookie["secure"] for cookie in seen["cookies"].values()), seen["cookies"]
    assert seen["cookies"]["sessionid"]["httponly"]
    assert seen["hsts"] is None
    assert seen["plain_status"] == 200
    assert seen["max_upload"] == 512 * 1024 * 1024


# -- limits -------------------------------------------------------------------------------------

def test_an_upload_over_the_limit_is_refused_and_leaves_nothing_on_disk(
        make_workspace: Callable[..., Any], settings: Any, tmp_path: Path) -> None:
    from postsale.web.books import media_path
    from postsale.web.uploads_store import UploadTooLargeError, save_stream, workspace_dir

    settings.POSTSALE_MAX_UPLOAD_BYTES = 1000
    settings.MEDIA_ROOT = tmp_path
    workspace = make_workspace("Big", customers=None)
    folder = media_path(workspace_dir(workspace))
    with pytest.raises(UploadTooLargeError) as refused:
        save_stream(workspace, iter([b"a" * 400] * 3), "accounts.csv")
    assert refused.value.size == 1200
    assert [p for p in folder.rglob("*") if p.is_file()] == []
    relative, size, _digest = save_stream(workspace, iter([b"a" * 500] * 2), "accounts.csv")
    assert size == 1000  # exactly the limit is accepted
    assert [p.name for p in folder.rglob("*") if p.is_file()] == [Path(relative).name]


def test_a_request_body_over_the_memory_limit_is_refused(settings: Any) -> None:
    """Form posts (not file uploads) are held in memory: Django refuses bodies over
    DATA_UPLOAD_MAX_MEMORY_SIZE with 400 before any view reads them."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    refused = Client().post("/login/", {"username": "x" * 20_000, "password": "y"})
    assert refused.status_code == 400
    assert "script-src 'self'" in refused["Content-Security-Policy"]


# -- headers and error pages --------------------------------------------------------------------

@pytest.fixture
def failing_health(monkeypatch: pytest.MonkeyPatch) -> Callable[[BaseException], None]:
    """Make ``/healthz`` raise ``error`` (a view that fails the way a page might)."""
    from postsale.web.views import core

    def fail(error: BaseException) -> None:
        def boom(*_args: Any, **_kwargs: Any) -> Any:
            raise error
        monkeypatch.setattr(core, "JsonResponse", boom)

    return fail


def _error(kind: str, failing: Callable[[BaseException], None], lang: str) -> Any:
    from django.core.exceptions import PermissionDenied

    cookie = {"HTTP_COOKIE": f"postsale_language={lang}"}
    if kind == "404":
        return Client(**cookie).get("/no/such/page/")
    if kind == "403":
        failing(PermissionDenied())
        return Client(**cookie).get("/healthz")
    if kind == "500":
        failing(RuntimeError("boom"))
        return Client(raise_request_exception=False, **cookie).get("/healthz")
    if kind == "csrf":
        return Client(enforce_csrf_checks=True, **cookie).post("/login/", {"username": "a"})
    assert kind == "400"
    return Client(HTTP_HOST="evil.example", **cookie).get("/login/")


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(("kind", "status"),
                         [("404", 404), ("403", 403), ("500", 500), ("csrf", 403), ("400", 400)])
def test_error_pages_are_translated_and_carry_the_security_headers(
        kind: str, status: int, lang: str, failing_health: Callable[[BaseException], None]) -> None:
    page = _error(kind, failing_health, lang)
    assert page.status_code == status
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert page["X-Content-Type-Options"] == "nosniff"
    text = page.content.decode()
    with activate(lang):
        title, home = tr(Msg(f"web_sec.error.{kind}.title")), tr(Msg("web_sec.error.home"))
    assert title in text
    assert home in text
    assert f'<html lang="{lang}">' in text


def test_the_404_page_does_not_echo_the_address() -> None:
    page = Client().get("/<script>alert(1)</script>/")
    assert page.status_code == 404
    assert b"<script>alert" not in page.content
    assert b"alert(1)" not in page.content


def test_every_response_has_the_security_headers(client_as: Callable[[str], Client],
                                                 team: dict[str, Any]) -> None:
    browser = client_as("viewer")
    for url in ("/", "/healthz", "/login/", f"/w/{team['acme'].slug}/plan/", "/static/web/app.css"):
        page = browser.get(url)
        assert page.status_code in {200, 302}, url
        assert page["X-Content-Type-Options"] == "nosniff", url
        assert page["Referrer-Policy"] == "same-origin", url
        assert "script-src 'self'" in page["Content-Security-Policy"], url
    assert browser.get("/")["X-Frame-Options"] == "DENY"
    assert browser.get("/")["Cross-Origin-Opener-Policy"] == "same-origin"


# -- sign-in: rate limiting, sessions, hashing --------------------------------------------------

def _fail(client: Client, username: str, times: int = 5) -> None:
    for _ in range(times):
        client.post("/login/", {"username": username, "password": "wrong-password-1"})


def _signs_in(client: Client, username: str) -> int:
    return client.post("/login/", {"username": username, "password": PASSWORD}).status_code


def test_five_failures_lock_that_username_from_that_address_only(team: dict[str, Any]) -> None:
    attacker = Client(REMOTE_ADDR="198.51.100.7")
    _fail(attacker, "viewer@acme.test", times=4)
    assert _signs_in(Client(REMOTE_ADDR="198.51.100.7"), "planner@acme.test") == 302
    _fail(attacker, "viewer@acme.test", times=1)
    assert _signs_in(Client(REMOTE_ADDR="198.51.100.7"), "viewer@acme.test") == 429
    # a forged X-Forwarded-For does not pass for another address (REMOTE_ADDR is what counts)
    forged = Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.50")
    assert _signs_in(forged, "viewer@acme.test") == 429
    # the same user from elsewhere, and another user from the same address, still sign in
    assert _signs_in(Client(REMOTE_ADDR="192.0.2.10"), "viewer@acme.test") == 302
    assert _signs_in(Client(REMOTE_ADDR="198.51.100.7"), "admin@acme.test") == 302


def test_four_failures_then_success_resets_the_count(team: dict[str, Any]) -> None:
    browser = Client(REMOTE_ADDR="198.51.100.8")
    _fail(browser, "viewer@acme.test", times=4)
    assert _signs_in(browser, "viewer@acme.test") == 302
    browser.post("/logout/")
    _fail(browser, "viewer@acme.test", times=4)
    assert _signs_in(browser, "viewer@acme.test") == 302


@pytest.mark.parametrize("lang", ["en", "ja", "pt"])
def test_the_lockout_page_is_translated(team: dict[str, Any], lang: str) -> None:
    browser = Client(REMOTE_ADDR="198.51.100.9", HTTP_COOKIE=f"postsale_language={lang}")
    _fail(browser, "viewer@acme.test")
    locked = browser.post("/login/", {"username": "viewer@acme.test", "password": PASSWORD})
    assert locked.status_code == 429
    with activate(lang):
        title, fix = tr(Msg("web.login.locked")), tr(Msg("web.login.locked.fix"))
    text = locked.content.decode()
    assert title in text
    assert fix in text
    assert "script-src 'self'" in locked["Content-Security-Policy"]


def test_sessions_expire_after_twelve_hours_and_end_at_sign_out(team: dict[str, Any]) -> None:
    from django.contrib.sessions.models import Session

    browser = Client()
    assert _signs_in(browser, "viewer@acme.test") == 302
    cookie = browser.cookies["sessionid"]
    assert cookie["max-age"] == 12 * 3600
    assert cookie["httponly"]
    assert browser.get("/").status_code == 200
    Session.objects.filter(session_key=cookie.value).update(
        expire_date=Session.objects.get(session_key=cookie.value).expire_date - timedelta(hours=13))
    assert browser.get("/").status_code == 302  # expired: back to sign-in
    assert _signs_in(browser, "viewer@acme.test") == 302
    renewed = browser.cookies["sessionid"].value
    assert renewed != cookie.value  # a new key at every sign-in (no session fixation)
    assert browser.get("/logout/").status_code == 405  # sign-out is a POST (CSRF-protected)
    assert browser.post("/logout/").status_code == 302
    assert browser.get("/").status_code == 302
    assert not Session.objects.filter(session_key=renewed).exists()


def test_passwords_are_kept_as_pbkdf2_hashes(production: dict[str, Any]) -> None:
    """Django's default hasher with its full rounds, in the real settings (the web tests' conftest
    lowers the rounds to keep sign-in tests fast)."""
    algorithm, rounds = production["hash"]
    assert algorithm == "pbkdf2_sha256"
    assert int(rounds) >= 1_000_000  # Django 5.2's default (OWASP's advice for PBKDF2-SHA256)


# -- static guards for every page ---------------------------------------------------------------

def _templates() -> Iterator[Path]:
    return iter(sorted((WEB / "templates").rglob("*.html")))


def test_every_post_form_carries_the_csrf_token() -> None:
    missing = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for form in re.finditer(r"<form\b[^>]*>.*?</form>", text, re.S | re.I):
            if re.search(r"""method\s*=\s*["']?post""", form.group(0), re.I) \
                    and "{% csrf_token %}" not in form.group(0):
                missing.append(f"{path.relative_to(WEB)}: {form.group(0)[:60]!r}")
    assert not missing, f"POST forms without {{% csrf_token %}}: {missing}"


_UNSAFE = re.compile(r"\|\s*safe(seq)?\b|\bmark_safe\(|\{%\s*autoescape\s+off|\bSafeString\(")


def test_nothing_is_marked_safe_without_a_reason() -> None:
    """Autoescape stays on. Marking a value safe needs ``trusted:`` and the reason on the same
    line (a ``{# trusted: ... #}`` or ``# trusted: ...`` comment) — e.g. an SVG postsale drew."""
    found = []
    for path in [*_templates(), *sorted(WEB.rglob("*.py"))]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _UNSAFE.search(line) and "trusted:" not in line:
                found.append(f"{path.relative_to(WEB)}:{number}: {line.strip()[:80]}")
    assert not found, "marked safe without a 'trusted:' reason:\n" + "\n".join(found)


def test_no_open_redirect_after_sign_in_or_language_switch(team: dict[str, Any]) -> None:
    """``next`` may only point inside the app: a link crafted to bounce a user elsewhere after
    signing in (or switching language) lands home instead."""
    browser = Client()
    signed = browser.post("/login/", {"username": "viewer@acme.test", "password": PASSWORD,
                                      "next": "https://evil.example/steal"})
    assert signed.status_code == 302
    assert signed["Location"] == "/"
    switched = browser.post("/i18n/setlang/", {"language": "ja", "next": "//evil.example/"})
    assert switched.status_code == 302
    assert "evil" not in switched["Location"]
    inside = Client().post("/login/", {"username": "planner@acme.test", "password": PASSWORD,
                                       "next": f"/w/{team['acme'].slug}/plan/"})
    assert inside["Location"] == f"/w/{team['acme'].slug}/plan/"
