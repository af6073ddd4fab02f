"""Long work as jobs: django-tasks' database backend is the queue (rows in the app's own database,
so several ``postsale worker`` processes on several machines share it through PostgreSQL), and a
:class:`~postsale.web.models.Job` row is what the page shows — progress, the version it produced or
the reason it failed, as catalog messages rendered in the viewer's language.

What django-tasks-db gives and what this module adds:

- *Claiming* is django-tasks-db's: ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL (two workers
  never take the same task), an EXCLUSIVE transaction on SQLite (one writer at a time; WAL lets
  the pages read meanwhile). Claiming stamps ``started_at`` and appends the worker's id to
  ``worker_ids``; that pair is the claim this module checks before it writes anything final.
- *A worker that died mid-task* is unknown to django-tasks-db (its row stays RUNNING forever). Each
  worker keeps a heartbeat row; its heartbeat thread also *reaps*: a task whose worker has not
  been seen for ``STALE_SECONDS`` is queued again (up to ``MAX_ATTEMPTS`` claims) or failed with
  the reason. The reaper locks the task row and re-reads the job, so a job whose version was
  saved just before its worker died is marked done, not run twice.
- *Exactly one version per job*: the version row and the job's ``done`` are written in one
  transaction that first re-checks the claim (the task row locked, still RUNNING with this run's
  ``started_at``). A run that lost its claim (reaped while it was only slow) writes nothing, and
  its end does not overwrite the task row (``_Worker.run_task`` finishes conditionally too).
- A killed run leaves at most unreferenced files (written before the row), never a version.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable
from traceback import format_exception
from typing import Any

from django.db import close_old_connections, connection, transaction
from django.db.models import DateTimeField, ExpressionWrapper
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Now
from django.utils import timezone
from django_tasks import TaskContext, task
from django_tasks.base import TaskResultStatus

from postsale.core.msg import Msg
from postsale.i18n import tr
from postsale.web.models import Job, JobStatus, Version, WorkerHeartbeat, Workspace

log = logging.getLogger("postsale.web.jobs")

HEARTBEAT_SECONDS = float(os.environ.get("POSTSALE_WORKER_HEARTBEAT", "5"))
STALE_SECONDS = float(os.environ.get("POSTSALE_WORKER_STALE", "30"))
#: how many times a task may be claimed (the first run and the retries after a lost worker)
MAX_ATTEMPTS = int(os.environ.get("POSTSALE_JOB_ATTEMPTS", "2"))
PROGRESS_EVERY_SECONDS = 0.5

#: what each job kind runs: (job, progress) -> the version it saved, or None
Runner = Callable[[Job, "Progress"], Version | None]
RUNNERS: dict[str, Runner] = {}
#: the catalog code naming each kind on the pages (``register(kind, label=...)``)
KIND_LABELS: dict[str, str] = {}


class WorkerLostError(RuntimeError):
    """The worker running a job stopped without finishing it (killed, machine lost)."""


class ClaimLostError(RuntimeError):
    """This run's task was reaped (its worker looked dead) and queued again or failed: the run
    must not write its result."""


def register(kind: str, label: str = "web_proj.job.kind.other") -> Callable[[Runner], Runner]:
    """Declare the function that runs jobs of ``kind`` and the catalog code (no parameters, or
    ``{kind}``) that names such jobs on the pages."""

    def add(runner: Runner) -> Runner:
        RUNNERS[kind] = runner
        KIND_LABELS[kind] = label
        return runner

    return add


def msg_json(message: Msg) -> dict[str, Any]:
    """A message as stored in a job row."""
    return message.to_json()


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def msg_from_json(data: Any) -> Msg | None:
    """A stored ``{"code", "params"}`` back as a message (nested ones too, ISO dates as dates, so
    ``{when:month}`` formats them); None when empty."""
    if not isinstance(data, dict) or not isinstance(data.get("code"), str):
        return None

    def value(raw: Any) -> Any:
        if isinstance(raw, dict) and isinstance(raw.get("code"), str) and "params" in raw:
            return msg_from_json(raw)
        if isinstance(raw, list):
            return tuple(value(v) for v in raw)
        if isinstance(raw, str) and _ISO_DATE.fullmatch(raw):  # dates are stored ISO
            return dt.date.fromisoformat(raw)
        return raw

    params = data.get("params") or {}
    return Msg(data["code"], **{str(k): value(v) for k, v in params.items()})


class Progress:
    """Report progress (0..1) and what the job is doing; written at most twice a second, and only
    while this run still owns the job (a reaped run's writes are dropped). A note given as a
    message is kept as one (``note_msg``, rendered per viewer) and, for pages that show
    ``progress_note``, as its sentence in the worker's language; a string note goes to
    ``progress_note`` as it is (a code or a sentence the job already rendered)."""

    def __init__(self, job: Job, worker_id: str = "") -> None:
        self.job_id = job.pk
        self.worker_id = worker_id
        self._last = 0.0

    def __call__(self, fraction: float, note: Msg | str | None = None, *,
                 force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < PROGRESS_EVERY_SECONDS:
            return
        self._last = now
        fields: dict[str, Any] = {"progress": max(0.0, min(1.0, fraction))}
        if isinstance(note, Msg):
            fields.update(note_msg=msg_json(note), progress_note=tr(note)[:200])
        elif note is not None:
            fields.update(note_msg={}, progress_note=note[:200])
        rows = Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING)
        if self.worker_id:
            rows = rows.filter(worker_id=self.worker_id)
        rows.update(**fields)


def enqueue(workspace: Workspace, kind: str, params: dict[str, Any], user: Any) -> Job:
    """Queue a job of ``kind`` (one of RUNNERS) for ``workspace``: the job row and the task row in
    one transaction (a worker sees both or neither)."""
    if kind not in RUNNERS:
        raise KeyError(kind)
    from postsale.i18n import current

    # the words a job writes into its results (an owners CSV's requisition names, reasons) are in
    # the language of the person who asked for it, as ``postsale assign --lang`` would write them
    params = {"lang": current().lang, **params}
    with transaction.atomic():
        job = Job.objects.create(workspace=workspace, kind=kind, params=params,
                                 note_msg=msg_json(Msg("web_proj.job.note.queued")),
                                 created_by=user if getattr(user, "is_authenticated", False)
                                 else None)
        result = run_job.enqueue(job.pk)
        job.task_id = str(result.id)
        job.save(update_fields=["task_id"])
    return job


# the claim of the task this thread is running: (task id, started_at); save_version checks it
_CLAIM = threading.local()


def kind_label(kind: str) -> Msg:
    """How the pages name a job kind (the registered label; a generic one for a kind this
    process does not know)."""
    return Msg(KIND_LABELS.get(kind, "web_proj.job.kind.other"), kind=kind)


def failure_message(error: BaseException) -> tuple[Msg, str]:
    """What to tell the user about a failed run (postsale's own message: what, where, how to
    fix; else a generic one naming the kind of error) and the technical detail for admins."""
    from postsale.errors import PostsaleError

    detail = f"{type(error).__name__}: {error}"  # i18n: not text (technical detail)
    if isinstance(error, PostsaleError):
        found = getattr(error, "msg", None)
        if callable(found):
            message = found()
            if isinstance(message, Msg):
                return message, detail
    from postsale.web.books import NoBookError

    if isinstance(error, NoBookError):
        return Msg("web_proj.job.error.no_book"), detail
    return Msg("web_proj.job.error.crashed", error=type(error).__name__), detail


@task(takes_context=True)
def run_job(context: TaskContext, job_id: int) -> int | None:
    """The one task: run the job's kind; the job row records the outcome either way."""
    job = Job.objects.select_related("workspace").get(pk=job_id)
    if job.status == JobStatus.DONE:  # its version was saved by an earlier claim
        return job.version_id
    result = context.task_result
    worker_ids = list(result.worker_ids)
    worker_id = worker_ids[-1] if worker_ids else ""
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), attempts=len(worker_ids) or 1,
        worker_id=worker_id, progress=0.0, error="", error_msg={},
        note_msg=msg_json(Msg("web_proj.job.note.started")))
    _CLAIM.value = (str(result.id), result.started_at)
    try:
        from postsale.i18n import LANGUAGES, activate

        lang = str(job.params.get("lang", "en"))
        with activate(lang if lang in LANGUAGES else "en"):
            version = RUNNERS[job.kind](job, Progress(job, worker_id))
    except ClaimLostError:
        raise  # the reaper already decided what becomes of the job
    except Exception as error:  # the reason goes to the page; the task is marked failed too
        from postsale.errors import PostsaleError

        message, detail = failure_message(error)
        log.warning("job %s failed: %s", job_id, detail)  # i18n: not text
        # the text for pages that show ``error``: postsale's whole error (an InputError's rows
        # too) in the worker's language; ``error_msg`` is rendered per viewer
        text = str(error) if isinstance(error, PostsaleError) else tr(message)
        owned = Job.objects.filter(pk=job_id, worker_id=worker_id, status=JobStatus.RUNNING)
        owned.update(status=JobStatus.FAILED, error=text, error_msg=msg_json(message),
                     note_msg={}, finished_at=timezone.now())
        raise
    finally:
        _CLAIM.value = None
    if version is None:  # a kind that saves nothing: done now (a versioned one is done already)
        Job.objects.filter(pk=job_id, worker_id=worker_id, status=JobStatus.RUNNING).update(
            status=JobStatus.DONE, progress=1.0, note_msg={}, finished_at=timezone.now())
        return None
    return version.pk


