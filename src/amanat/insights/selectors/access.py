"""The insights app's access rule for statistics."""

from __future__ import annotations

from amanat.accounts.roles import Perm
from amanat.errors import NotFound

CASES_SOURCE = "cases"  # the platform's own cases: never a dataset name


def require_stats(user) -> None:
    """`user` may see statistics (None: the command-line operator)."""
    if user is not None and not user.can(Perm.STATS_VIEW):
        raise NotFound()
