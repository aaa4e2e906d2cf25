"""The bearer token's user, organisation and roles in one query whose SQL is written once.

Every API request starts here. Through the ORM (select_related + the roles subquery) Django
built and compiled this 30-column query on every request: 0.9 ms of CPU against 0.05 ms for
running it (benchmarks/README.md, issue 13). The SQL below is assembled once per process from
the models' own column lists, so a new field is picked up without editing it; Django's
RawQuerySet maps the columns onto the user and applies the fields' converters (ADR 0044).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.db import connections

from amanat.accounts.models import ApiToken, Organisation, User, UserRole

_ORG_PREFIX = "token_org__"


@dataclass(frozen=True)
class TokenRow:
    token_id: int
    last_used_at: dt.datetime | None
    user: User
    role_codes: str | None


@cache
def _sql(vendor: str) -> str:
    qn = connections["default"].ops.quote_name
    user_columns = [f"u.{qn(f.column)}" for f in User._meta.concrete_fields]
    org_columns = [
        f"o.{qn(f.column)} AS {qn(_ORG_PREFIX + f.attname)}"
        for f in Organisation._meta.concrete_fields
    ]
    aggregate = "GROUP_CONCAT(r.{role}, ',')" if vendor == "sqlite" else "STRING_AGG(r.{role}, ',')"
    # Identifiers come from the models' metadata; the two values are bound parameters.
    roles = (
        f"(SELECT {aggregate.format(role=qn('role'))} FROM {qn(UserRole._meta.db_table)} r "  # noqa: S608
        f"WHERE r.{qn('user_id')} = u.{qn('id')})"
    )
    return (
        f"SELECT {', '.join(user_columns)}, {', '.join(org_columns)}, "  # noqa: S608
        f"t.{qn('id')} AS {qn('token_row_id')}, "
        f"t.{qn('last_used_at')} AS {qn('token_last_used_at')}, "
        f"{roles} AS {qn('token_role_codes')} "
        f"FROM {qn(ApiToken._meta.db_table)} t "
        f"JOIN {qn(User._meta.db_table)} u ON u.{qn('id')} = t.{qn('user_id')} "
        f"LEFT JOIN {qn(Organisation._meta.db_table)} o ON o.{qn('id')} = u.{qn('organisation_id')} "
        f"WHERE t.{qn('token_hash')} = %s AND t.{qn('revoked_at')} IS NULL "
        f"AND t.{qn('expires_at')} > %s"
    )


def live_token_row(token_hash: str, now: dt.datetime) -> TokenRow | None:
    """The live token with this hash, its user (organisation attached) and the user's roles."""
    connection = connections["default"]
    when = connection.ops.adapt_datetimefield_value(now)
    found = list(User.objects.raw(_sql(connection.vendor), [token_hash, when]))
    if not found:
        return None
    user = found[0]
    extra = user.__dict__
    fields = Organisation._meta.concrete_fields
    org_values = [_converted(f, extra.pop(_ORG_PREFIX + f.attname), connection) for f in fields]
    if user.organisation_id is not None:
        organisation = Organisation.from_db(
            connection.alias, [f.attname for f in fields], org_values
        )
        User.organisation.field.set_cached_value(user, organisation)
    return TokenRow(
        token_id=extra.pop("token_row_id"),
        last_used_at=_converted(
            ApiToken._meta.get_field("last_used_at"), extra.pop("token_last_used_at"), connection
        ),
        user=user,
        role_codes=extra.pop("token_role_codes"),
    )


def _converted(field, value, connection):
    """What the ORM does to a column it maps itself (the raw query maps only the user's): the
    backend's and the field's converters (SQLite returns datetimes as text, booleans as 0/1)."""
    column = field.get_col(field.model._meta.db_table)
    for convert in connection.ops.get_db_converters(column) + column.get_db_converters(connection):
        value = convert(value, column, connection)
    return value