def _check_claim() -> None:
    """Inside a transaction: this thread's task is still RUNNING under this run's claim (the row
    locked until commit, so the reaper cannot take it meanwhile). No claim: not run by a worker
    (tests, the CLI) — nothing to check."""
    from django_tasks_db.models import DBTaskResult

    claim = getattr(_CLAIM, "value", None)
    if claim is None:
        return
    task_id, started_at = claim
    row = (DBTaskResult.objects.select_for_update().filter(pk=task_id)
           .values("status", "started_at").first())
    if row is None or row["status"] != TaskResultStatus.RUNNING or row["started_at"] != started_at:
        raise ClaimLostError(task_id)


def _db_now_minus(seconds: float) -> ExpressionWrapper[CombinedExpression]:
    """The database's current time less ``seconds``, as an expression."""
    return ExpressionWrapper(Now() - dt.timedelta(seconds=seconds), output_field=DateTimeField())


def _claims(row: Any) -> int:
    return len(row.worker_ids or [])


def reap_stale(now: dt.datetime | None = None) -> int:
    """Requeue (or fail, after MAX_ATTEMPTS claims) every running task whose worker stopped
    beating; a task whose job already saved its version is marked successful instead. Returns
    how many were handled. Safe in several workers at once: each task row is locked (skipping
    locked ones) and updated only if still under the same claim."""
    from django_tasks_db.models import DBTaskResult

    moment = now or timezone.now()
    cutoff = moment - dt.timedelta(seconds=STALE_SECONDS)
    # heartbeats are stamped and judged by the database's clock, so workers on machines whose
    # clocks disagree do not take each other for dead
    alive = set(WorkerHeartbeat.objects.filter(last_seen__gte=_db_now_minus(STALE_SECONDS))
                .values_list("worker_id", flat=True))
    handled = 0
    candidates = list(DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING,
                                                  started_at__lt=cutoff)
                      .values_list("pk", "started_at", "worker_ids"))
    for pk, started_at, worker_ids in candidates:
        last = worker_ids[-1] if worker_ids else ""
        if last in alive:
            continue
        with transaction.atomic():
            row = (DBTaskResult.objects.select_for_update(skip_locked=True)
                   .filter(pk=pk, status=TaskResultStatus.RUNNING, started_at=started_at).first())
            if row is None:  # finished, reaped by another worker, or being saved right now
                continue
            handled += 1
            _reap(row, last, moment)
    WorkerHeartbeat.objects.filter(last_seen__lt=_db_now_minus(2 * STALE_SECONDS)).delete()
    return handled


