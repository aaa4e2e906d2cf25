"""Marking notifications read needs an explicit choice: a list of ids or `all: true`. A bare
number, an empty object or both at once is 422 and marks nothing."""

from __future__ import annotations

import pytest

from amanat.referrals.models import Notification
from tests.referrals.helpers import build_world, clients, give_consent, post

pytestmark = pytest.mark.django_db

URL = "/api/referrals/notifications/read"


@pytest.fixture
def world():
    w = build_world()
    w["clients"] = clients(w)
    give_consent(w)
    for reason in ("Первое", "Второе"):
        body = {
            "to_organisation": w["provider"].pk,
            "services": ["shelter"],
            "urgency": "high",
            "reason": reason,
        }
        created = post(w["clients"]["sender"], f"/api/cases/{w['case'].pk}/referrals", body)
        assert created.status_code == 201, created.content
        sent = post(w["clients"]["sender"], f"/api/referrals/{created.json()['id']}/send")
        assert sent.status_code == 200, sent.content
    return w


def _unread(world) -> int:
    return Notification.objects.filter(user=world["receiver"], read_at__isnull=True).count()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("5", "body"),
        ('"all"', "body"),
        ("[1, 2]", "body"),
        ("{}", "ids"),
        ('{"ids": null}', "ids"),
        ('{"all": false}', "ids"),
        ('{"all": true, "ids": [1]}', "ids"),
    ],
)
def test_anything_but_an_explicit_choice_is_422_and_marks_nothing(world, body, field):
    assert _unread(world) == 2
    response = world["clients"]["receiver"].post(URL, data=body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert _unread(world) == 2


def test_ids_mark_only_those_and_all_marks_the_rest(world):
    first, second = Notification.objects.filter(user=world["receiver"]).order_by("pk")
    client = world["clients"]["receiver"]
    response = client.post(URL, data={"ids": [first.pk]}, content_type="application/json")
    assert response.json() == {"marked": 1}
    assert list(Notification.objects.filter(user=world["receiver"], read_at__isnull=True)) == [
        second
    ]
    response = client.post(URL, data={"all": True}, content_type="application/json")
    assert response.json() == {"marked": 1}
    assert _unread(world) == 0


def test_another_users_ids_are_not_marked(world):
    theirs = Notification.objects.filter(user=world["receiver"]).values_list("pk", flat=True)
    response = world["clients"]["sender"].post(
        URL, data={"ids": list(theirs)}, content_type="application/json"
    )
    assert response.json() == {"marked": 0}
    assert _unread(world) == 2
