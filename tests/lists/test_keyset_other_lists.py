"""Keyset paging of the referral boxes, the follow-up reminders and training participants
(ADR 0030): order with ties, other organisations, bad cursors and limits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from amanat.assistance import services as assistance_services
from amanat.assistance.selectors import followup_reminders_for_user, followup_reminders_page
from amanat.errors import NotFound, ValidationError
from amanat.referrals.models import Referral
from amanat.referrals.selectors import referral_inbox
from tests.assistance.helpers import consented_case
from tests.fixtures import api_client
from tests.referrals.helpers import build_world, clients, give_consent, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    w["clients"] = clients(w)
    return w


def _referral(world, send=True) -> int:
    body = {
        "to_organisation": world["provider"].pk,
        "services": ["shelter"],
        "urgency": "high",
        "reason": "Нужен приют",
    }
    response = post(world["clients"]["sender"], f"/api/cases/{world['case'].pk}/referrals", body)
    assert response.status_code == 201, response.content
    referral_id = response.json()["id"]
    if send:
        assert (
            post(world["clients"]["sender"], f"/api/referrals/{referral_id}/send").status_code
            == 200
        )
    return referral_id


def _walk(user, box, per_page=2):
    seen, cursor = [], ""
    while True:
        page = referral_inbox(user, box=box, per_page=per_page, cursor=cursor)
        seen.append([r.pk for r in page.items])
        if not page.next_cursor:
            return seen
        cursor = page.next_cursor


def test_referral_boxes_page_over_ties_and_a_never_sent_referral(world):
    give_consent(world)
    ids = [_referral(world) for _ in range(4)]
    moment = timezone.now() - dt.timedelta(hours=1)
    Referral.objects.filter(pk__in=ids).update(sent_at=moment, created_at=moment)
    draft = _referral(world, send=False)
    revoked = post(world["clients"]["sender"], f"/api/referrals/{draft}/revoke", {"reason": "x"})
    assert revoked.status_code == 200, revoked.content
    assert Referral.objects.get(pk=draft).sent_at is None
    before = referral_inbox(world["receiver"], box="incoming", per_page=50)
    incoming = _walk(world["receiver"], "incoming")
    # The revoked draft (no sent_at) first, as PostgreSQL sorts NULL in a descending order.
    assert [i for page in incoming for i in page] == [r.pk for r in before.items]
    assert [i for page in incoming for i in page] == [draft, *sorted(ids, reverse=True)]
    assert [len(p) for p in incoming] == [2, 2, 1]
    outgoing = _walk(world["sender"], "outgoing")
    assert [i for page in outgoing for i in page][1:] == sorted(ids, reverse=True)
    # Another organisation: nothing, with or without the receiver's cursor.
    cursor = referral_inbox(world["receiver"], box="incoming", per_page=2).next_cursor
    assert referral_inbox(world["stranger"], box="incoming", per_page=2, cursor=cursor).items == []
    assert _walk(world["stranger"], "incoming") == [[]]
    with pytest.raises(ValidationError) as error:
        referral_inbox(world["receiver"], box="outgoing", per_page=2, cursor=cursor)
    assert error.value.field == "cursor"


def test_referral_api_keeps_page_adds_next_and_refuses_a_bad_cursor(world):
    give_consent(world)
    ids = [_referral(world) for _ in range(3)]
    receiver = world["clients"]["receiver"]
    answer = receiver.get("/api/referrals?box=incoming&page=1").json()
    assert [i["id"] for i in answer["items"]] == sorted(ids, reverse=True)
    assert (answer["count"], answer["pages"], answer["next"], answer["count_capped"]) == (
        3,
        1,
        None,
        False,
    )
    bad = receiver.get("/api/referrals?box=incoming&cursor=zzz")
    assert bad.status_code == 422 and "cursor" in bad.content.decode()
    web = api_client(world["receiver"])  # token client on a web page: not logged in, no 500
    assert web.get("/referrals/?cursor=zzz").status_code in (302, 400, 404)


def _schedule(user, case, anchor):
    return assistance_services.followup_schedule_set(
        user=user, case_id=case.pk, anchor_kind="return", anchor_date=anchor
    )


def test_reminders_pages_keep_overdue_first(case_manager, other_case_manager):
    cases = []
    for anchor in ("2024-10-01", "2024-10-01", "2024-12-05", "2024-12-05", "2024-12-06"):
        case = consented_case(case_manager)
        _schedule(case_manager, case, anchor)
        cases.append(case)
    theirs = consented_case(other_case_manager)
    _schedule(other_case_manager, theirs, "2024-10-01")
    today = dt.date(2025, 3, 1)
    whole = followup_reminders_for_user(case_manager, today=today)
    seen, cursor, pages = [], "", 0
    while True:
        page = followup_reminders_page(case_manager, today=today, per_page=2, cursor=cursor)
        seen += [(r.case_code, r.number, r.status) for r in page.items]
        pages += 1
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert pages == 3
    assert [s for _c, _n, s in seen] == ["overdue", "overdue", "due", "due", "due"]
    assert sorted(seen) == sorted((r.case_code, r.number, r.status) for r in whole)
    assert theirs.code not in {c for c, _n, _s in seen}
    with pytest.raises(ValidationError) as error:  # a cursor of another day is refused
        followup_reminders_page(case_manager, today=dt.date(2025, 3, 2), cursor=cursor or "x")
    assert error.value.field == "cursor"
    client = api_client(case_manager)
    first = client.get("/api/assistance/reminders", {"today": "2025-03-01", "limit": 2})
    assert first.status_code == 200 and len(first.json()) == 2
    second = client.get(
        "/api/assistance/reminders",
        {"today": "2025-03-01", "limit": 2, "cursor": first["X-Next-Cursor"]},
    )
    assert [r["case_code"] for r in second.json()] == [c for c, _n, _s in seen[2:4]]
    assert client.get("/api/assistance/reminders", {"limit": -1}).status_code == 422
    assert client.get("/api/assistance/reminders", {"cursor": "forged"}).status_code == 422


def test_reminders_page_refuses_who_may_not_see_cases(org):
    from tests.fixtures import make_user

    with pytest.raises(NotFound):
        followup_reminders_page(make_user(org=org, roles=["researcher"]))
