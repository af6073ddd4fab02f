"""Output files (issue 11 item 7): private, atomic, never over an input, through special files."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from postsale.errors import ConfigError
from postsale.io.write import (
    TEMP_PREFIX,
    atomic_path,
    atomic_write_text,
    check_outputs,
    neutralise_formula,
    output_batch,
)


def test_new_file_is_private_and_no_temp_is_left(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    atomic_write_text(target, "{}")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_failure_keeps_the_old_file_and_removes_the_temp(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.write_text("old")

    def half_write() -> None:
        with atomic_path(target) as tmp:
            assert tmp.name.startswith(TEMP_PREFIX)
            tmp.write_text("half")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        half_write()
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_dev_null_is_written_through_not_replaced() -> None:
    before = os.stat("/dev/null")
    atomic_write_text(Path("/dev/null"), "x" * 1000)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (before.st_ino, before.st_rdev) == (after.st_ino, after.st_rdev)


def test_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    atomic_write_text(fifo, "hello")
    reader.join(timeout=10)
    assert got == [b"hello"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic_write_text(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]


def test_dash_is_stdout(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    atomic_write_text(Path("-"), "to stdout\n")
    assert capfdbinary.readouterr().out == b"to stdout\n"
    assert not Path("-").exists()


@pytest.mark.parametrize(("make", "words"), [
    (lambda d: d, "folder, not a file"),
    (lambda d: d / "missing" / "x.csv", "does not exist"),
])
def test_unwritable_targets_are_config_errors(tmp_path: Path, make: object, words: str) -> None:
    target = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(ConfigError, match=words):
        atomic_write_text(target, "x")


def test_read_only_target_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "ro.csv"
    target.write_text("x")
    target.chmod(0o400)
    if os.geteuid() == 0:  # root may write a read-only file: ask as an ordinary user would
        real = os.access
        monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == target
                            else real(p, mode))
    with pytest.raises(ConfigError, match="read-only"):
        check_outputs([("--out", target)], [])


def test_an_input_is_never_an_output(tmp_path: Path) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("account_id,arr\na,1\n")
    with pytest.raises(ConfigError, match="input file"):
        check_outputs([("--out", tmp_path / "." / "accounts.csv")], [accounts])
    link = tmp_path / "l.csv"
    link.symlink_to(accounts)
    with pytest.raises(ConfigError, match="input file"):
        check_outputs([("--out", link)], [accounts])
    with pytest.raises(ConfigError, match="also given"):
        check_outputs([("--out", tmp_path / "o"), ("--accounts-out", tmp_path / "o")], [])


def test_batch_writes_all_or_nothing(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("old a")

    def second_fails() -> None:
        with output_batch():
            atomic_write_text(first, "new a")
            assert first.read_text() == "old a"  # not yet
            with atomic_path(second) as tmp:
                tmp.write_text("half")
                raise RuntimeError

    with pytest.raises(RuntimeError):
        second_fails()
    assert first.read_text() == "old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    with output_batch():
        atomic_write_text(first, "new a")
        atomic_write_text(second, "new b")
    assert (first.read_text(), second.read_text()) == ("new a", "new b")


@pytest.mark.parametrize(("cell", "guarded"), [
    ("=1+1", True), ("@SUM(A1)", True), ("\tx", True), ("+SUM(A1)", True),
    ("-2+3+cmd|' /C calc'!A0", True), ("+x&y", True),
    ("-12.5", False), ("-p2", False), ("+44 20 7946 0958", False), ("+1-555", False),
    ("plain", False), ("", False),
])
def test_formula_guard_quotes_risky_cells_only(cell: str, guarded: bool) -> None:
    assert neutralise_formula(cell) == ("'" + cell if guarded else cell)
