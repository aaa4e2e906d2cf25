"""Refused look-ups are audited (issue 10, finding 10): a probe of another organisation's case,
referral, need, plan or participant writes a flagged `access.denied` entry and still gets the
404 a missing object gets, byte for byte; a missing id is recorded with the same shape; the
entry survives the rollback of the transaction the refusal aborted; a spike raises one alert."""

from __future__ import annotations

import pyotp
import pytest
from django.core import mail
from django.db import transaction
from django.test import Client

from amanat.accounts.denials import ALERT, DENIED, flush_denials
from amanat.cases.access import case_get_for_user
from amanat.cases.selectors import case_list_for_user, case_search
from amanat.errors import NotFound
from amanat.privacy.models import AuditEvent
from amanat.referrals.services import need_record
from amanat.training import services as training
from tests.assistance.helpers import accepted_referral, consented_case, plan_with_action
from tests.fixtures import PASSWORD, api_client, make_case, make_org, make_user
from tests.training.conftest import make_event

MISSING = 987654321


def denials(user) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=DENIED, actor_id=user.pk).order_by("seq"))


@pytest.fixture
def world(db):
    home = make_org(name="Home NGO", country="KZ")
    provider = make_org(name="Provider", country="KZ")
    away = make_org(name="Away NGO", country="KZ")
    owner = make_user(org=home, roles=["case_manager"])
    receiver = make_user(org=provider, roles=["service_provider"])
    prober = make_user(org=away, roles=["case_manager"])
    case = consented_case(owner)
    plan, _action = plan_with_action(owner, case)
    referral = accepted_referral(owner, case, provider, receiver)
    need = need_record(user=owner, case_id=case.pk, service_type="legal_aid")
    return {
        "owner": owner,
        "prober": prober,
        "case": case,
        "own_case": make_case(user=prober),
        "plan": plan,
        "referral": referral,
        "need": need,
    }


def _probes(w):
    """(object type recorded, method, path of the other organisation's object, path of a
    missing one, body)."""
    own = w["own_case"].pk
    return [
        ("case", "get", f"/api/cases/{w['case'].pk}", f"/api/cases/{MISSING}", None),
        (
            "referral",
            "get",
            f"/api/referrals/{w['referral'].pk}",
            f"/api/referrals/{MISSING}",
            None,
        ),
        (
            "referral",
            "post",
            f"/api/referrals/{w['referral'].pk}/decline",
            f"/api/referrals/{MISSING}/decline",
            {"reason": "probe"},
        ),
        (
            "case",  # a need is reached through its case
            "patch",
            f"/api/needs/{w['need'].pk}",
            None,
            {"urgency": "high"},
        ),
        (
            "support_plan",
            "get",
            f"/api/cases/{own}/plans/{w['plan'].pk}",
            f"/api/cases/{own}/plans/{MISSING}",
            None,
        ),
        (
            "case",
            "get",
            f"/api/cases/{w['case'].pk}/plans/{w['plan'].pk}",
            f"/api/cases/{MISSING}/plans/{w['plan'].pk}",
            None,
        ),
    ]


def _call(client, method, path, body):
    if body is None:
        return getattr(client, method)(path)
    return getattr(client, method)(path, data=body, content_type="application/json")


@pytest.mark.parametrize("index", range(6))
def test_a_probe_is_recorded_and_answers_exactly_like_a_missing_object(world, index):
    object_type, method, path, missing_path, body = _probes(world)[index]
    client = api_client(world["prober"])
    assert denials(world["prober"]) == []

    probed = _call(client, method, path, body)

    assert probed.status_code == 404
    assert probed.json() == {"detail": "Not found.", "code": "not_found"}
    [entry] = denials(world["prober"])
    assert entry.object_type == object_type
    assert entry.flagged is True
    assert entry.extra == {"exists": True}
    assert entry.organisation_id == world["prober"].organisation_id
    assert entry.fields == []  # ids only: nothing of the object is recorded
    if missing_path is None:
        return
    missing = _call(client, method, missing_path, body)
    assert missing.status_code == 404
    assert missing.content == probed.content
    assert dict(missing.headers) == dict(probed.headers)
    first, second = denials(world["prober"])
    assert first == entry
    # Same shape for the missing id: only the administrator's `exists` tells them apart.
    assert (second.action, second.object_type, second.flagged) == (DENIED, object_type, True)
    assert second.extra == {"exists": False}


def test_the_owner_reading_its_own_objects_records_no_denial(world):
    client = api_client(world["owner"])
    assert client.get(f"/api/cases/{world['case'].pk}").status_code == 200
    assert client.get(f"/api/cases/{world['case'].pk}/plans/{world['plan'].pk}").status_code == 200
    assert client.get(f"/api/referrals/{world['referral'].pk}").status_code == 200
    assert AuditEvent.objects.filter(action=DENIED).count() == 0


def test_a_recipient_recording_a_service_under_its_referral_records_no_denial(world):
    # service_case tries the owner route first; its failure is not a refusal.
    from amanat.assistance.access import service_case

    receiver = world["referral"].to_organisation.users.get()
    case, owned, referral = service_case(
        receiver, world["case"].pk, referral_id=world["referral"].pk
    )
    assert (case.pk, owned, referral.pk) == (world["case"].pk, False, world["referral"].pk)
    assert AuditEvent.objects.filter(action=DENIED).count() == 0


