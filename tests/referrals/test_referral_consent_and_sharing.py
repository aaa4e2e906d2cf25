"""What must NOT happen: no sending without consent, no sharing beyond the chosen fields, no
sharing after consent is withdrawn or the referral closes, no read by an uninvolved organisation."""

from __future__ import annotations

import json

import pytest

from amanat.cases.consent import consent_record, consent_withdraw
from amanat.privacy.models import AuditEvent
from amanat.referrals.models import Notification, Referral, ReferralTransition
from tests.fixtures import api_client, make_org, make_user
from tests.referrals.helpers import build_world, clients, give_consent, offer, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    w["clients"] = clients(w)
    return w


def create(world, **overrides) -> int:
    body = {
        "to_organisation": world["provider"].pk,
        "services": ["shelter"],
        "urgency": "normal",
        "reason": "Нужен приют",
        **overrides,
    }
    response = post(world["clients"]["sender"], f"/api/cases/{world['case'].pk}/referrals", body)
    assert response.status_code == 201, response.content
    return response.json()["id"]


def send(world, referral_id, body=None, who="sender"):
    return post(world["clients"][who], f"/api/referrals/{referral_id}/send", body)


# ------------------------------------------------------------------------------ consent gate
def test_no_referral_is_sent_without_consent(world):
    referral_id = create(world)
    response = send(world, referral_id)
    assert response.status_code == 409
    assert response.json() == {
        "detail": "The person has not consented to sharing their data with Provider Shelter. "
        "Record their consent to this referral first.",
        "code": "consent_required",
        "field": "consent",
    }
    assert Referral.objects.get(pk=referral_id).state == "draft"
    assert not ReferralTransition.objects.exists()
    assert not Notification.objects.exists()
    assert world["clients"]["receiver"].get(f"/api/referrals/{referral_id}/case").status_code == 404


def test_consent_for_another_organisation_does_not_count(world):
    elsewhere = make_org(name="Elsewhere", country="KZ")
    give_consent(world, org=elsewhere)
    consent_record(
        user=world["sender"], case_id=world["case"].pk, purpose="assistance", method="verbal"
    )
    response = send(world, create(world))
    assert response.status_code == 409 and response.json()["code"] == "consent_required"


def test_refused_or_withdrawn_consent_does_not_count(world):
    consent = give_consent(world)
    consent_withdraw(user=world["sender"], case_id=world["case"].pk, consent_id=consent.pk)
    assert send(world, create(world)).json()["code"] == "consent_required"
    consent_record(
        user=world["sender"],
        case_id=world["case"].pk,
        purpose="referral",
        method="verbal",
        granted=False,
        recipient_organisation_id=world["provider"].pk,
    )
    assert (
        send(world, create(world, services=["medical_care"])).json()["code"] == "consent_required"
    )


def test_override_needs_the_permission(world):
    referral_id = create(world)
    response = send(
        world,
        referral_id,
        {"consent_override": True, "justification": "Immediate danger to life tonight"},
    )
    assert response.status_code == 403
    assert response.json()["code"] == "override_not_allowed"
    assert Referral.objects.get(pk=referral_id).state == "draft"