def _reap(row: Any, last: str, moment: dt.datetime) -> None:
    """Decide one stale task (its row locked by the caller's transaction)."""
    from django_tasks_db.models import DBTaskResult

    job = Job.objects.filter(task_id=str(row.pk)).first()
    task_row = DBTaskResult.objects.filter(pk=row.pk)
    claims = max(_claims(row), job.attempts if job is not None else 0)
    if job is not None and job.status == JobStatus.DONE:
        task_row.update(status=TaskResultStatus.SUCCESSFUL, finished_at=moment,
                        return_value=job.version_id, exception_class_path="", traceback="")
        return
    if claims < MAX_ATTEMPTS and job is not None:
        retrying = Msg("web_proj.job.note.retrying", worker=last, attempts=claims)
        task_row.update(status=TaskResultStatus.READY, started_at=None)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.QUEUED, progress=0.0, worker_id="",
            note_msg=msg_json(retrying), progress_note=tr(retrying)[:200])
        log.warning("job %s: worker %s stopped mid-job; queued again", job.pk,  # i18n: not text
                    last)
        return
    reason = Msg("web_proj.job.error.worker_lost", worker=last, attempts=claims)
    detail = f"WorkerLostError: worker {last} stopped; {claims} claim(s)"  # i18n: not text
    task_row.update(status=TaskResultStatus.FAILED, finished_at=moment,
                    exception_class_path=f"{WorkerLostError.__module__}.{WorkerLostError.__qualname__}",
                    traceback=detail)
    if job is not None:
        Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=tr(reason),
                                             error_msg=msg_json(reason), note_msg={},
                                             finished_at=moment)
    log.warning("task %s: worker %s stopped mid-job; failed after %s claim(s)",  # i18n: not text
                row.pk, last, claims)


def beat(worker_id: str) -> None:
    """Touch this worker's heartbeat row (again, if another worker's reaper removed it while this
    one was stalled)."""
    if WorkerHeartbeat.objects.filter(worker_id=worker_id).update(last_seen=Now()):
        return
    WorkerHeartbeat.objects.get_or_create(
        worker_id=worker_id, defaults={"host": socket.gethostname()[:255], "pid": os.getpid()})
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(last_seen=Now())


