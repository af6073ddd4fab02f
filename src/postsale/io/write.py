"""Writing files safely: atomically, privately, never over an input, and spreadsheet-safe.

Output rules (issue 11 item 7), all in :func:`atomic_path`:

- a regular (or new) file is written to a temp file beside it (``.postsale-<name>.<random>.tmp``,
  mode 0600: account books are confidential) and renamed over it only when the write succeeded;
- ``-`` is standard output; a device (``/dev/null``), FIFO, socket or symlink is written *through*
  (opened and written), never replaced by a regular file;
- a folder, a read-only file or folder, or a missing parent folder is a ``ConfigError`` (exit 2)
  saying what to do — checked before any work by :func:`check_outputs`, which also refuses an
  output that is one of the command's input files;
- temp files are removed on any exception, and on SIGTERM/SIGINT (the CLI turns both into
  ``SystemExit``/``KeyboardInterrupt``, which run the same clean-up);
- inside :func:`output_batch` every output of a command is written to its temp file first and the
  renames happen together at the end, so a second output failing leaves the first untouched.

Formula guard (CSV injection, OWASP): a spreadsheet runs a cell starting with ``=``, ``@``, tab or
CR as a formula, and one starting with ``+``/``-`` when it is an expression. Only such risky text
gets a leading ``'`` (:func:`neutralise_formula`): ``-12.5``, ``-p2`` or ``+44 20 7946 0958`` are
data and are never changed. XLSX identifier cells are written as typed string cells, which Excel
never evaluates, so IDs there are kept exactly.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from postsale.core.msg import Msg
from postsale.errors import ConfigError, Words

__all__ = ["FORMULA_PREFIXES", "atomic_path", "atomic_write_bytes", "atomic_write_text",
           "check_outputs", "is_stdout", "neutralise_formula", "output_batch"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TEMP_PREFIX = ".postsale-"
# After a leading + or -, these make a cell an expression a spreadsheet would evaluate (a function
# call, a DDE link ``|``/``!``, a comparison or concatenation); a bare ``-p2`` or phone number has none.
_ACTIVE = frozenset("(|!=@&\"';")


def neutralise_formula(value: str) -> str:
    """Prefix a text cell with ``'`` when a spreadsheet would run it as a formula.

    ``=``, ``@``, tab and CR always start a formula; ``+``/``-`` only when the rest of the cell holds
    a function call, DDE link or operator (see ``_ACTIVE``) — numbers, ``-p2`` and phone numbers
    are left alone.
    """
    if not value or not value.startswith(FORMULA_PREFIXES):
        return value
    if value[0] in "+-" and not _ACTIVE.intersection(value[1:]):
        return value
    return "'" + value


def is_stdout(target: Path | str) -> bool:
    """``-`` (the command-line convention) means standard output."""
    return str(target) == "-"


def _problem(target: Path, problem: Words, fix: Words) -> ConfigError:
    return ConfigError(str(target), None, problem, fix)


def _check_target(target: Path) -> None:
    """Raise ``ConfigError`` unless ``target`` can be written (new, regular, device or FIFO)."""
    if is_stdout(target):
        return
    if target.is_dir():
        raise _problem(target, Msg("errors_io.out.folder"), Msg(
            "errors_io.out.folder.fix", example=str(target / ("out" + (target.suffix or ".txt")))))
    parent = target.parent
    if not parent.is_dir():
        raise _problem(target, Msg("errors_io.out.no_folder", folder=str(parent)),
                       Msg("errors_io.out.no_folder.fix", folder=str(parent)))
    if target.exists() or target.is_symlink():
        if not os.access(target, os.W_OK):
            raise _problem(target, Msg("errors_io.out.read_only"),
                           Msg("errors_io.out.read_only.fix"))
        return
    if not os.access(parent, os.W_OK | os.X_OK):
        raise _problem(target, Msg("errors_io.out.denied", folder=str(parent)),
                       Msg("errors_io.out.denied.fix"))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def check_outputs(outputs: Sequence[tuple[str, Path | None]],
                  inputs: Sequence[Path | None]) -> None:
    """Before any work: every output can be written and none is an input (or another output).

    ``outputs`` are (option, path) pairs, e.g. ``("--out", Path("plan.json"))``."""
    seen: list[tuple[str, Path]] = []
    for option, out in outputs:
        if out is None or is_stdout(out):
            continue
        for source in inputs:
            if source is not None and source.exists() and _same_file(out, source):
                raise ConfigError(option, None, Msg("errors_io.out.is_input", file=str(out)),
                                  Msg("errors_io.out.is_input.fix"))
        for other_option, other in seen:
            if _same_file(out, other):
                raise ConfigError(option, None, Msg("errors_io.out.twice", file=str(out),
                                                    option=other_option),
                                  Msg("errors_io.out.twice.fix"))
        _check_target(out)
        seen.append((option, out))


_BATCH: contextvars.ContextVar[list[tuple[Path, Path]] | None] = contextvars.ContextVar(
    "postsale_output_batch", default=None)


def _commit(tmp: Path, target: Path) -> None:
    """Move the finished temp file into place (or copy it through a device, FIFO or symlink)."""
    if is_stdout(target):
        with tmp.open("rb") as src:
            sys.stdout.flush()
            shutil.copyfileobj(src, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        return
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and (stat.S_ISLNK(mode) or not stat.S_ISREG(mode)):
        with tmp.open("rb") as src, open(target, "wb") as dst:  # through it: never replace it
            shutil.copyfileobj(src, dst)
        return
    os.replace(tmp, target)


def _temp_dir(target: Path) -> Path:
    """Beside the file it becomes; for stdout, a device or a FIFO (whose folder, e.g. /dev, is
    no place for files) the system temp folder; for a symlink, beside the file it points to."""
    if is_stdout(target):
        return Path(tempfile.gettempdir())
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return target.parent
    if stat.S_ISLNK(mode):
        real = target.resolve()
        return real.parent if real.parent.is_dir() else Path(tempfile.gettempdir())
    return target.parent if stat.S_ISREG(mode) else Path(tempfile.gettempdir())


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temp path (mode 0600) for ``target``; put it in place only if the block succeeds.

    See the module docstring for ``-``, devices, FIFOs and symlinks. Inside :func:`output_batch`
    the move waits for the batch to end."""
    target = Path(target)
    _check_target(target)
    name = "stdout" if is_stdout(target) else target.name
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{name}.", suffix=".tmp",
                                        dir=_temp_dir(target))
    except OSError as exc:
        raise _problem(target, f"cannot write here ({exc.strerror or exc})",
                       "choose another --out path") from None
    os.close(fd)
    tmp = Path(tmp_name)
    batch = _BATCH.get()
    owned = True
    try:
        yield tmp
        if batch is not None:
            batch.append((tmp, target))
            owned = False  # the batch moves or removes it
        else:
            _commit(tmp, target)
    finally:
        if owned:
            tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def output_batch() -> Iterator[None]:
    """Defer every :func:`atomic_path` move in the block to its end: all outputs or none."""
    if _BATCH.get() is not None:  # nested: the outer batch commits
        yield
        return
    pending: list[tuple[Path, Path]] = []
    token = _BATCH.set(pending)
    try:
        yield
    except BaseException:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        raise
    finally:
        _BATCH.reset(token)
    try:
        for tmp, target in pending:
            _commit(tmp, target)
    finally:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)


def atomic_write_text(target: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding=encoding)


def atomic_write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
