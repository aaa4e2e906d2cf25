"""Issue 16 finding 4: a blank test is refused until confirmed, on the API as on the page."""

from __future__ import annotations

import json

from django.test import Client

from amanat.training import services
from amanat.training.models import TestSubmission
from tests.fixtures import make_org, make_user
from tests.training.conftest import make_event


def test_blank_test_needs_confirmation_and_is_not_stored_before(db):
    org = make_org(name="Office", country="KZ", org_type="InternationalOrganisation")
    trainer = make_user(org=org, roles=["trainer"])
    event = make_event(trainer)
    person = services.participant_add(user=trainer, event_id=event.pk, data={"full_name": "A B"})
    services.event_update(user=trainer, event_id=event.pk, changes={"post_test_open": True})
    url = f"/api/training/public/{person.token}/tests/post"
    blank = {"answers": {"Q1": "", "Q3": []}}
    refused = Client().post(url, json.dumps(blank), content_type="application/json")
    assert refused.status_code == 422
    assert (refused.json()["code"], refused.json()["field"]) == ("blank_test", "answers")
    assert not TestSubmission.objects.exists()
    confirmed = Client().post(
        url, json.dumps({**blank, "confirm_blank": True}), content_type="application/json"
    )
    assert confirmed.status_code == 201
    assert TestSubmission.objects.get(participant=person).phase == "post"


def test_one_answer_is_not_blank(db):
    org = make_org(name="Office", country="KZ", org_type="InternationalOrganisation")
    trainer = make_user(org=org, roles=["trainer"])
    event = make_event(trainer)
    person = services.participant_add(user=trainer, event_id=event.pk, data={"full_name": "A B"})
    services.event_update(user=trainer, event_id=event.pk, changes={"post_test_open": True})
    services.public_test_submit(token=person.token, phase="post", answers={"Q1": "B"})
    assert TestSubmission.objects.filter(participant=person).count() == 1
