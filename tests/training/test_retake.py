"""Issue 16 finding 4 (second half): a participant may retake a test when the event allows it;
every attempt is stored with its number and the last one counts (ADR 1606)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from amanat.errors import Conflict, ValidationError
from amanat.privacy.models import AuditEvent
from amanat.training import selectors, services
from amanat.training.models import Item, TestSubmission
from amanat.training.results import compute_test_results
from tests.fixtures import api_client
from tests.training.conftest import make_event


@pytest.fixture
def setup(trainer):
    event = make_event(trainer)
    person = services.participant_add(user=trainer, event_id=event.pk, data={"full_name": "A B"})
    services.event_update(
        user=trainer, event_id=event.pk, changes={"pre_test_open": True, "post_test_open": True}
    )
    return trainer, event, person


def _post(token, phase, answers):
    return Client().post(
        f"/api/training/public/{token}/tests/{phase}",
        json.dumps({"answers": answers}),
        content_type="application/json",
    )


def test_default_one_attempt_refuses_a_second(setup):
    _trainer, _event, person = setup
    assert _post(person.token, "post", {"Q1": "A"}).status_code == 201
    again = _post(person.token, "post", {"Q1": "B"})
    assert again.status_code == 409
    assert again.json()["field"] == "phase"
    assert TestSubmission.objects.filter(participant=person).count() == 1


def test_retake_allowed_then_exhausted(setup):
    trainer, event, person = setup
    services.event_update(user=trainer, event_id=event.pk, changes={"attempts_allowed": 2})
    assert _post(person.token, "post", {"Q1": "A"}).status_code == 201
    assert _post(person.token, "post", {"Q1": "B"}).status_code == 201
    third = _post(person.token, "post", {"Q1": "C"})
    assert third.status_code == 409
    assert third.json()["field"] == "attempts_allowed"
    assert third.json()["detail"] == "You have used all 2 attempts at this test. Thank you!"
    rows = list(
        TestSubmission.objects.filter(participant=person, phase="post").values_list(
            "attempt", flat=True
        )
    )
    assert rows == [1, 2]
    # The pre-test has its own count.
    assert _post(person.token, "pre", {"Q1": "B"}).status_code == 201


def test_last_attempt_counts_in_analysis_and_participant_page(setup):
    trainer, event, person = setup
    services.event_update(user=trainer, event_id=event.pk, changes={"attempts_allowed": 3})
    services.public_test_submit(token=person.token, phase="pre", answers={"Q1": "A"})
    services.public_test_submit(token=person.token, phase="post", answers={"Q1": "A"})  # 0 pts
    services.public_test_submit(
        token=person.token, phase="post", answers={"Q1": "B", "Q2": "нет"}
    )  # 2 pts
    results = compute_test_results(event)
    [row] = results.analysis.participants
    assert (row.status, row.pre_score, row.post_score) == ("paired", 0, 2)
    assert selectors.submission_for(person, "post").attempt == 2
    assert {s.phase: s.attempt for s in selectors.submissions_of(person)} == {"pre": 1, "post": 2}
    assert len(selectors.submissions_of(person)) == 2
    assert selectors.participation(event).took == {"pre": 1, "post": 1}


def test_link_page_offers_retake_only_while_attempts_remain(setup):
    trainer, event, person = setup
    services.public_test_submit(token=person.token, phase="post", answers={"Q1": "A"})
    page = Client().get(f"/training/t/{person.token}/")
    assert page.status_code == 200
    assert 'data-testid="open-post"' not in page.content.decode()
    services.event_update(user=trainer, event_id=event.pk, changes={"attempts_allowed": 2})
    html = Client().get(f"/training/t/{person.token}/").content.decode()
    assert 'data-testid="open-post"' in html
    assert "Take the post-test again" in html
    assert "Take the pre-test again" not in html
    services.public_test_submit(token=person.token, phase="post", answers={"Q1": "B"})
    html = Client().get(f"/training/t/{person.token}/").content.decode()
    assert 'data-testid="open-post"' not in html


@pytest.mark.parametrize("bad", [0, -1, 11, "2", 2.5, True, None])
def test_attempts_allowed_bad_values_refused_naming_the_field(setup, bad):
    trainer, event, _person = setup
    with pytest.raises(ValidationError) as exc:
        services.event_update(user=trainer, event_id=event.pk, changes={"attempts_allowed": bad})
    assert exc.value.field == "attempts_allowed"
    event.refresh_from_db()
    assert event.attempts_allowed == 1


def test_attempts_allowed_via_api(setup):
    trainer, event, _person = setup
    client = api_client(trainer)
    url = f"/api/training/events/{event.pk}"
    bad = client.patch(url, json.dumps({"attempts_allowed": 0}), content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["field"] == "attempts_allowed"
    ok = client.patch(url, json.dumps({"attempts_allowed": 2}), content_type="application/json")
    assert ok.status_code == 200
    assert ok.json()["attempts_allowed"] == 2


def test_trainer_replace_replaces_every_attempt(setup):
    trainer, event, person = setup
    services.event_update(user=trainer, event_id=event.pk, changes={"attempts_allowed": 2})
    services.public_test_submit(token=person.token, phase="post", answers={"Q1": "A"})
    services.public_test_submit(token=person.token, phase="post", answers={"Q1": "C"})
    with pytest.raises(Conflict):
        services.test_submission_record(
            user=trainer,
            event_id=event.pk,
            participant_id=person.pk,
            phase="post",
            answers={"Q1": "B"},
        )
    services.test_submission_record(
        user=trainer,
        event_id=event.pk,
        participant_id=person.pk,
        phase="post",
        answers={"Q1": "B"},
        replace=True,
    )
    [only] = TestSubmission.objects.filter(participant=person, phase="post")
    assert (only.attempt, only.answers["Q1"]) == (1, "B")


def test_web_retake_is_a_new_attempt_and_audited_with_its_number(setup):
    trainer, event, person = setup
    services.event_update(user=trainer, event_id=event.pk, changes={"attempts_allowed": 2})
    q1 = Item.objects.get(owner_organisation_id=trainer.organisation_id, code="Q1")
    url = f"/training/t/{person.token}/test/post/"
    client = Client()
    assert client.post(url, {f"i{q1.pk}": "A"}).status_code == 302
    assert client.post(url, {f"i{q1.pk}": "B"}).status_code == 302
    # Attempts used up: the page sends the participant back home; nothing more is stored.
    assert client.get(url).status_code == 302
    assert client.post(url, {f"i{q1.pk}": "C"}).status_code == 302
    answers = [
        s.answers["Q1"]
        for s in TestSubmission.objects.filter(participant=person).order_by("attempt")
    ]
    assert answers == ["A", "B"]
    extras = [
        e.extra for e in AuditEvent.objects.filter(action="training.test.submit").order_by("pk")
    ]
    assert extras == [
        {"event": event.pk, "phase": "post", "channel": "link"},
        {"event": event.pk, "phase": "post", "channel": "link", "attempt": 2},
    ]


def test_flags_form_sets_attempts_and_refuses_a_bad_value(setup, client):
    trainer, event, _person = setup
    client.force_login(trainer)
    url = f"/training/events/{event.pk}/flags/"
    flags = {"pre_test_open": "on", "post_test_open": "on", "next_tab": "tests"}
    refused = client.post(url, {**flags, "attempts_allowed": "0"}, follow=True)
    assert "Attempts allowed per test on participants&#x27;" in refused.content.decode()
    event.refresh_from_db()
    assert (event.attempts_allowed, event.pre_test_open) == (1, True)
    client.post(url, {**flags, "attempts_allowed": "3"})
    event.refresh_from_db()
    assert event.attempts_allowed == 3
    # A page posting the flags without the setting leaves it as it is.
    client.post(url, flags)
    event.refresh_from_db()
    assert event.attempts_allowed == 3
