"""postsale — design and run a post-sale (customer success) organization from your customer book.

Public API (everything else is internal)::

    postsale.plan(accounts, company=None, today=None) -> PlanResult
    postsale.assign(accounts, company=None, team=None, today=None) -> AssignmentRun
    postsale.load_accounts(path, columns=None) -> AccountBook
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = [
    "AccountBook",
    "Company",
    "ConfigError",
    "InputError",
    "PlanResult",
    "PostsaleError",
    "__version__",
    "assign",
    "load_accounts",
    "plan",
]

from postsale.company import Company
from postsale.core.book import AccountBook
from postsale.errors import ConfigError, InputError, PostsaleError
from postsale.results import PlanResult


def plan(*args: Any, **kwargs: Any) -> PlanResult:
    """Plan a book (see ``postsale.api.plan``)."""
    from postsale.api import plan as _plan

    return _plan(*args, **kwargs)


def assign(*args: Any, **kwargs: Any) -> Any:
    """Assign a book to owners (see ``postsale.api.assign``); returns an ``AssignmentRun``."""
    from postsale.api import assign as _assign

    return _assign(*args, **kwargs)


def load_accounts(*args: Any, **kwargs: Any) -> AccountBook:
    """Read an account file (see ``postsale.io.read.load_accounts``)."""
    from postsale.io.read import load_accounts as _load

    return _load(*args, **kwargs)
