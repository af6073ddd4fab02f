"""``postsale serve`` end to end, as a user starts it: the real console script in a subprocess, on
a fresh data directory, with the demo company; a user made with ``postsale users create``; a real
HTTP client signs in (cookies, CSRF token) and opens the demo's plan; SIGTERM stops the server
cleanly. Once on SQLite and once on PostgreSQL (a database of its own, created and dropped here)
when the server at 127.0.0.1:5432 answers. Also ``postsale worker --once`` on an empty queue, and
``postsale serve`` without the web extras (exit 2 with the install command)."""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import PASSWORD  # type: ignore[attr-defined]

BIN = Path(sys.executable).parent
POSTSALE = str(BIN / "postsale")
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"


def _env() -> dict[str, str]:
    """This environment without the test run's web settings (each command gets its own options);
    the tests' ``src`` first on the path, so the code under test is what runs."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("POSTSALE_") and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    src = [p for p in sys.path if p.endswith("src")]
    env["PYTHONPATH"] = os.pathsep.join([*src, env.get("PYTHONPATH", "")])
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """The ``--database-url`` option for each database (none: SQLite in the data directory)."""
    if request.param == "sqlite":
        yield []
        return
    if not _postgres_reachable():
        pytest.skip(f"PostgreSQL is not reachable at {PG_SERVER} (CI has it: nothing skips there)")
    import psycopg

    name = f"postsale_e2e_{os.getpid()}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield ["--database-url", f"{PG_SERVER}/{name}"]
    finally:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_for_health(server: subprocess.Popen[str], base: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            said = server.stderr.read() if server.stderr else ""
            pytest.fail(f"postsale serve exited with {server.returncode}:\n{said}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    pytest.fail(f"postsale serve did not answer /healthz within {timeout:.0f} s")


class Browser:
    """urllib with a cookie jar: what a browser keeps between pages, nothing more."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str, str]:
        with self.opener.open(self.base + path, timeout=60) as answer:
            return answer.status, answer.geturl(), answer.read().decode()

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str, str]:
        data = urllib.parse.urlencode(fields).encode()
        with self.opener.open(self.base + path, data=data, timeout=60) as answer:
            return answer.status, answer.geturl(), answer.read().decode()


def _sign_in(browser: Browser, email: str) -> None:
    _status, _url, form = browser.get("/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token, "the sign-in form has no CSRF token"
    status, landed, _page = browser.post("/login/", {"username": email, "password": PASSWORD,
                                                     "csrfmiddlewaretoken": token.group(1)})
    assert status == 200
    assert urllib.parse.urlparse(landed).path == "/", f"sign-in did not land home: {landed}"
    assert any(cookie.name == "sessionid" for cookie in browser.jar)


def test_serve_with_the_demo_sign_in_and_see_its_plan(tmp_path: Path, database: list[str]) -> None:
    import tomllib

    from postsale.api import demo_inputs, run_plan
    from postsale.sample import demo_company_toml

    port, data = _free_port(), tmp_path / "data"
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [POSTSALE, "serve", "--data-dir", str(data), "--port", str(port), "--demo",
         "--workers", "1", "--threads", "4", *database],
        env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_health(server, base)
        made = subprocess.run(
            [POSTSALE, "users", "create", "boss@example.test", "--role", "admin",
             "--password-stdin", "--data-dir", str(data), *database],
            input=PASSWORD + "\n", env=_env(), capture_output=True, text=True, timeout=120,
            check=False)
        assert made.returncode == 0, made.stderr
        browser = Browser(base)
        with pytest.raises(urllib.error.HTTPError) as wrong:
            browser.post("/login/", {"username": "boss@example.test", "password": "x"})
        assert wrong.value.code == 403  # no CSRF token: refused before the password is read
        _sign_in(browser, "boss@example.test")
        status, _url, page = browser.get("/w/demo/plan/")
        assert status == 200
        name = tomllib.loads(demo_company_toml())["company"]["name"]
        assert f'<span class="ws-name">{name}</span>' in page
        # the people-needed figure: the KPI marked data-figure="required" (plan.html), wherever
        # it sits among the KPIs and whatever its other attributes
        figure = re.search(r'<div\b[^>]*\bdata-figure="required"[^>]*>\s*([^<]+?)\s*</div>', page)
        assert figure, page[-800:]
        assert re.fullmatch(r"[\d,]+", figure.group(1).strip()), figure.group(1)
        # the same figure postsale plan --demo gives: the web app shows the API's numbers
        book, company = demo_inputs(dt.date.today())
        planned = run_plan(book, company, today=dt.date.today()).result
        assert int(figure.group(1).replace(",", "")) == planned.headcount.required["total"] > 0
        for cookie in browser.jar:
            assert not cookie.secure, "cookies must work over http on this machine"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            code = server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            pytest.fail("postsale serve did not stop within 60 s of SIGTERM")
    assert code == 0, server.stderr.read() if server.stderr else ""
    assert (data / "secret_key").stat().st_mode & 0o077 == 0  # the generated key is private
    if not database:
        assert (data / "postsale.sqlite3").exists()


def test_worker_once_on_an_empty_queue_exits_cleanly(tmp_path: Path) -> None:
    done = subprocess.run([POSTSALE, "worker", "--once", "--data-dir", str(tmp_path)],
                          env=_env(), capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "postsale.sqlite3").exists()  # migrated before it looked for jobs


_WITHOUT_DJANGO = """
import sys
sys.modules["django"] = None  # as if the web extras were not installed: import django fails
from postsale.cli import main
sys.argv = ["postsale", "serve", "--data-dir", sys.argv[1]]
main()
"""


def test_serve_without_the_web_extras_says_how_to_install_them(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", _WITHOUT_DJANGO, str(tmp_path)], env=_env(),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "pip install 'postsale[web]'" in done.stderr
    assert "Traceback" not in done.stderr
