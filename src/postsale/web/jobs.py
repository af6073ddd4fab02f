"""Long work as jobs: django-tasks' database backend is the queue (rows in the app's own database,
so several ``postsale worker`` processes on several machines share it through PostgreSQL), and a
:class:`~postsale.web.models.Job` row is what the page shows — progress, the version it produced or
the reason it failed.

django-tasks-db has no notion of a worker that died mid-task (its row stays RUNNING forever), so
each worker keeps a heartbeat row and its heartbeat thread also *reaps*: a task whose worker has
not been seen for ``STALE_SECONDS`` is queued again (up to ``MAX_ATTEMPTS`` runs) or failed with
the reason. A job writes its version in one transaction at its very end (``save_version``), so a
killed run leaves no partial version.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks import TaskContext, task
from django_tasks.base import TaskResultStatus

from postsale.core.msg import Msg
from postsale.i18n import tr
from postsale.web.models import Job, JobStatus, Version, WorkerHeartbeat, Workspace

log = logging.getLogger("postsale.web.jobs")

HEARTBEAT_SECONDS = float(os.environ.get("POSTSALE_WORKER_HEARTBEAT", "5"))
STALE_SECONDS = float(os.environ.get("POSTSALE_WORKER_STALE", "30"))
MAX_ATTEMPTS = 2
PROGRESS_EVERY_SECONDS = 0.5

#: what each job kind runs: (job, progress) -> the version it saved, or None
Runner = Callable[[Job, "Progress"], Version | None]
RUNNERS: dict[str, Runner] = {}


class WorkerLostError(RuntimeError):
    """The worker running a job stopped without finishing it (killed, machine lost)."""


def register(kind: str) -> Callable[[Runner], Runner]:
    """Declare the function that runs jobs of ``kind``."""

    def add(runner: Runner) -> Runner:
        RUNNERS[kind] = runner
        return runner

    return add


class Progress:
    """Report progress (0..1) and a short note; written at most twice a second."""

    def __init__(self, job: Job) -> None:
        self.job_id = job.pk
        self._last = 0.0

    def __call__(self, fraction: float, note: str = "", *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < PROGRESS_EVERY_SECONDS:
            return
        self._last = now
        Job.objects.filter(pk=self.job_id).update(progress=max(0.0, min(1.0, fraction)),
                                                   progress_note=note[:200])


def enqueue(workspace: Workspace, kind: str, params: dict[str, Any], user: Any) -> Job:
    """Queue a job of ``kind`` (one of RUNNERS) for ``workspace``."""
    if kind not in RUNNERS:
        raise KeyError(kind)
    with transaction.atomic():
        job = Job.objects.create(workspace=workspace, kind=kind, params=params,
                                 created_by=user if getattr(user, "is_authenticated", False)
                                 else None)
        result = run_job.enqueue(job.pk)
        job.task_id = str(result.id)
        job.save(update_fields=["task_id"])
    return job


@task(takes_context=True)
def run_job(context: TaskContext, job_id: int) -> int | None:
    """The one task: run the job's kind; the job row records the outcome either way."""
    job = Job.objects.select_related("workspace").get(pk=job_id)
    worker_ids = context.task_result.worker_ids
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), attempts=job.attempts + 1,
        worker_id=worker_ids[-1] if worker_ids else "", progress=0.0, error="")
    try:
        version = RUNNERS[job.kind](job, Progress(job))
    except Exception as error:  # the reason goes to the page; the task is marked failed too
        from postsale.errors import PostsaleError

        reason = str(error) if isinstance(error, PostsaleError) else f"{type(error).__name__}: {error}"
        Job.objects.filter(pk=job_id).update(status=JobStatus.FAILED, error=reason,
                                             finished_at=timezone.now())
        raise
    Job.objects.filter(pk=job_id).update(status=JobStatus.DONE, progress=1.0,
                                         finished_at=timezone.now(),
                                         version=version.pk if version is not None else None)
    return version.pk if version is not None else None