class Heartbeat(threading.Thread):
    """Touches this worker's row every HEARTBEAT_SECONDS and reaps stale tasks; about hourly it
    also removes files no row refers to (``postsale.web.sweep``)."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        from postsale.web.sweep import GRACE_SECONDS, sweep_orphans

        beats_between_sweeps = max(1, int(GRACE_SECONDS / max(HEARTBEAT_SECONDS, 0.1)))
        beats = 0
        try:
            while not self.stopped.is_set():
                try:
                    close_old_connections()
                    beat(self.worker_id)
                    reap_stale()
                    beats += 1
                    if beats % beats_between_sweeps == 0:
                        sweep_orphans()
                except Exception:  # a database blip: beat again next time
                    log.exception("heartbeat of %s failed", self.worker_id)  # i18n: not text
                self.stopped.wait(HEARTBEAT_SECONDS)
        finally:
            connection.close()


def _worker_class() -> type[Any]:
    """django-tasks-db's worker with a conditional finish: a run that lost its claim (reaped and
    maybe claimed again by another worker) must not overwrite the task row with its outcome."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    class ClaimCheckingWorker(Worker):
        def run_task(self, db_task_result: DBTaskResult) -> None:  # type: ignore[type-arg]
            ours = DBTaskResult.objects.filter(pk=db_task_result.pk,
                                               status=TaskResultStatus.RUNNING,
                                               started_at=db_task_result.started_at)
            self.running_task = True
            try:
                result = db_task_result.task_result
                task_ = result.task
                args = ((TaskContext(task_result=result), *result.args) if task_.takes_context
                        else tuple(result.args))
                value = task_.call(*args, **result.kwargs)
                ours.update(status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now(),
                            return_value=value, exception_class_path="", traceback="")
            except (KeyboardInterrupt, SystemExit):  # stopped by force: the job waits again
                if ours.update(status=TaskResultStatus.READY, started_at=None):
                    Job.objects.filter(task_id=str(db_task_result.pk),
                                       status=JobStatus.RUNNING).update(
                        status=JobStatus.QUEUED, progress=0.0, worker_id="",
                        note_msg=msg_json(Msg("web_proj.job.note.queued")))
                raise
            except BaseException as error:
                if not isinstance(error, ClaimLostError):
                    ours.update(status=TaskResultStatus.FAILED, finished_at=timezone.now(),
                                return_value=None,
                                exception_class_path=f"{type(error).__module__}."
                                                     f"{type(error).__qualname__}",
                                traceback="".join(format_exception(error)))
                log.warning("task %s ended with %s",  # i18n: not text
                            db_task_result.pk, type(error).__name__)
            finally:
                self.running_task = False
                self._run_tasks += 1

    return ClaimCheckingWorker


def run_worker(*, once: bool = False) -> None:
    """Run jobs until stopped (SIGINT/SIGTERM finish the current job first); ``once``: until the
    queue is empty."""
    from postsale.web import runners  # noqa: F401  (registers the job kinds)

    worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    beat(worker_id)
    reap_stale()
    from postsale.web.sweep import sweep_orphans

    sweep_orphans()
    heartbeat = Heartbeat(worker_id)
    heartbeat.start()
    worker = _worker_class()(queue_names=["default"], interval=0.5, batch=once,
                             backend_name="default", startup_delay=False, max_tasks=None,
                             worker_id=worker_id, excluded_queue_names=[])
    worker.configure_signals()
    try:
        worker.run()
    finally:
        heartbeat.stopped.set()
        heartbeat.join(timeout=HEARTBEAT_SECONDS + 1)
        WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def save_version(workspace: Workspace, kind: str, *, author: Any, write_files: Callable[[Version], None],
                 **fields: Any) -> Version:
    """Create the next version of ``kind``: files first (``write_files`` gets the unsaved row and
    sets its paths; each file written atomically), then the row in one transaction. Run by a job,
    the same transaction re-checks the job's claim and marks the job done with this version, so
    a job yields exactly one version however its workers die."""
    from django.db.models import Max

    version = Version(workspace=workspace, kind=kind, number=0, author=author, **fields)
    write_files(version)
    with transaction.atomic():
        _check_claim()
        Workspace.objects.select_for_update().filter(pk=workspace.pk).first()  # numbers in turn
        last = (Version.objects.filter(workspace=workspace, kind=kind)
                .aggregate(top=Max("number"))["top"]) or 0
        version.number = last + 1
        version.save()
        claim = getattr(_CLAIM, "value", None)
        if claim is not None:
            Job.objects.filter(task_id=claim[0]).update(
                status=JobStatus.DONE, progress=1.0, version=version, note_msg={},
                finished_at=timezone.now())
    return version
