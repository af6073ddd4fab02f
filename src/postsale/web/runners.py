"""Importing this module registers every job kind (``postsale.web.jobs.register``); the worker
imports it before it takes jobs. One import per area that defines jobs."""

from __future__ import annotations

from postsale.web import (
    jobs_assign,  # noqa: F401  (rebalance)
    jobs_import,  # noqa: F401  (the ``import`` job)
    jobs_project,  # noqa: F401  (projection)
)