def reap_stale(now: dt.datetime | None = None) -> int:
    """Requeue (or fail, after MAX_ATTEMPTS) every running task whose worker stopped beating.
    Returns how many were handled. Safe to run in several workers at once: each task is taken
    by a conditional update."""
    from django_tasks_db.models import DBTaskResult

    moment = now or timezone.now()
    cutoff = moment - dt.timedelta(seconds=STALE_SECONDS)
    alive = set(WorkerHeartbeat.objects.filter(last_seen__gte=cutoff)
                .values_list("worker_id", flat=True))
    handled = 0
    for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff):
        last = row.worker_ids[-1] if row.worker_ids else ""
        if last in alive:
            continue
        job = Job.objects.filter(task_id=str(row.id)).first()
        attempts = job.attempts if job is not None else MAX_ATTEMPTS
        with transaction.atomic():
            if attempts < MAX_ATTEMPTS:
                won = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING,
                                                  started_at=row.started_at).update(
                    status=TaskResultStatus.READY, started_at=None)
                if won and job is not None:
                    Job.objects.filter(pk=job.pk).update(
                        status=JobStatus.QUEUED, progress=0.0,
                        progress_note=tr(Msg("web_sec.job.retrying", worker=last))[:200])
            else:
                reason = tr(Msg("web_sec.job.worker_lost", worker=last, attempts=attempts))
                won = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING,
                                                  started_at=row.started_at).update(
                    status=TaskResultStatus.FAILED, finished_at=moment,
                    exception_class_path=f"{WorkerLostError.__module__}.{WorkerLostError.__qualname__}",
                    traceback=reason)
                if won and job is not None:
                    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error=reason,
                                                         finished_at=moment)
            handled += won
    WorkerHeartbeat.objects.filter(last_seen__lt=cutoff - dt.timedelta(seconds=STALE_SECONDS)).delete()
    return handled


class Heartbeat(threading.Thread):
    """Touches this worker's row every HEARTBEAT_SECONDS and reaps stale tasks."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.is_set():
                try:
                    close_old_connections()
                    WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(
                        last_seen=timezone.now())
                    reap_stale()
                except Exception:  # a database blip: beat again next time
                    log.exception("heartbeat of %s failed", self.worker_id)  # i18n: not text
                self.stopped.wait(HEARTBEAT_SECONDS)
        finally:
            connection.close()


def run_worker(*, once: bool = False) -> None:
    """Run jobs until stopped (SIGINT/SIGTERM finish the current job first); ``once``: until the
    queue is empty."""
    from django_tasks_db.management.commands.db_worker import Worker

    from postsale.web import runners  # noqa: F401  (registers the job kinds)

    worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    WorkerHeartbeat.objects.create(worker_id=worker_id, host=socket.gethostname()[:255],
                                   pid=os.getpid())
    reap_stale()
    beat = Heartbeat(worker_id)
    beat.start()
    worker = Worker(queue_names=["default"], interval=0.5, batch=once, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id=worker_id,
                    excluded_queue_names=[])
    worker.configure_signals()
    try:
        worker.run()
    finally:
        beat.stopped.set()
        beat.join(timeout=HEARTBEAT_SECONDS + 1)
        WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def save_version(workspace: Workspace, kind: str, *, author: Any, write_files: Callable[[Version], None],
                 **fields: Any) -> Version:
    """Create the next version of ``kind``: files first (``write_files`` gets the unsaved row and
    sets its paths; each file written atomically), then the row in one transaction."""
    from django.db.models import Max

    version = Version(workspace=workspace, kind=kind, number=0, author=author, **fields)
    write_files(version)
    with transaction.atomic():
        Workspace.objects.select_for_update().filter(pk=workspace.pk).first()  # numbers in turn
        last = (Version.objects.filter(workspace=workspace, kind=kind)
                .aggregate(top=Max("number"))["top"]) or 0
        version.number = last + 1
        version.save()
    return version
