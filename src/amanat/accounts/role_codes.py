"""A user's roles read in the same query as the user (one query per request instead of two).

Every API request reads its token with the user, and every web request its session's user; both
then need the roles for each permission check. The roles travel as one comma-separated text
aggregated in a subquery (role codes are identifiers and never contain a comma).
"""

from __future__ import annotations

from django.db.models import Aggregate, OuterRef, Subquery, TextField

from amanat.accounts.models import User, UserRole


class RoleCodes(Aggregate):
    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def role_codes(user_ref: str = "pk") -> Subquery:
    """The roles of the user at `user_ref` (an outer field) as 'a,b' (NULL when none)."""
    rows = (
        UserRole.objects.filter(user_id=OuterRef(user_ref))
        .order_by()
        .values("user_id")
        .annotate(codes=RoleCodes("role"))
        .values("codes")
    )
    return Subquery(rows, output_field=TextField())


def attach_roles(user: User, codes: str | None) -> User:
    """Give `user` the roles read with it, so `user.roles` makes no further query."""
    user.__dict__["roles"] = frozenset(code for code in (codes or "").split(",") if code)
    return user
