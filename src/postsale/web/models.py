"""What the web app keeps: workspaces (one per company), members with roles, uploaded files, saved
versions of plans / assignments / projections with their approval, jobs, API tokens and the audit
log. Results themselves are postsale's own JSON (``PlanResult.to_dict()`` and friends), stored as
files beside the database (``Version.payload_path``) so a 1M-account owners table never sits in a
row."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    """viewer reads; planner edits plans, uploads, runs what-ifs and assignments and proposes;
    admin also manages members and settings, approves, and deletes."""

    VIEWER = "viewer"
    PLANNER = "planner"
    ADMIN = "admin"


ROLE_RANK: dict[str, int] = {Role.VIEWER: 1, Role.PLANNER: 2, Role.ADMIN: 3}


class Workspace(models.Model):
    """One company: its settings (the company file's TOML text), files, versions and members."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    company_toml = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["workspace", "user"], name="one_membership_per_user"),
        ]

    def allows(self, needed: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[needed]


class FileKind(models.TextChoices):
    ACCOUNTS = "accounts"
    SUBSCRIPTIONS = "subscriptions"
    OPPORTUNITIES = "opportunities"
    TICKETS = "tickets"
    TEAM = "team"


class Upload(models.Model):
    """One uploaded file. The workspace's current book is its latest ``ok`` upload of each kind."""

    class Status(models.TextChoices):
        OK = "ok"
        ERROR = "error"
        PENDING = "pending"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="uploads")
    kind = models.CharField(max_length=16, choices=FileKind.choices)
    original_name = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500)  # relative to MEDIA_ROOT
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True, default="")
    rows = models.IntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    problems = models.JSONField(default=list, blank=True)  # [{file,row,column,problem,fix}]
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar[list[str]] = ["-uploaded_at", "-id"]


class VersionKind(models.TextChoices):
    PLAN = "plan"
    ASSIGNMENT = "assignment"
    PROJECTION = "projection"


class VersionStatus(models.TextChoices):
    DRAFT = "draft"  # saved by a planner, not proposed
    PROPOSED = "proposed"  # waiting for an admin
    APPROVED = "approved"  # the current one of its kind is the latest approved
    REJECTED = "rejected"


class Version(models.Model):
    """A saved plan, assignment or projection: inputs (uploads, settings, what-if overrides),
    summary figures for lists and comparisons, and the full result as a JSON file (payload_path,
    relative to MEDIA_ROOT; an assignment also has its owners CSV). Written in one transaction
    after the files are in place: a job killed half way leaves no version."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="versions")
    kind = models.CharField(max_length=16, choices=VersionKind.choices)
    number = models.PositiveIntegerField()  # 1, 2, 3… per workspace and kind
    status = models.CharField(max_length=16, choices=VersionStatus.choices,
                              default=VersionStatus.DRAFT)
    title = models.CharField(max_length=200, blank=True, default="")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True, default="")
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    uploads = models.ManyToManyField(Upload, blank=True, related_name="+")
    company_toml = models.TextField(blank=True, default="")
    overrides = models.JSONField(default=dict, blank=True)  # the what-if levers applied
    summary = models.JSONField(default=dict, blank=True)  # headcount, cost, arr, accounts…
    payload_path = models.CharField(max_length=500, blank=True, default="")
    owners_path = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["workspace", "kind", "number"],
                                    name="one_number_per_kind"),
        ]


class JobStatus(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(models.Model):
    """Long work (a projection with 10,000 paths, a large import, a rebalance) as the page sees
    it: progress, the outcome (a version) or the reason it failed. The queue itself is
    django-tasks' database backend (``task_id``)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=32)  # projection | rebalance | import | plan
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.FloatField(default=0.0)  # 0..1
    progress_note = models.CharField(max_length=200, blank=True, default="")
    #: what the job is doing, as a catalog message ``{"code", "params"}`` (rendered per viewer)
    note_msg = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True, default="")  # technical detail (exception), for admins
    #: why it failed, as a catalog message ``{"code", "params"}`` (what, where, how to fix)
    error_msg = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True, default="", db_index=True)
    worker_id = models.CharField(max_length=64, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    version = models.ForeignKey(Version, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]


class WorkerHeartbeat(models.Model):
    """A live ``postsale worker``: it touches ``last_seen`` every few seconds; a job whose worker
    stopped touching it (kill -9, a lost machine) is retried or failed by the next worker."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.IntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)


class ApiToken(models.Model):
    """A personal API token (``Authorization: Bearer <token>``); only its SHA-256 is kept, the
    token is shown once. It acts as its user, with the user's roles."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    @classmethod
    def issue(cls, user: Any, name: str) -> tuple[ApiToken, str]:
        """A new token for ``user``: the row and the token text (shown once, never stored)."""
        token = "pst_" + secrets.token_urlsafe(32)
        row = cls.objects.create(user=user, name=name, prefix=token[:12],
                                 digest=cls.digest_of(token))
        return row, token


class AuditEvent(models.Model):
    """Who changed what, when: uploads, settings, versions proposed/approved/rejected, members,
    locks and pins, deletions, logins refused."""

    workspace = models.ForeignKey(Workspace, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="audit_events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=64)  # e.g. upload.accounts, version.approve
    target = models.CharField(max_length=200, blank=True, default="")
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-at", "-id"]


class AccountControl(models.Model):
    """A planner's lock or pin on one account (owners page): locked keeps today's owner through a
    rebalance; pinned sends the account to a named owner."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="controls")
    account_id = models.CharField(max_length=200)
    locked = models.BooleanField(default=False)
    pinned_owner = models.CharField(max_length=200, blank=True, default="")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["workspace", "account_id"], name="one_control_per_account"),
        ]
