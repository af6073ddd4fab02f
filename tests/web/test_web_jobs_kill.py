"""Acceptance (issue 14): a kill -9 of the worker mid-job loses no job — it is retried, or marked
failed with its reason once its attempts are spent — and leaves no partial version; two workers at
once run each job exactly once.

Real ``postsale worker`` processes (the CLI entry point) share a database with the test: a SQLite
file in a temporary data directory (pytest-django's SQLite test database is in memory, which
another process cannot open), or, when ``DATABASE_URL`` names a PostgreSQL server, a scratch
database created for the test and dropped after. Set-up and enqueueing run in a subprocess too;
the test reads the database with plain SQL. Timeouts only bound a hung run; nothing asserts on
how long anything took.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import postsale

SRC = Path(postsale.__file__).resolve().parents[1]
POSTSALE = shutil.which("postsale", path=str(Path(sys.executable).parent)) or "postsale"
WAIT = 600.0  # seconds: only bounds a hung run

SCENARIO = r'''
import json, sys, datetime as dt
from pathlib import Path
from postsale.web.runtime import configure, migrate
configure(Path(sys.argv[1]), sys.argv[2] or None)
migrate()
from postsale.web import runners  # noqa: F401
from postsale.web.jobs import enqueue
from postsale.web.jobs_project import projection_params
from postsale.web.models import Workspace
command = sys.argv[3]
if command == "setup":
    from postsale.sample import generate_accounts
    from postsale.web.uploads_store import store_columns
    workspace = Workspace.objects.create(name="Kill", slug="kill")
    store_columns(workspace, generate_accounts(int(sys.argv[4]), 5, dt.date(2026, 11, 25)),
                  "accounts.csv", today=dt.date(2026, 11, 25))
    print(json.dumps({"workspace": workspace.pk}))
elif command == "enqueue":
    workspace = Workspace.objects.get(slug="kill")
    months, paths, count = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    ids = [enqueue(workspace, "projection", projection_params(months, paths, 11 + i), None).pk
           for i in range(count)]
    print(json.dumps(ids))
'''


@dataclass
class Site:
    """A data directory and database shared by the test's subprocesses."""

    data: Path
    url: str  # "" for the SQLite file in ``data``
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def env(self, attempts: int = 2) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(PYTHONPATH=os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]),
                   POSTSALE_DATA_DIR=str(self.data), POSTSALE_WORKER_HEARTBEAT="0.5",
                   POSTSALE_WORKER_STALE="3", POSTSALE_JOB_ATTEMPTS=str(attempts),
                   DJANGO_SETTINGS_MODULE="postsale.web.settings")
        if self.url:
            env["DATABASE_URL"] = self.url
        return env

    def script(self, *args: str) -> Any:
        done = subprocess.run([sys.executable, "-c", SCENARIO, str(self.data), self.url, *args],
                              env=self.env(), capture_output=True, timeout=WAIT, check=False)
        assert done.returncode == 0, done.stderr.decode()[-3000:]
        return json.loads(done.stdout.decode().strip().splitlines()[-1])

    def worker(self, attempts: int = 2) -> subprocess.Popen[bytes]:
        log = (self.data / f"worker-{len(self.workers)}.log").open("wb")
        args = [POSTSALE, "worker", "--data-dir", str(self.data)]
        if self.url:
            args += ["--database-url", self.url]
        process = subprocess.Popen(args, env=self.env(attempts), stdout=log,
                                   stderr=subprocess.STDOUT)
        self.workers.append(process)
        return process

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        if not self.url:
            with sqlite3.connect(self.data / "postsale.sqlite3", timeout=30) as db:
                return db.execute(sql, params).fetchall()
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as db:
            return db.execute(sql.replace("?", "%s"), params).fetchall()

    def job(self, job_id: int) -> dict[str, Any]:
        status, progress, attempts, error_msg, version_id, task_id = self.rows(
            "SELECT status, progress, attempts, error_msg, version_id, task_id "
            "FROM postsale_web_job WHERE id = ?", job_id)[0]
        key = uuid.UUID(task_id)
        task = self.rows("SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
                         "WHERE id = ?", str(key) if self.url else key.hex)[0]
        workers = task[1] if isinstance(task[1], list) else json.loads(task[1])
        errors = error_msg if isinstance(error_msg, dict) else json.loads(error_msg or "{}")
        return {"status": status, "progress": progress, "attempts": attempts,
                "error_msg": errors, "version": version_id, "task_status": task[0],
                "task_workers": workers}

    def versions(self) -> list[tuple[Any, ...]]:
        return self.rows("SELECT id, number FROM postsale_web_version "
                         "WHERE kind = 'projection' ORDER BY number")

    def wait(self, job_id: int, *statuses: str, progress: float = 0.0,
             task: str | None = None) -> dict[str, Any]:
        """Until the job reaches one of ``statuses`` (and ``progress``; and its task row
        ``task``: the worker marks the task a moment after the job's version is committed)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            state = self.job(job_id)
            if (state["status"] in statuses and state["progress"] >= progress
                    and (task is None or state["task_status"] == task)):
                return state
            for process in self.workers:
                assert process.poll() in (None, -signal.SIGKILL), self.logs()
            time.sleep(0.2)
        raise AssertionError(f"job {job_id} never reached {statuses}: {self.job(job_id)}\n"
                             f"{self.logs()}")

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-2000:]
                         for p in sorted(self.data.glob("worker-*.log")))

    def stop(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.workers:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith(("postgres://", "postgresql://")):
        made = Site(tmp_path / "data", "")
        yield made
        made.stop()
        return
    import psycopg

    name = f"postsale_kill_{uuid.uuid4().hex[:10]}"
    base, _, _ = given.rpartition("/")
    # the server's maintenance database: the one DATABASE_URL names need not exist (pytest-django
    # creates and uses test_<name>)
    server = f"{base}/postgres"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    made = Site(tmp_path / "data", f"{base}/{name}")
    try:
        yield made
    finally:
        made.stop()
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _kill_mid_projection(site: Site) -> tuple[int, subprocess.Popen[bytes]]:
    """A long projection (10,000 paths × 36 months on 3,000 accounts) killed -9 while it
    simulates; returns the job and the dead worker."""
    from postsale.web.jobs_project import SIMULATION_STARTED

    site.script("setup", "3000")
    [job_id] = site.script("enqueue", "36", "10000", "1")
    first = site.worker()
    running = site.wait(job_id, "running", progress=SIMULATION_STARTED)
    assert running["attempts"] == 1
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=60)
    assert first.returncode == -signal.SIGKILL
    assert site.versions() == []  # nothing partial
    assert site.job(job_id)["status"] == "running"  # as the dead worker left it
    return job_id, first


def test_a_killed_workers_job_is_retried_by_the_next_worker_and_saves_one_version(
        site: Site) -> None:
    job_id, _ = _kill_mid_projection(site)
    site.worker()
    done = site.wait(job_id, "done", task="SUCCESSFUL")
    assert done["attempts"] == 2
    assert len(done["task_workers"]) == 2
    assert done["task_status"] == "SUCCESSFUL"
    versions = site.versions()
    assert [number for _, number in versions] == [1]
    assert done["version"] == versions[0][0]


def test_a_killed_workers_job_fails_with_its_reason_once_its_attempts_are_spent(
        site: Site) -> None:
    job_id, _ = _kill_mid_projection(site)
    site.worker(attempts=1)
    failed = site.wait(job_id, "failed", task="FAILED")
    assert failed["error_msg"]["code"] == "web_proj.job.error.worker_lost"
    assert failed["error_msg"]["params"]["attempts"] == 1
    assert failed["task_status"] == "FAILED"
    assert failed["version"] is None
    assert site.versions() == []


def test_two_workers_at_once_run_each_job_exactly_once(site: Site) -> None:
    site.script("setup", "200")
    jobs = site.script("enqueue", "12", "500", "6")
    site.worker()
    site.worker()
    states = [site.wait(job_id, "done", task="SUCCESSFUL") for job_id in jobs]
    assert all(s["attempts"] == 1 and len(s["task_workers"]) == 1 for s in states)
    assert all(s["task_status"] == "SUCCESSFUL" for s in states)
    versions = site.versions()
    assert [number for _, number in versions] == list(range(1, len(jobs) + 1))
    assert sorted(s["version"] for s in states) == sorted(pk for pk, _ in versions)


def test_a_terminated_worker_finishes_its_job_before_it_exits(site: Site) -> None:
    """SIGTERM (a deploy restarting the worker) lets the running job finish: one run, one
    version, and the worker exits cleanly."""
    from postsale.web.jobs_project import SIMULATION_STARTED

    site.script("setup", "3000")
    [job_id] = site.script("enqueue", "36", "10000", "1")
    worker = site.worker()
    site.wait(job_id, "running", progress=SIMULATION_STARTED)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=WAIT) == 0, site.logs()
    done = site.job(job_id)
    assert done["status"] == "done"
    assert done["attempts"] == 1
    assert [number for _, number in site.versions()] == [1]
    assert site.rows("SELECT COUNT(*) FROM postsale_web_workerheartbeat") == [(0,)]