def test_probing_another_trainers_event_and_participant_is_recorded(db):
    trainer = make_user(org=make_org(name="Academy"), roles=["trainer"])
    other = make_user(org=make_org(name="Other academy"), roles=["trainer"])
    event = make_event(trainer)
    participant = training.participant_add(user=trainer, event_id=event.pk, data={"full_name": "A"})
    own_event = make_event(other, title="Own")
    client = api_client(other)

    on_event = client.get(f"/api/training/events/{event.pk}/participants/{participant.pk}")
    in_own = client.get(f"/api/training/events/{own_event.pk}/participants/{participant.pk}")
    missing = client.get(f"/api/training/events/{own_event.pk}/participants/{MISSING}")

    assert on_event.status_code == in_own.status_code == missing.status_code == 404
    assert on_event.content == in_own.content == missing.content
    recorded = [(e.object_type, e.object_id, e.extra["exists"]) for e in denials(other)]
    assert recorded == [
        ("training_event", str(event.pk), True),
        ("participant", str(participant.pk), True),
        ("participant", str(MISSING), False),
    ]


def test_a_malformed_id_is_refused_without_an_entry(world):
    client = api_client(world["prober"])
    assert client.get("/api/cases/%D9%A3").status_code == 404
    assert client.get("/api/referrals/%C2%B9").status_code == 404
    assert denials(world["prober"]) == []


def test_a_denial_inside_a_transaction_is_written_after_it_rolls_back(world):
    prober = world["prober"]
    with pytest.raises(NotFound), transaction.atomic():
        case_get_for_user(prober, world["case"].pk)
    # Queued, not written inside the transaction that the NotFound rolled back ...
    assert denials(prober) == []
    flush_denials()  # ... and written when the request (middleware) or command (CLI) ends.
    [entry] = denials(prober)
    assert (entry.object_type, entry.object_id) == ("case", str(world["case"].pk))


@pytest.mark.django_db(transaction=True)
def test_a_denial_survives_the_rollback_of_a_real_request_transaction():
    # No test-wide transaction here: referral_decline's own atomic block really rolls back.
    home = make_org(name="Home", country="KZ")
    provider = make_org(name="Provider", country="KZ")
    owner = make_user(org=home, roles=["case_manager"])
    receiver = make_user(org=provider, roles=["service_provider"])
    prober = make_user(org=make_org(name="Away", country="KZ"), roles=["service_provider"])
    referral = accepted_referral(owner, consented_case(owner), provider, receiver)
    before = AuditEvent.objects.count()

    response = api_client(prober).post(
        f"/api/referrals/{referral.pk}/decline",
        data={"reason": "probe"},
        content_type="application/json",
    )

    assert response.status_code == 404
    [entry] = denials(prober)
    assert (entry.object_type, entry.object_id, entry.extra) == (
        "referral",
        str(referral.pk),
        {"exists": True},
    )
    # Nothing else was written: the refused action changed nothing.
    assert AuditEvent.objects.count() == before + 2  # the token issue and the denial
    referral.refresh_from_db()
    assert referral.state == "accepted"


def test_case_list_and_search_entries_name_the_cases_returned(world):
    owner = world["owner"]
    second = make_case(user=owner, person={"first_name": "Айгерим", "last_name": "Сапарова"})
    page = case_list_for_user(owner)
    listed = AuditEvent.objects.filter(action="case.list").latest("seq")
    assert listed.extra["case_ids"] == [c.pk for c in page.cases]
    assert sorted(listed.extra["case_ids"]) == sorted([world["case"].pk, second.pk])

    found = case_search(owner, second.code)
    searched = AuditEvent.objects.filter(action="case.search").latest("seq")
    assert [c.pk for c in found] == [second.pk]
    assert searched.extra == {"results": 1, "case_ids": [second.pk]}

    case_search(owner, "ZZZZ-ZZZZ")
    assert AuditEvent.objects.filter(action="case.search").latest("seq").extra == {
        "results": 0,
        "case_ids": [],
    }


def test_a_spike_of_denials_raises_one_alert_and_mails_the_administrators(world, settings):
    settings.AMANAT_DENIAL_ALERT_THRESHOLD = 3
    settings.AMANAT_DENIAL_ALERT_MINUTES = 10
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    admin = make_user(org=make_org(name="Ministry"), roles=["administrator"])
    admin.email = "admin@example.org"
    admin.save(update_fields=["email"])
    prober = world["prober"]
    client = api_client(prober)

    for offset in range(3):
        assert client.get(f"/api/cases/{MISSING + offset}").status_code == 404
    assert AuditEvent.objects.filter(action=ALERT).count() == 0  # 3 is not more than 3
    assert mail.outbox == []
    for offset in range(3, 10):
        assert client.get(f"/api/cases/{MISSING + offset}").status_code == 404

    [alert] = AuditEvent.objects.filter(action=ALERT)
    assert alert.flagged is True
    assert (alert.object_type, alert.object_id, alert.actor_id) == (
        "user",
        str(prober.pk),
        prober.pk,
    )
    assert alert.extra == {"denials": 4, "minutes": 10, "threshold": 3}
    assert len(denials(prober)) == 10
    [message] = mail.outbox
    assert message.to == ["admin@example.org"]
    assert prober.username in message.body
    assert "4" in message.body

    # The administrators' audit page shows it.
    web = Client()
    web.post("/accounts/login/", {"username": admin.username, "password": PASSWORD})
    web.get("/accounts/login/otp/setup/")
    admin.refresh_from_db()
    web.post("/accounts/login/otp/setup/", {"code": pyotp.TOTP(admin.totp_secret).now()})
    page = web.get("/accounts/admin/audit/")
    assert page.status_code == 200
    assert 'data-testid="security-alerts"' in page.content.decode()
    assert f"{prober.username} was refused 4 objects within 10 minutes" in page.content.decode()
