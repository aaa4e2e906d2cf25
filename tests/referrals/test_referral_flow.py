"""The referral life cycle through the API: every move, illegal moves, expiry, revocation,
snapshots, timeline, audit, notifications and e-mail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from amanat.cases.models import CaseEvent
from amanat.cli import main as amanat
from amanat.privacy.models import AuditEvent
from amanat.referrals.models import Notification, Referral, ReferralTransition
from amanat.referrals.services import referrals_expire_due
from tests.referrals.helpers import build_world, clients, give_consent, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    w["clients"] = clients(w)
    return w


def create(world, **overrides) -> dict:
    body = {
        "to_organisation": world["provider"].pk,
        "services": ["shelter"],
        "urgency": "high",
        "reason": "Нужен приют сегодня",
        **overrides,
    }
    response = post(world["clients"]["sender"], f"/api/cases/{world['case'].pk}/referrals", body)
    assert response.status_code == 201, response.content
    return response.json()


def sent(world, **overrides) -> int:
    give_consent(world)
    referral_id = create(world, **overrides)["id"]
    response = post(world["clients"]["sender"], f"/api/referrals/{referral_id}/send")
    assert response.status_code == 200, response.content
    return referral_id


def act(world, who, referral_id, action, body=None):
    return post(world["clients"][who], f"/api/referrals/{referral_id}/{action}", body)


def test_full_cycle_records_every_move_with_snapshots(world):
    referral_id = sent(world)
    assert act(world, "receiver", referral_id, "accept").json()["state"] == "accepted"
    assert act(world, "receiver", referral_id, "start").json()["state"] == "in_progress"
    done = act(world, "receiver", referral_id, "complete", {"outcome_note": "Размещена"})
    assert done.status_code == 200
    assert done.json()["state"] == "completed"
    assert done.json()["allowed_actions"] == []

    moves = list(
        ReferralTransition.objects.filter(referral_id=referral_id).values_list(
            "action", "from_state", "to_state", "side"
        )
    )
    assert moves == [
        ("send", "draft", "sent", "sender"),
        ("accept", "sent", "accepted", "recipient"),
        ("start", "accepted", "in_progress", "recipient"),
        ("complete", "in_progress", "completed", "recipient"),
    ]
    accept = ReferralTransition.objects.get(referral_id=referral_id, action="accept")
    assert accept.sender_snapshot["name"] == "Sender NGO"
    assert accept.sender_snapshot["username"] == "sender"
    assert accept.recipient_snapshot["name"] == "Provider Shelter"
    assert accept.recipient_snapshot["username"] == "receiver"
    assert accept.recipient_snapshot["services"] == [
        "medical_care",
        "psychosocial_support",
        "shelter",
    ]

    referral = Referral.objects.get(pk=referral_id)
    assert referral.sent_at <= referral.answered_at <= referral.started_at <= referral.closed_at
    assert referral.due_at == referral.sent_at + dt.timedelta(hours=24)  # high urgency
    kinds = list(
        CaseEvent.objects.filter(case=world["case"], kind__startswith="referral.").values_list(
            "kind", flat=True
        )
    )
    assert kinds == [
        "referral.created",
        "referral.sent",
        "referral.accepted",
        "referral.in_progress",
        "referral.completed",
    ]
    event = CaseEvent.objects.get(case=world["case"], kind="referral.completed")
    assert event.data == {
        "referral_id": referral_id,
        "to_organisation_id": world["provider"].pk,
        "services": ["shelter"],
        "state": "completed",
        "transnational": False,
    }
    audits = list(
        AuditEvent.objects.filter(
            object_type="referral",
            object_id=str(referral_id),
            action__in=["referral.send", "referral.accept", "referral.start", "referral.complete"],
        ).values_list("action", "extra")
    )
    assert [a for a, _ in audits] == [
        "referral.send",
        "referral.accept",
        "referral.start",
        "referral.complete",
    ]
    assert audits[1][1]["from"] == "sent" and audits[1][1]["to"] == "accepted"
    # Audit entries name fields, never values.
    for entry in AuditEvent.objects.filter(object_type="referral"):
        assert "Размещена" not in str(entry.extra) and "приют" not in str(entry.extra)


@pytest.mark.parametrize(
    ("steps", "who", "action", "body", "message"),
    [
        (
            [],
            "receiver",
            "complete",
            None,
            "Cannot complete a referral that is sent; it must be in_progress.",
        ),
        (
            [],
            "sender",
            "accept",
            None,
            "Only the recipient can accept a referral; the sender cannot.",
        ),
        ([], "sender", "send", None, "Cannot send a referral that is sent; it must be draft."),
        (
            [("receiver", "accept")],
            "receiver",
            "decline",
            {"reason": "x"},
            "Cannot decline a referral that is accepted; it must be sent.",
        ),
        (
            [("receiver", "accept"), ("receiver", "start"), ("receiver", "complete")],
            "sender",
            "revoke",
            None,
            "Cannot revoke a referral that is completed (a final state); it must be draft, sent, "
            "accepted or in_progress.",
        ),
        (
            [("receiver", "decline")],
            "receiver",
            "accept",
            None,
            "Cannot accept a referral that is declined (a final state); it must be sent.",
        ),
        (
            [("sender", "revoke")],
            "receiver",
            "start",
            None,
            "Cannot start a referral that is revoked (a final state); it must be accepted.",
        ),
    ],
)
def test_illegal_moves_answer_409_and_change_nothing(world, steps, who, action, body, message):
    referral_id = sent(world)
    for actor, step in steps:
        extra = {"reason": "Нет мест"} if step == "decline" else None
        assert act(world, actor, referral_id, step, extra).status_code == 200
    before = Referral.objects.get(pk=referral_id).state
    count = ReferralTransition.objects.count()
    response = act(world, who, referral_id, action, body)
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert response.json()["detail"] == message
    assert Referral.objects.get(pk=referral_id).state == before
    assert ReferralTransition.objects.count() == count


def test_decline_needs_a_reason_and_keeps_it(world):
    referral_id = sent(world)
    response = act(world, "receiver", referral_id, "decline")
    assert response.status_code == 409
    assert response.json()["code"] == "reason_required"
    assert Referral.objects.get(pk=referral_id).state == "sent"
    response = act(world, "receiver", referral_id, "decline", {"reason": "Нет свободных мест"})
    assert response.json()["state"] == "declined"
    assert response.json()["decline_reason"] == "Нет свободных мест"
    assert Referral.objects.get(pk=referral_id).decline_reason == "Нет свободных мест"


def test_close_without_service(world):
    referral_id = sent(world)
    act(world, "receiver", referral_id, "accept")
    act(world, "receiver", referral_id, "start")
    response = act(world, "receiver", referral_id, "close_without_service", {"reason": "Не пришла"})
    assert response.json()["state"] == "closed_without_service"


@pytest.mark.parametrize(
    "steps", [[], [("receiver", "accept")], [("receiver", "accept"), ("receiver", "start")]]
)
def test_sender_revokes_and_recipient_loses_the_case_view(world, steps):
    referral_id = sent(world)
    for actor, step in steps:
        act(world, actor, referral_id, step)
    mail.outbox.clear()
    response = act(world, "sender", referral_id, "revoke", {"reason": "Уехала домой"})
    assert response.json()["state"] == "revoked"
    view = world["clients"]["receiver"].get(f"/api/referrals/{referral_id}/case").json()
    assert view["available"] is False
    assert view["unavailable_reason"] == "closed"
    assert view["fields"] == []
    assert Notification.objects.filter(user=world["receiver"], kind="revoke").count() == 1


def test_recipient_cannot_revoke_and_sender_cannot_complete(world):
    referral_id = sent(world)
    response = act(world, "receiver", referral_id, "revoke")
    assert response.status_code == 409
    assert (
        response.json()["detail"] == "Only the sender can revoke a referral; the recipient cannot."
    )


def test_draft_is_invisible_to_the_recipient(world):
    referral_id = create(world)["id"]
    receiver = world["clients"]["receiver"]
    assert receiver.get(f"/api/referrals/{referral_id}").status_code == 404
    assert act(world, "receiver", referral_id, "accept").status_code == 404
    assert receiver.get("/api/referrals?box=incoming").json()["items"] == []


# ---------------------------------------------------------------------------------- expiry
def _age(referral_id: int, hours: float) -> None:
    referral = Referral.objects.get(pk=referral_id)
    shift = dt.timedelta(hours=hours)
    Referral.objects.filter(pk=referral_id).update(
        sent_at=referral.sent_at - shift, due_at=referral.due_at - shift
    )


def test_expiry_command_expires_only_overdue_sent_referrals(world, capsys):
    overdue = sent(world)
    fresh = create(world, services=["medical_care"])["id"]
    post(world["clients"]["sender"], f"/api/referrals/{fresh}/send")
    answered = create(world, services=["psychosocial_support"])["id"]
    post(world["clients"]["sender"], f"/api/referrals/{answered}/send")
    act(world, "receiver", answered, "accept")
    _age(overdue, 25)  # high urgency: 24 h
    _age(answered, 100)
    assert amanat(["referrals", "expire"]) == 0
    assert capsys.readouterr().out == "Expired 1 referral not answered in time.\n"
    states = dict(Referral.objects.values_list("pk", "state"))
    assert states == {overdue: "expired", fresh: "sent", answered: "accepted"}
    expiry = ReferralTransition.objects.get(referral_id=overdue, action="expire")
    assert (expiry.side, expiry.actor) == ("system", None)
    assert Notification.objects.filter(user=world["sender"], kind="expire").count() == 1
    assert CaseEvent.objects.filter(kind="referral.expired").count() == 1
    assert amanat(["referrals", "expire"]) == 0  # nothing more to do
    assert "Expired 0 referrals" in capsys.readouterr().out


def test_deadline_instant_is_still_on_time():
    now = timezone.now()
    assert referrals_expire_due(now=now) == 0


def test_lazy_expiry_on_read_and_on_late_accept(world):
    referral_id = sent(world)
    _age(referral_id, 24.01)
    response = act(world, "receiver", referral_id, "accept")
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Cannot accept a referral that is expired (a final state); it must be sent."
    )
    assert Referral.objects.get(pk=referral_id).state == "expired"

    other = create(world, services=["medical_care"])["id"]
    post(world["clients"]["sender"], f"/api/referrals/{other}/send")
    _age(other, 30)
    listed = world["clients"]["receiver"].get("/api/referrals?box=incoming&status=sent").json()
    assert listed["items"] == []
    assert world["clients"]["sender"].get(f"/api/referrals/{other}").json()["state"] == "expired"


def test_overdue_flag_when_accepted_but_not_started(world):
    referral_id = sent(world)
    act(world, "receiver", referral_id, "accept")
    Referral.objects.filter(pk=referral_id).update(
        answered_at=timezone.now() - dt.timedelta(hours=25)
    )
    inbox = world["clients"]["receiver"].get("/api/referrals?box=incoming").json()
    assert [(i["id"], i["overdue"]) for i in inbox["items"]] == [(referral_id, True)]
    overdue = world["clients"]["receiver"].get("/api/referrals?box=incoming&status=overdue")
    assert [i["id"] for i in overdue.json()["items"]] == [referral_id]
    act(world, "receiver", referral_id, "start")
    overdue = world["clients"]["receiver"].get("/api/referrals?box=incoming&status=overdue")
    assert overdue.json()["items"] == []


def test_due_soon_flag(world):
    referral_id = sent(world)
    _age(referral_id, 20)  # 4 of 24 hours left: under a quarter
    item = world["clients"]["receiver"].get("/api/referrals?box=incoming").json()["items"][0]
    assert (item["due_soon"], item["overdue"]) == (True, False)


# ------------------------------------------------------------------- inboxes and notices
def test_inboxes_and_status_filter(world):
    first = sent(world)
    second = create(world, services=["medical_care"])["id"]
    draft = create(world, services=["psychosocial_support"])["id"]
    post(world["clients"]["sender"], f"/api/referrals/{second}/send")
    act(world, "receiver", second, "accept")
    sender, receiver = world["clients"]["sender"], world["clients"]["receiver"]
    outgoing = sender.get("/api/referrals?box=outgoing").json()
    assert [i["id"] for i in outgoing["items"]] == [draft, second, first]
    incoming = receiver.get("/api/referrals?box=incoming").json()
    assert [i["id"] for i in incoming["items"]] == [second, first]
    accepted = receiver.get("/api/referrals?box=incoming&status=accepted").json()
    assert [i["id"] for i in accepted["items"]] == [second]
    assert sender.get("/api/referrals?box=incoming").json()["items"] == []
    assert receiver.get("/api/referrals?box=outgoing").json()["items"] == []
    bad = receiver.get("/api/referrals?box=sideways")
    assert bad.status_code == 422 and bad.json()["field"] == "box"
    bad = receiver.get("/api/referrals?box=incoming&status=lost")
    assert bad.status_code == 422 and bad.json()["field"] == "status"
    assert receiver.get("/api/referrals?page=0").status_code == 422


def test_in_app_notifications(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world["receiver"].email = "receiver@provider.example"
    world["receiver"].save(update_fields=["email"])
    world["sender"].email = "sender@ngo.example"
    world["sender"].save(update_fields=["email"])
    give_consent(world)
    referral_id = create(world)["id"]
    response = post(world["clients"]["sender"], f"/api/referrals/{referral_id}/send")
    assert response.status_code == 200
    notes = world["clients"]["receiver"].get("/api/referrals/notifications?unread=true").json()
    assert [(n["referral"], n["kind"]) for n in notes] == [(referral_id, "send")]
    assert notes[0]["text"] == f"New referral #{referral_id} for Shelter from Sender NGO."
    act(world, "receiver", referral_id, "accept")
    sender_notes = world["clients"]["sender"].get("/api/referrals/notifications").json()
    assert [n["kind"] for n in sender_notes] == ["accept"]
    marked = post(world["clients"]["receiver"], "/api/referrals/notifications/read", {"all": True})
    assert marked.json() == {"marked": 1}


@pytest.mark.django_db(transaction=True)
def test_email_goes_after_commit_and_holds_no_personal_data(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    w = build_world()
    w["clients"] = clients(w)
    w["receiver"].email = "receiver@provider.example"
    w["receiver"].save(update_fields=["email"])
    give_consent(w)
    referral_id = create(w)["id"]
    mail.outbox.clear()
    post(w["clients"]["sender"], f"/api/referrals/{referral_id}/send")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["receiver@provider.example"]
    assert message.subject == f"[Amanat] Referral #{referral_id}: Sent"
    assert f"/referrals/{referral_id}/" in message.body
    for secret in ("Гулнора", "Рахмонова", "приют", "+998", w["case"].code):
        assert secret not in message.body and secret not in message.subject


def test_menu_badge_counts_unread_referral_notices(world):
    from django.test import Client

    from tests.fixtures import PASSWORD

    browser = Client()
    browser.post("/accounts/login/", {"username": "receiver", "password": PASSWORD})
    assert 'data-testid="nav-badge"' not in browser.get("/referrals/").content.decode()
    sent(world)
    unread = Notification.objects.filter(user=world["receiver"], read_at__isnull=True).count()
    assert unread >= 1
    page = browser.get("/cases/").content.decode()
    assert f'data-testid="nav-badge" title="Unread notices">{unread}</span>' in page