def test_override_needs_a_written_justification_and_is_flagged(world):
    world["sender"].role_rows.create(role="nrm_coordinator")
    sender = type(world["sender"]).objects.get(pk=world["sender"].pk)
    client = api_client(sender)
    referral_id = create(world)
    short = post(
        client,
        f"/api/referrals/{referral_id}/send",
        {"consent_override": True, "justification": "urgent"},
    )
    assert short.status_code == 422
    assert short.json()["field"] == "justification"
    assert Referral.objects.get(pk=referral_id).state == "draft"
    ok = post(
        client,
        f"/api/referrals/{referral_id}/send",
        {
            "consent_override": True,
            "justification": "Person unconscious in hospital, trafficker searching",
        },
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["consent_override"] is True
    flagged = AuditEvent.objects.filter(flagged=True, object_id=str(referral_id))
    assert sorted(flagged.values_list("action", flat=True)) == [
        "referral.consent_override",
        "referral.send",
    ]
    override = flagged.get(action="referral.consent_override")
    assert override.fields == ["override_justification"]
    assert "unconscious" not in json.dumps(override.extra)
    assert ReferralTransition.objects.get(referral_id=referral_id).flagged is True
    referral = Referral.objects.get(pk=referral_id)
    assert referral.override_justification.startswith("Person unconscious")
    # The recipient sees the case while nobody has refused; a later refusal stops it at once.
    view = world["clients"]["receiver"].get(f"/api/referrals/{referral_id}/case").json()
    assert view["available"] is True
    consent_record(
        user=world["sender"],
        case_id=world["case"].pk,
        purpose="referral",
        method="verbal",
        granted=False,
        recipient_organisation_id=world["provider"].pk,
    )
    view = world["clients"]["receiver"].get(f"/api/referrals/{referral_id}/case").json()
    assert (view["available"], view["unavailable_reason"]) == (False, "consent_withdrawn")


# ---------------------------------------------------------------------------- minimisation
def test_recipient_sees_only_the_shared_fields(world):
    give_consent(world)
    referral_id = create(world, shared_fields=["given_name", "languages"])
    send(world, referral_id)
    response = world["clients"]["receiver"].get(f"/api/referrals/{referral_id}/case")
    assert response.status_code == 200
    view = response.json()
    assert view["available"] is True
    assert [(f["code"], f["value"]) for f in view["fields"]] == [
        ("given_name", "Гулнора"),
        ("languages", "Uzbek, Russian"),
    ]
    body = response.content.decode()
    for hidden in (
        "Рахмонова",
        "+998905551234",
        "1994",
        "Secret narrative",
        "LabourMigrant",
        "Labour migrant",
    ):
        assert hidden not in body
    audit = AuditEvent.objects.filter(action="referral.case_view").last()
    assert audit.fields == [
        "first_name",
        "first_name_latin",
        "primary_language",
        "reason",
        "secondary_language",
    ]
    assert audit.actor_username == "receiver"


def test_default_shared_fields_come_from_the_service_template(world):
    give_consent(world)
    referral_id = create(world, services=["shelter", "medical_care"])
    referral = Referral.objects.get(pk=referral_id)
    assert referral.shared_fields == [
        "given_name",
        "age",
        "gender",
        "languages",
        "needs_summary",
        "safety_risks",
        "health_alerts",
        "contact_channel",
    ]


def test_unknown_shared_field_is_refused(world):
    response = post(
        world["clients"]["sender"],
        f"/api/cases/{world['case'].pk}/referrals",
        {
            "to_organisation": world["provider"].pk,
            "services": ["shelter"],
            "reason": "x",
            "shared_fields": ["narrative"],
        },
    )
    assert response.status_code == 422
    assert response.json()["field"] == "shared_fields"


def test_recipient_never_reaches_the_case_itself(world):
    give_consent(world)
    referral_id = create(world)
    send(world, referral_id)
    receiver = world["clients"]["receiver"]
    case_id = world["case"].pk
    for path in (
        f"/api/cases/{case_id}",
        f"/api/cases/{case_id}/consents",
        f"/api/cases/{case_id}/needs",
        f"/api/cases/{case_id}/referrals",
        f"/api/cases/{case_id}/matches",
    ):
        assert receiver.get(path).status_code == 404, path
    detail = receiver.get(f"/api/referrals/{referral_id}").json()
    assert detail["case"] is None and detail["needs"] == []
    assert detail["legal_basis_note"] is None and detail["override_justification"] is None


def test_consent_withdrawal_stops_sharing_at_once(world):
    consent = give_consent(world)
    referral_id = create(world)
    send(world, referral_id)
    post(world["clients"]["receiver"], f"/api/referrals/{referral_id}/accept")
    receiver = world["clients"]["receiver"]
    assert receiver.get(f"/api/referrals/{referral_id}/case").json()["available"] is True
    consent_withdraw(user=world["sender"], case_id=world["case"].pk, consent_id=consent.pk)
    response = receiver.get(f"/api/referrals/{referral_id}/case")
    view = response.json()
    assert (view["available"], view["unavailable_reason"], view["fields"], view["reason"]) == (
        False,
        "consent_withdrawn",
        [],
        "",
    )
    assert "Гулнора" not in response.content.decode()
    detail = receiver.get(f"/api/referrals/{referral_id}").json()
    assert detail["sharing_in_force"] is False
    assert detail["reason"] is None
    assert detail["state"] == "accepted"  # the referral itself goes on; the sharing stops


def test_access_ends_at_closure_except_own_notes(world):
    give_consent(world)
    referral_id = create(world)
    send(world, referral_id)
    receiver = world["clients"]["receiver"]
    for action in ("accept", "start"):
        post(receiver, f"/api/referrals/{referral_id}/{action}")
    note = post(receiver, f"/api/referrals/{referral_id}/notes", {"text": "Заселена в комнату 4"})
    assert note.status_code == 201
    post(receiver, f"/api/referrals/{referral_id}/complete")
    view = receiver.get(f"/api/referrals/{referral_id}/case").json()
    assert view["available"] is False and view["fields"] == []
    assert [n["text"] for n in view["own_notes"]] == ["Заселена в комнату 4"]
    # The sender does not see the recipient's private notes.
    sender_view = world["clients"]["sender"].get(f"/api/referrals/{referral_id}/case").json()
    assert sender_view["own_notes"] == []
    assert world["clients"]["sender"].get(f"/api/referrals/{referral_id}").json()["notes"] == []


def test_only_the_recipient_records_notes(world):
    give_consent(world)
    referral_id = create(world)
    send(world, referral_id)
    response = post(
        world["clients"]["sender"], f"/api/referrals/{referral_id}/notes", {"text": "x"}
    )
    assert response.status_code == 403


# ---------------------------------------------------------------------------- not involved
def test_uninvolved_organisation_gets_404_like_a_missing_referral(world):
    give_consent(world)
    referral_id = create(world)
    send(world, referral_id)
    stranger = world["clients"]["stranger"]
    for suffix in ("", "/case"):
        seen = stranger.get(f"/api/referrals/{referral_id}{suffix}")
        missing = stranger.get(f"/api/referrals/999999{suffix}")
        assert seen.status_code == missing.status_code == 404
        assert seen.json() == missing.json()
    for action in ("accept", "decline", "start", "complete", "revoke", "send"):
        assert post(stranger, f"/api/referrals/{referral_id}/{action}").status_code == 404
    assert post(stranger, f"/api/referrals/{referral_id}/notes", {"text": "x"}).status_code == 404
    assert stranger.get(f"/api/cases/{world['case'].pk}").status_code == 404
    assert stranger.get("/api/referrals?box=incoming").json()["items"] == []
    assert stranger.get("/api/referrals?box=outgoing").json()["items"] == []
    assert Referral.objects.get(pk=referral_id).state == "sent"


def test_other_user_of_the_receiving_organisation_may_answer(world):
    colleague = make_user(org=world["provider"], roles=["case_manager"])
    give_consent(world)
    referral_id = create(world)
    send(world, referral_id)
    assert (
        post(api_client(colleague), f"/api/referrals/{referral_id}/accept").json()["state"]
        == "accepted"
    )


@pytest.mark.parametrize("role", ["researcher", "trainer", "administrator"])
def test_roles_without_case_access_see_no_referral(world, role):
    give_consent(world)
    referral_id = create(world)
    send(world, referral_id)
    client = api_client(make_user(org=world["provider"], roles=[role]))
    assert client.get(f"/api/referrals/{referral_id}").status_code == 404
    assert post(client, f"/api/referrals/{referral_id}/accept").status_code == 404


# --------------------------------------------------------------------------- transnational
def test_transnational_referral_needs_a_legal_basis():
    w = build_world(provider_country="KG")
    w["clients"] = clients(w)
    url = f"/api/cases/{w['case'].pk}/referrals"
    body = {"to_organisation": w["provider"].pk, "services": ["shelter"], "reason": "Возвращение"}
    missing = post(w["clients"]["sender"], url, body)
    assert missing.status_code == 422
    assert (missing.json()["code"], missing.json()["field"]) == (
        "legal_basis_required",
        "legal_basis",
    )
    no_note = post(w["clients"]["sender"], url, {**body, "legal_basis": "bilateral_agreement"})
    assert no_note.status_code == 422 and no_note.json()["field"] == "legal_basis_note"
    created = post(w["clients"]["sender"], url, {**body, "legal_basis": "cis_agreement_2005"})
    assert created.status_code == 201
    data = created.json()
    assert (data["transnational"], data["legal_basis"]) == (True, "cis_agreement_2005")
    give_consent(w)
    assert send(w, data["id"]).json()["state"] == "sent"
    assert (
        post(w["clients"]["receiver"], f"/api/referrals/{data['id']}/accept").json()["state"]
        == "accepted"
    )


def test_domestic_referral_records_no_legal_basis(world):
    response = post(
        world["clients"]["sender"],
        f"/api/cases/{world['case'].pk}/referrals",
        {
            "to_organisation": world["provider"].pk,
            "services": ["shelter"],
            "reason": "x",
            "legal_basis": "person_consent",
        },
    )
    assert response.status_code == 422 and response.json()["field"] == "legal_basis"


# ------------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"services": ["shelter"], "reason": "x"}, "to_organisation"),
        ({"to_organisation": "abc", "services": ["shelter"], "reason": "x"}, "to_organisation"),
        ({"to_organisation": 999999, "services": ["shelter"], "reason": "x"}, "to_organisation"),
        ({"services": ["shelter"], "reason": "x", "to_organisation": "self"}, "to_organisation"),
        ({"to_organisation": "p", "services": [], "reason": "x"}, "services"),
        ({"to_organisation": "p", "services": ["spaceflight"], "reason": "x"}, "services"),
        ({"to_organisation": "p", "services": ["legal_aid"], "reason": "x"}, "services"),
        ({"to_organisation": "p", "services": "shelter", "reason": "x"}, "services"),
        ({"to_organisation": "p", "services": ["shelter"], "reason": ""}, "reason"),
        (
            {"to_organisation": "p", "services": ["shelter"], "reason": "x", "urgency": "asap"},
            "urgency",
        ),
        ({"to_organisation": "p", "services": ["shelter"], "reason": "x" * 4001}, "reason"),
    ],
)
def test_bad_referral_input_is_a_clear_4xx(world, body, field):
    if body.get("to_organisation") == "p":
        body["to_organisation"] = world["provider"].pk
    if body.get("to_organisation") == "self":
        body["to_organisation"] = world["home"].pk
    response = post(world["clients"]["sender"], f"/api/cases/{world['case'].pk}/referrals", body)
    assert response.status_code == 422, response.content
    payload = response.json()
    assert field in (payload.get("field") or "") + " ".join(
        e["field"] for e in payload.get("errors", [])
    )
    assert not Referral.objects.exists()


