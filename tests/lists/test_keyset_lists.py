"""Keyset pagination with a capped count (amanat.core.keyset, ADR 0030): case list, web and API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from amanat.cases import selectors
from amanat.cases.models import Case
from amanat.core import keyset
from amanat.core.keyset import keyset_page
from amanat.errors import ValidationError
from amanat.privacy.models import AuditEvent
from tests.fixtures import PASSWORD, api_client, make_case

SAME_MOMENT = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def tied_cases(case_manager):
    """Seven cases created at the very same moment: only the id breaks the tie."""
    ids = [make_case(user=case_manager).pk for _ in range(7)]
    Case.objects.filter(pk__in=ids).update(created_at=SAME_MOMENT)
    return sorted(ids, reverse=True)


def _walk(user, per_page=3, **kwargs):
    pages, cursor = [], ""
    while True:
        page = selectors.case_list_for_user(user, per_page=per_page, cursor=cursor, **kwargs)
        pages.append(page)
        if not page.next_cursor:
            return pages
        cursor = page.next_cursor


def test_walking_forward_over_ties_sees_every_case_once_in_order(case_manager, tied_cases):
    pages = _walk(case_manager)
    assert [[c.pk for c in p.cases] for p in pages] == [
        tied_cases[0:3],
        tied_cases[3:6],
        tied_cases[6:7],
    ]
    assert [p.number for p in pages] == [1, 2, 3]
    assert [p.has_next for p in pages] == [True, True, False]
    assert [p.has_previous for p in pages] == [False, True, True]
    assert pages[0].total == 7 and pages[0].total_capped is False


def test_walking_back_gives_the_same_pages(case_manager, tied_cases):
    last = _walk(case_manager)[-1]
    back = selectors.case_list_for_user(case_manager, per_page=3, cursor=last.previous_cursor)
    assert [c.pk for c in back.cases] == tied_cases[3:6]
    assert back.number == 2 and back.has_previous is True and back.has_next is True
    first = selectors.case_list_for_user(case_manager, per_page=3, cursor=back.previous_cursor)
    assert [c.pk for c in first.cases] == tied_cases[0:3]
    assert first.number == 1 and first.has_previous is False and first.previous_cursor is None


def test_a_case_added_while_paging_neither_repeats_nor_skips_a_row(case_manager, tied_cases):
    first = selectors.case_list_for_user(case_manager, per_page=3)
    make_case(user=case_manager)  # newer than all: lands before the cursor
    second = selectors.case_list_for_user(case_manager, per_page=3, cursor=first.next_cursor)
    assert [c.pk for c in second.cases] == tied_cases[3:6]


def test_the_old_page_numbers_still_work(case_manager, tied_cases):
    page = selectors.case_list_for_user(case_manager, per_page=3, page=2)
    assert [c.pk for c in page.cases] == tied_cases[3:6]
    beyond = selectors.case_list_for_user(case_manager, per_page=3, page=99)
    assert beyond.number == 3 and [c.pk for c in beyond.cases] == tied_cases[6:7]
    assert selectors.case_list_for_user(case_manager, per_page=3, page="x").number == 1


def test_each_page_is_audited_with_exactly_its_cases(case_manager, tied_cases):
    before = AuditEvent.objects.filter(action="case.list").count()
    pages = _walk(case_manager)
    events = list(AuditEvent.objects.filter(action="case.list").order_by("id"))[before:]
    assert [e.extra["case_ids"] for e in events] == [[c.pk for c in p.cases] for p in pages]
    assert all(e.fields == ["first_name", "last_name"] for e in events)


def test_another_organisations_cases_never_appear_even_with_its_cursor(
    case_manager, other_case_manager, tied_cases
):
    theirs = [make_case(user=other_case_manager).pk for _ in range(4)]
    Case.objects.filter(pk__in=theirs).update(created_at=SAME_MOMENT)
    mine = [c.pk for p in _walk(case_manager) for c in p.cases]
    assert mine == tied_cases and not set(mine) & set(theirs)
    their_cursor = selectors.case_list_for_user(other_case_manager, per_page=2).next_cursor
    # A cursor only says where to start: it is applied inside the reader's own cases.
    page = selectors.case_list_for_user(case_manager, per_page=10, cursor=their_cursor)
    assert set(c.pk for c in page.cases) <= set(tied_cases)
    assert not set(c.pk for c in page.cases) & set(theirs)


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "x" * 500,
        signing.dumps({"s": "cases:", "k": ["2026-05-01T09:00:00+00:00", 5], "d": "next", "n": 2}),
        signing.dumps(
            {"s": "cases:", "k": ["not a date", 5], "d": "next", "n": 2}, salt="amanat.keyset.v1"
        ),
        signing.dumps(
            {"s": "cases:", "k": [None, 5], "d": "next", "n": 2}, salt="amanat.keyset.v1"
        ),
        signing.dumps(
            {"s": "cases:", "k": ["2026-05-01"], "d": "next", "n": 2}, salt="amanat.keyset.v1"
        ),
        signing.dumps({"s": "cases:", "k": [[1], 5], "d": "next", "n": 2}, salt="amanat.keyset.v1"),
        signing.dumps(
            {"s": "cases:", "k": ["2026-05-01", 5], "d": "up", "n": 2}, salt="amanat.keyset.v1"
        ),
        signing.dumps(
            {"s": "cases:", "k": ["2026-05-01", 5], "d": "next", "n": 0}, salt="amanat.keyset.v1"
        ),
        signing.dumps(
            {"s": "referrals:incoming:", "k": ["2026-05-01", 5], "d": "next", "n": 2},
            salt="amanat.keyset.v1",
        ),
        signing.dumps([1, 2], salt="amanat.keyset.v1"),
    ],
)
def test_a_bad_or_foreign_cursor_is_refused_naming_cursor(case_manager, tied_cases, cursor):
    with pytest.raises(ValidationError) as caught:
        selectors.case_list_for_user(case_manager, per_page=3, cursor=cursor)
    assert caught.value.field == "cursor"


def test_a_tampered_cursor_is_refused(case_manager, tied_cases):
    cursor = selectors.case_list_for_user(case_manager, per_page=3).next_cursor
    payload, _, signature = cursor.rpartition(":")
    forged = signing.dumps(
        {"s": "cases:", "k": ["2030-01-01T00:00:00+00:00", 10**9], "d": "next", "n": 2},
        salt="amanat.keyset.v1",
    ).rpartition(":")[0]
    for bad in (
        forged + ":" + signature,
        payload[:-1] + ("A" if payload[-1] != "A" else "B") + ":" + signature,
    ):
        with pytest.raises(ValidationError) as caught:
            selectors.case_list_for_user(case_manager, per_page=3, cursor=bad)
        assert caught.value.field == "cursor"


def test_a_cursor_of_another_status_filter_is_refused(case_manager, tied_cases):
    cursor = selectors.case_list_for_user(case_manager, per_page=3).next_cursor
    with pytest.raises(ValidationError):
        selectors.case_list_for_user(case_manager, per_page=3, cursor=cursor, status="open")


def test_the_count_stops_at_the_cap(case_manager, tied_cases, monkeypatch):
    monkeypatch.setattr(keyset, "COUNT_CAP", 5)
    monkeypatch.setattr(keyset.capped_count, "__defaults__", (5,))
    page = selectors.case_list_for_user(case_manager, per_page=3)
    assert (page.total, page.total_capped, page.num_pages) == (5, True, 2)
    exact = selectors.case_list_for_user(case_manager, per_page=3, status="nonexistent")
    assert (exact.total, exact.total_capped, exact.cases) == (0, False, [])


@pytest.mark.parametrize("descending", [True, False])
def test_a_nullable_first_field_pages_through_nulls(case_manager, tied_cases, descending):
    """NULL sorts as the largest value (PostgreSQL's default) on every database, forwards and
    backwards (the incoming referral box: a referral revoked before it was sent has no sent_at)."""
    ages = [None, 30, None, 30, 25, None, 41]
    for pk, age in zip(tied_cases, ages, strict=True):
        Case.objects.filter(pk=pk).update(age_when_trafficked=age)
    big = 10**6
    expected = sorted(
        tied_cases,
        key=lambda pk: (ages[tied_cases.index(pk)] or big, pk),
        reverse=descending,
    )
    order = ("-age_when_trafficked", "-id") if descending else ("age_when_trafficked", "id")
    queryset = Case.objects.filter(pk__in=tied_cases)
    seen, cursor, pages = [], "", []
    while True:
        page = keyset_page(queryset, order=order, scope="t", per_page=2, cursor=cursor)
        pages.append(page)
        seen += [c.pk for c in page.items]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == expected
    back = pages[-1]
    walked_back = []
    while back.previous_cursor:
        back = keyset_page(
            queryset, order=order, scope="t", per_page=2, cursor=back.previous_cursor
        )
        walked_back = [c.pk for c in back.items] + walked_back
    assert walked_back == expected[: len(expected) - len(pages[-1].items)]


def test_api_list_keeps_page_and_adds_cursor(case_manager, tied_cases):
    client = api_client(case_manager)
    old = client.get("/api/cases?page=1").json()
    assert [i["id"] for i in old["items"]] == tied_cases
    assert (old["count"], old["page"], old["pages"], old["count_capped"], old["next"]) == (
        7,
        1,
        1,
        False,
        None,
    )
    bad = client.get("/api/cases?cursor=abc")
    assert bad.status_code in (400, 422)
    assert "cursor" in bad.content.decode()


def test_api_cursor_walk(case_manager):
    ids = sorted((make_case(user=case_manager).pk for _ in range(27)), reverse=True)
    client = api_client(case_manager)
    first = client.get("/api/cases").json()
    assert [i["id"] for i in first["items"]] == ids[:25] and first["next"]
    second = client.get("/api/cases", {"cursor": first["next"]}).json()
    assert [i["id"] for i in second["items"]] == ids[25:]
    assert (second["page"], second["next"], second["previous"] is not None) == (2, None, True)


def test_web_pager_uses_the_cursor_and_refuses_a_bad_one(case_manager, monkeypatch):
    monkeypatch.setattr(keyset, "COUNT_CAP", 5)
    monkeypatch.setattr(keyset.capped_count, "__defaults__", (5,))
    for _ in range(26):
        make_case(user=case_manager)
    client = Client()
    client.login(username=case_manager.username, password=PASSWORD)
    page = client.get(reverse("cases:dashboard"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "cursor=" in html and "Page 1 of more than 5 entries" in html
    cursor = html.split("cursor=")[1].split('"')[0].replace("&amp;", "&")
    second = client.get(reverse("cases:dashboard") + "?cursor=" + cursor)
    assert second.status_code == 200 and "Page 2 of more than 5 entries" in second.content.decode()
    bad = client.get(reverse("cases:dashboard") + "?cursor=forged")
    assert bad.status_code == 400 and bad.content.decode().startswith("cursor:")
