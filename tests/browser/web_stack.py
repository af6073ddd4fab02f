"""The web app as a user meets it, for browser tests: ``postsale serve`` and ``postsale worker``
started through the real console script on a fresh data folder (SQLite, or PostgreSQL when
``POSTSALE_E2E_DATABASE_URL`` is given), a user made with ``postsale users create``, and a sample
book written by ``postsale sample``."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

POSTSALE = str(Path(sys.executable).with_name("postsale"))
PASSWORD = "correct-horse-battery-9"
TODAY = "2026-11-25"


@dataclass(frozen=True)
class Stack:
    url: str
    data_dir: Path
    sample: Path
    email: str
    env: dict[str, str]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(600):
        if server.poll() is not None:
            raise AssertionError(f"postsale serve exited: {log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url + "healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"postsale serve did not answer: {log.read_text(errors='replace')[-3000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


@contextmanager
def web_stack(folder: Path, *, customers: int = 300, database_url: str | None = None) -> Iterator[Stack]:
    """Serve + worker on ``folder`` with an admin user and a sample book ready to upload."""
    data_dir = folder / "data"
    env = {**os.environ, "POSTSALE_DATA_DIR": str(data_dir), "POSTSALE_LANG": "en",
           "POSTSALE_WORKER_HEARTBEAT": "1", "POSTSALE_WORKER_STALE": "10"}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the CLI's own settings, not the test suite's
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    sample = folder / "sample"
    subprocess.run([POSTSALE, "sample", "-n", str(customers), "--seed", "3", "--today", TODAY,
                    "-o", str(sample)], check=True, capture_output=True, timeout=300, env=env)
    email = "lead@northwind.test"
    made = subprocess.run([POSTSALE, "users", "create", email, "--role", "admin", "--password-stdin"],
                          input=PASSWORD + "\n", capture_output=True, text=True, timeout=300,
                          env=env, check=False)
    assert made.returncode == 0, made.stderr
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    server_log, worker_log = folder / "serve.log", folder / "worker.log"
    with server_log.open("wb") as out_serve, worker_log.open("wb") as out_worker:
        server = subprocess.Popen([POSTSALE, "serve", "--port", str(port), "--workers", "1",
                                   "--threads", "4"], stdout=out_serve, stderr=subprocess.STDOUT,
                                  env=env)
        worker = subprocess.Popen([POSTSALE, "worker"], stdout=out_worker,
                                  stderr=subprocess.STDOUT, env=env)
        try:
            _wait_until_up(url, server, server_log)
            yield Stack(url=url, data_dir=data_dir, sample=sample, email=email, env=env)
        finally:
            _stop(worker)
            _stop(server)
