"""Keyset pagination with a capped count: a page costs the same at row 25 and at row 2,000,000.

OFFSET paging reads and throws away every row before the page, and the page counter's COUNT(*)
reads the whole list; both grow with the organisation (ADR 0030). Here a page is "the next
`per_page` rows after this key" on an index that matches the order, and the count stops at
COUNT_CAP ("more than 1,000").

The cursor carries the boundary row's order values, the direction, the page number and the
list it belongs to, signed (django.core.signing) so that a changed or foreign cursor is refused
as bad input naming `cursor`. It grants nothing: the caller's queryset is already restricted to
what the user may see, so a cursor only says where to start inside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import EmptyResultSet
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from amanat.errors import ValidationError

COUNT_CAP = 1000
_SALT = "amanat.keyset.v1"


@dataclass
class KeysetPage:
    items: list
    number: int
    count: int  # exact when not `count_capped`, else COUNT_CAP
    count_capped: bool  # more than COUNT_CAP rows: `count` is a lower bound
    has_next: bool
    has_previous: bool
    next_cursor: str | None
    previous_cursor: str | None
    per_page: int

    @property
    def num_pages(self) -> int:
        """Pages known from the (capped) count; at least the page shown."""
        return max(self.number, -(-self.count // self.per_page), 1)


def _bad_cursor() -> ValidationError:
    return ValidationError(_("The cursor is not valid for this list."), field="cursor")


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _decode_key(queryset: QuerySet, fields: list[str], raw: Any) -> list[Any]:
    if not isinstance(raw, list) or len(raw) != len(fields):
        raise _bad_cursor()
    values = []
    for name, value in zip(fields, raw, strict=True):
        field = queryset.model._meta.get_field(name)
        if value is not None and not isinstance(value, str | int):
            raise _bad_cursor()
        try:
            values.append(None if value is None else field.to_python(value))
        except Exception as error:  # a value of the wrong type: bad input, never a 500
            raise _bad_cursor() from error
    return values


def _after(order: list[tuple[str, bool]], key: list[Any], *, nullable: bool) -> Q:
    """Rows strictly after `key` in `order` ((field, descending) pairs; the last one unique).

    Only the first field may be NULL (e.g. a referral revoked before it was sent). A NULL sorts
    as the largest value, PostgreSQL's default (first when descending, last when ascending),
    on SQLite too because the ordering says so explicitly (`_ordering`), so PostgreSQL matches
    it to the plain index.
    """
    (first, first_desc), rest = order[0], order[1:]
    if any(value is None for value in key[1:]) or (key[0] is None and not nullable):
        raise _bad_cursor()
    if key[0] is None:
        after = Q(**{f"{first}__isnull": True}) & _lexicographic(rest, key[1:])
        return after | Q(**{f"{first}__isnull": False}) if first_desc else after
    # The redundant bound on the first column lets the index range-scan from the key.
    bound = Q(**{f"{first}__{'lte' if first_desc else 'gte'}": key[0]})
    after = bound & _lexicographic(order, key)
    return after | Q(**{f"{first}__isnull": True}) if nullable and not first_desc else after


def _lexicographic(order: list[tuple[str, bool]], key: list[Any]) -> Q:
    condition = Q(pk__in=[])
    equal = Q()
    for (name, descending), value in zip(order, key, strict=True):
        condition |= equal & Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
        equal &= Q(**{name: value})
    return condition


def _parse_order(order: tuple[str, ...]) -> list[tuple[str, bool]]:
    return [(name.lstrip("-"), name.startswith("-")) for name in order]


def _ordering(order: list[tuple[str, bool]], reverse: bool, nullable: bool) -> list:
    fields = [(n, d != reverse) for n, d in order]
    if not nullable:  # plain ORDER BY, so PostgreSQL matches it to the plain index
        return [("-" if d else "") + n for n, d in fields]
    (first, first_desc), rest = fields[0], fields[1:]
    head = F(first).desc(nulls_first=True) if first_desc else F(first).asc(nulls_last=True)
    return [head, *(("-" if d else "") + n for n, d in rest)]


def _make(scope: str, order: list[tuple[str, bool]], row, direction: str, number: int) -> str:
    key = [_encode(getattr(row, name)) for name, _desc in order]
    return signing.dumps({"s": scope, "k": key, "d": direction, "n": number}, salt=_SALT)


def capped_count(queryset: QuerySet, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """min(rows, cap) and whether there are more: COUNT over at most cap + 1 rows."""
    n = queryset.order_by()[: cap + 1].count()
    return min(n, cap), n > cap


_COUNTED = "keyset_capped_count"


def _counted(queryset: QuerySet) -> QuerySet:
    """`queryset` with the capped count as a scalar subquery on each row: the page and its
    counter in one round trip instead of two (the database computes an uncorrelated subquery
    once). Only usable when the page has rows; an empty page counts on its own."""
    inner = queryset.order_by()[: COUNT_CAP + 1].values("pk")
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # `.none()`: no row, so `_count_of` counts (without a query)
        return queryset
    counted = RawSQL(f"SELECT COUNT(*) FROM ({sql}) AS keyset_capped", params)  # noqa: S608, S611 - compiled by Django
    return queryset.annotate(**{_COUNTED: counted})


def _count_of(rows: list, queryset: QuerySet) -> tuple[int, bool]:
    if not rows:
        return capped_count(queryset)
    n = getattr(rows[0], _COUNTED)
    return min(n, COUNT_CAP), n > COUNT_CAP


def keyset_page(
    queryset: QuerySet,
    *,
    order: tuple[str, ...],
    scope: str,
    per_page: int,
    cursor: str = "",
    page: int | str = 1,
) -> KeysetPage:
    """One page of `queryset` in `order` (model fields, the last one unique, none NULL).

    With `cursor`, the page after (or before) the row it names; without, page number `page`
    (the old OFFSET paging, kept for existing links and API clients; past the last page, the
    last page). `scope` names the list and its filters: a cursor of another list is refused.
    """
    fields = _parse_order(order)
    nullable = queryset.model._meta.get_field(fields[0][0]).null
    if cursor:
        try:
            data = signing.loads(cursor, salt=_SALT)
        except (signing.BadSignature, ValueError, TypeError) as error:
            raise _bad_cursor() from error
        if (
            not isinstance(data, dict)
            or data.get("s") != scope
            or data.get("d")
            not in (
                "next",
                "prev",
            )
        ):
            raise _bad_cursor()
        number = data.get("n")
        if not isinstance(number, int) or number < 1:
            raise _bad_cursor()
        key = _decode_key(queryset, [name for name, _d in fields], data.get("k"))
        backwards = data["d"] == "prev"
        reversed_order = [(n, d != backwards) for n, d in fields]
        after = _after(reversed_order, key, nullable=nullable)
        rows = list(
            _counted(queryset)
            .filter(after)
            .order_by(*_ordering(fields, backwards, nullable))[: per_page + 1]
        )
        count, capped = _count_of(rows, queryset)
        more = len(rows) > per_page
        rows = rows[:per_page]
        if backwards:
            rows.reverse()
            has_previous, has_next = more and number > 1, True
        else:
            has_previous, has_next = True, more
    else:
        number = _page_number(page)
        if number > 1:  # the count first: a page past the end shows the last page, as before
            count, capped = capped_count(queryset)
            if not capped and count and (number - 1) * per_page >= count:
                number = (count - 1) // per_page + 1
        start = (number - 1) * per_page
        ordered = (queryset if number > 1 else _counted(queryset)).order_by(
            *_ordering(fields, False, nullable)
        )
        rows = list(ordered[start : start + per_page + 1])
        if number == 1:
            count, capped = _count_of(rows, queryset)
        has_next = len(rows) > per_page
        rows = rows[:per_page]
        has_previous = number > 1
    next_cursor = _make(scope, fields, rows[-1], "next", number + 1) if rows and has_next else None
    previous_cursor = (
        _make(scope, fields, rows[0], "prev", number - 1) if rows and has_previous else None
    )
    return KeysetPage(
        rows, number, count, capped, has_next, has_previous, next_cursor, previous_cursor, per_page
    )


def _page_number(page: int | str) -> int:
    # As Paginator.get_page: a page that is not a number is the first page.
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def check_page_limit(limit: int, maximum: int = 1000) -> None:
    """`limit=0` means "the whole list, as before"; otherwise 1..maximum rows per page."""
    if limit < 0 or limit > maximum:
        raise ValidationError(
            _("limit must be between 1 and %(maximum)d.") % {"maximum": maximum}, field="limit"
        )
