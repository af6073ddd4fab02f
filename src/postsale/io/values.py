"""Raw values of an enumerated column → canonical ones, beyond the built-in words of
``postsale.io.parse.ENUM_COLUMNS``: the company file's ``[values.<column>]`` table, and a churn
flag ("Churn" = Yes/No, the telco churn export) read as a status.

Shared by the importer (``postsale.io.read``) and the mapping assistant (``postsale inspect``), so
what inspect proposes is what the import does.
"""

from __future__ import annotations

from collections.abc import Mapping

from postsale.io.parse import normalise_token

__all__ = ["CHURN_FLAG", "is_churn_flag", "value_map"]

# A yes/no churn column: yes = churned, no = still a customer.
CHURN_FLAG = {"yes": "churned", "true": "churned", "y": "churned", "1": "churned", "x": "churned",
              "no": "active", "false": "active", "n": "active", "0": "active"}


def is_churn_flag(target: str, header: str) -> bool:
    """A ``status`` column whose header says churn ("Churn", "Churned", "Is Churned")."""
    return target == "status" and "churn" in normalise_token(header)


def value_map(target: str, header: str, mapped: Mapping[str, Mapping[str, str]] | None
              ) -> dict[str, str]:
    """The raw → canonical values of an enum column: a churn flag's yes/no, then the company
    file's ``[values.<column>]`` on top."""
    out: dict[str, str] = dict(CHURN_FLAG) if is_churn_flag(target, header) else {}
    out.update((mapped or {}).get(target, {}))
    return out
