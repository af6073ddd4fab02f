"""The audit log: one call per change, in the same transaction as the change."""

from __future__ import annotations

from typing import Any

from postsale.web.models import AuditEvent, Workspace


def record(actor: Any, action: str, workspace: Workspace | None = None, target: str = "",
           **detail: Any) -> AuditEvent:
    """Write one audit event (``action`` like ``version.approve``; ``detail`` JSON-safe)."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(workspace=workspace, actor=user, action=action,
                                     target=str(target)[:200], detail=detail)
