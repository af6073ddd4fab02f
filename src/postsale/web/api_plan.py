"""The plan operations of ``/api/v1/``: the workspace's plan (postsale's JSON contract,
``PlanResult.to_dict()``), a what-if (the levers in, the key figures and their change against the
plan out) and saving a plan as a version (optionally proposed for approval).

The numbers come from ``postsale.web.planning`` — the same cached book and result cache as the
page — so the API, the page and ``postsale plan -f json`` agree figure for figure.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from postsale.errors import ConfigError
from postsale.web.access import workspace_of
from postsale.web.api import workspace_operation
from postsale.web.books import NoBookError, loaded_book
from postsale.web.models import VersionStatus
from postsale.web.planning import WhatIf, deltas, plan_with, save_plan_version, summary_with

router = Router(tags=["plans"])


class PlanSummary(Schema):
    """The key figures of a plan (a plan version's ``summary``)."""

    accounts: int
    arr: float
    required: int = Field(description="people in the plan (funded), all roles")  # i18n: not text
    required_by_role: dict[str, int]
    cost: float = Field(description="full CS cost a year: team plus technology")  # i18n: not text
    cost_share: float | None = Field(description="cost as a fraction of ARR")  # i18n: not text
    budget: float | None = Field(description="the CS budget a year")  # i18n: not text
    funded: bool | None = Field(description="the plan fits the budget")  # i18n: not text
    model: str = Field(description="recommended organization model")  # i18n: not text


class PlanDeltas(Schema):
    """What-if minus plan."""

    required: int
    required_by_role: dict[str, int]
    cost: float | None
    cost_share: float | None
    budget: float | None
    funded_changed: bool


class WhatIfOut(Schema):
    baseline: PlanSummary
    whatif: PlanSummary
    deltas: PlanDeltas


class SavePlanIn(Schema):
    levers: WhatIf = Field(default_factory=WhatIf)
    propose: bool = False
    # no NUL: PostgreSQL text cannot hold one
    title: str = Field(default="", max_length=200, pattern=r"^[^\x00]*$")
    note: str = Field(default="", max_length=2000, pattern=r"^[^\x00]*$")


class SavedPlanOut(Schema):
    id: int
    number: int
    status: Literal["draft", "proposed", "approved", "rejected"]
    summary: PlanSummary


def _no_book(slug: str) -> ConfigError:
    from postsale.core.msg import Msg

    return ConfigError(slug, None, Msg("web_plan.api.no_book"), Msg("web_plan.api.no_book.fix"))


@workspace_operation(router, "get", "/workspaces/{slug}/plan", role="viewer",
                     response=dict[str, Any],
                     summary="The workspace's plan (postsale plan --format json)")  # i18n: not text
def get_plan(request: HttpRequest, slug: str) -> dict[str, Any]:
    try:
        return plan_with(workspace_of(request)).result.to_dict()
    except NoBookError:
        raise _no_book(slug) from None


@workspace_operation(router, "post", "/workspaces/{slug}/what-if", role="planner",
                     response=WhatIfOut,
                     summary="Recompute the plan with the given levers")  # i18n: not text
def post_whatif(request: HttpRequest, slug: str, levers: WhatIf) -> dict[str, Any]:
    workspace = workspace_of(request)
    try:
        loaded = loaded_book(workspace)
    except NoBookError:
        raise _no_book(slug) from None
    base = summary_with(workspace, WhatIf(), loaded)
    figures = summary_with(workspace, levers, loaded)
    return {"baseline": base, "whatif": figures, "deltas": deltas(figures, base)}


@workspace_operation(router, "post", "/workspaces/{slug}/plans", role="planner",
                     response={201: SavedPlanOut},
                     summary="Save the plan (with levers) as a version; optionally propose it")
def post_plan(request: HttpRequest, slug: str, body: SavePlanIn) -> Status[dict[str, Any]]:
    try:
        version = save_plan_version(workspace_of(request), request.user, body.levers,
                                    VersionStatus.PROPOSED if body.propose else VersionStatus.DRAFT,
                                    title=body.title, note=body.note)
    except NoBookError:
        raise _no_book(slug) from None
    return Status(201, {"id": version.pk, "number": version.number, "status": version.status,
                        "summary": version.summary})
