"""A page and its capped counter come in one query (issue 13: per-request costs, ADR 0042)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from amanat.cases.models import Case
from amanat.core import keyset
from amanat.core.keyset import keyset_page
from tests.fixtures import make_case

ORDER = ("-created_at", "-id")


@pytest.fixture
def cases(case_manager):
    return sorted((make_case(user=case_manager).pk for _ in range(7)), reverse=True)


def _page(queryset, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        found = keyset_page(queryset, order=ORDER, scope="t", per_page=3, **kwargs)
    return found, len(queries.captured_queries)


def test_page_one_and_its_count_are_one_query(cases):
    found, queries = _page(Case.objects.only("id", "created_at"))
    assert queries == 1
    assert [c.pk for c in found.items] == cases[:3]
    assert (found.count, found.count_capped, found.num_pages, found.has_next) == (7, False, 3, True)


def test_a_page_by_cursor_and_its_count_are_one_query(cases):
    first, _ = _page(Case.objects.only("id", "created_at"))
    found, queries = _page(Case.objects.only("id", "created_at"), cursor=first.next_cursor)
    assert queries == 1
    assert [c.pk for c in found.items] == cases[3:6]
    assert (found.number, found.count, found.count_capped) == (2, 7, False)


def test_the_merged_count_stops_at_the_cap(cases, monkeypatch):
    monkeypatch.setattr(keyset, "COUNT_CAP", 5)
    found, queries = _page(Case.objects.only("id", "created_at"))
    assert queries == 1 and (found.count, found.count_capped) == (5, True)


def test_an_empty_page_still_counts_the_list(cases):
    """No row to carry the count: the list is counted on its own (here: 7 rows before the
    cursor, none after the last one)."""
    pages, cursor = [], ""
    for _ in range(3):
        found, _ = _page(Case.objects.only("id", "created_at"), cursor=cursor)
        pages.append(found)
        cursor = found.next_cursor or ""
    assert [len(p.items) for p in pages] == [3, 3, 1] and pages[-1].next_cursor is None
    empty, queries = _page(Case.objects.none())
    assert (empty.items, empty.count, empty.count_capped) == ([], 0, False)
    nothing, queries = _page(Case.objects.filter(status="no-such-status"))
    assert queries == 2 and (nothing.items, nothing.count) == ([], 0)


def test_a_numbered_page_past_the_end_is_the_last_page(cases):
    found, queries = _page(Case.objects.only("id", "created_at"), page=9)
    assert queries == 2  # the count first, to find the last page
    assert (found.number, [c.pk for c in found.items], found.count) == (3, cases[6:], 7)
