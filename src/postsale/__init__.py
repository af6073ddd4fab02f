"""postsale — design and run a post-sale (customer success) organization from your customer book.

Public API (everything else is internal)::

    postsale.plan(accounts, company=None, today=None) -> PlanResult
    postsale.assign(accounts, company=None, team=None, today=None) -> AssignmentRun
    postsale.load_accounts(path, columns=None) -> AccountBook
"""

from __future__ import annotations

import os
import sys
from typing import Any

# NumPy asks the kernel for transparent huge pages on every large array (madvise). Where the
# kernel then compacts memory synchronously on the first touch (THP defrag "madvise", common on
# cloud VMs), each fresh temporary of a million-account plan stalls: measured on the 2-core CI
# machine, a 1M-account plan took 0.70 s with it and 0.61 s without. NumPy's documented switch
# is read once, when numpy is first imported, so it is set only if numpy is not loaded yet and
# the user has not chosen (NUMPY_MADVISE_HUGEPAGE=1 in the environment keeps huge pages).
if "numpy" not in sys.modules:
    os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")

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