def test_malformed_paths_and_bodies(world):
    sender = world["clients"]["sender"]
    assert sender.get("/api/referrals/abc").status_code == 404
    assert post(sender, "/api/referrals/abc/send").status_code == 404
    referral_id = create(world)
    assert post(sender, f"/api/referrals/{referral_id}/teleport").status_code == 404
    bad = sender.post(
        f"/api/referrals/{referral_id}/revoke", data="{not json", content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["field"] == "body"
    bad = post(sender, f"/api/referrals/{referral_id}/revoke", {"reason": 5})
    assert bad.status_code == 422 and bad.json()["field"] == "reason"
    bad = post(sender, f"/api/referrals/{referral_id}/send", {"consent_override": "yes"})
    assert bad.status_code == 422 and bad.json()["field"] == "consent_override"
    assert sender.get("/api/cases/abc/matches").status_code == 404
    assert sender.get(f"/api/cases/{world['case'].pk}/matches?limit=0").status_code == 422


def test_recipient_must_offer_the_services(world):
    other = make_org(name="Clinic", country="KZ")
    offer(other, "medical_care")
    response = post(
        world["clients"]["sender"],
        f"/api/cases/{world['case'].pk}/referrals",
        {"to_organisation": other.pk, "services": ["shelter"], "reason": "x"},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "Clinic does not offer Shelter in the service directory."
