"""schemathesis against the API's own OpenAPI document (issue 14, acceptance 1): every operation,
called in-process through the WSGI app with generated parameters and bodies, as the admin of a
workspace that has a book (``acme``; a ``{slug}`` is always acme so the calls reach the
operations' code rather than stopping at 404): no server error, and every response is one the
document declares (status code, content type, body schema). Examples are bounded and derandomized
(the same cases on every run); each call's database changes are rolled back so a generated DELETE
cannot revoke the token the next call uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from access_world import build_world  # type: ignore[import-not-found]
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def world(team: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The seeded workspaces; the WSGI handler must not close the test's connection (and with
    it the transaction the test runs in) at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield build_world(team)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _load_schema() -> Any:
    """The document, read through the WSGI app at collection (it needs no database); the calls
    go through the same app."""
    from django.core.wsgi import get_wsgi_application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


# (not schemathesis.pytest.from_fixture: schemathesis 4.32 reads a node attribute pytest 9 no
# longer has)
schema = _load_schema()


@schema.parametrize()
@settings(max_examples=15, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_server_error_and_responses_as_documented(case: Any, world: dict[str, Any]) -> None:
    from postsale.web.books import forget_books

    if "slug" in (case.path_parameters or {}):
        case.path_parameters["slug"] = "acme"
    with transaction.atomic():
        case.call_and_validate(headers={"Authorization": f"Bearer {world['tokens']['admin']}"},
                               checks=CHECKS)
        transaction.set_rollback(True)
    forget_books()
