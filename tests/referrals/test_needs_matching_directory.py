"""Needs (manual and suggested by identification), matching from the directory, directory search,
availability updates, and the coordinator's figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from amanat.cases.models import CaseEvent
from amanat.errors import NotFound, ValidationError
from amanat.privacy.models import AuditEvent
from amanat.referrals import services
from amanat.referrals.models import DirectoryService, Need, Referral
from amanat.referrals.services import needs_suggest_from
from tests.fixtures import api_client, make_case, make_org, make_user
from tests.referrals.helpers import build_world, clients, give_consent, offer, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = build_world()
    w["clients"] = clients(w)
    return w


# =========================================================================================== needs
def test_record_and_update_needs(world):
    url = f"/api/cases/{world['case'].pk}/needs"
    response = post(
        world["clients"]["sender"],
        url,
        {"service_type": "medical_care", "urgency": "emergency", "reason": "Травма руки"},
    )
    assert response.status_code == 201
    need = response.json()
    assert (need["service_type"], need["urgency"], need["status"], need["source"]) == (
        "medical_care",
        "emergency",
        "open",
        "manual",
    )
    again = post(world["clients"]["sender"], url, {"service_type": "medical_care"})
    assert again.status_code == 409 and again.json()["code"] == "need_exists"
    bad = post(world["clients"]["sender"], url, {"service_type": "teleport"})
    assert bad.status_code == 422 and bad.json()["field"] == "service_type"
    bad = post(world["clients"]["sender"], url, {"service_type": "shelter", "urgency": "now"})
    assert bad.status_code == 422 and bad.json()["field"] == "urgency"
    patched = world["clients"]["sender"].patch(
        f"/api/needs/{need['id']}", data={"status": "met"}, content_type="application/json"
    )
    assert patched.json()["status"] == "met"
    # A met need frees the type for a new open need.
    assert (
        post(world["clients"]["sender"], url, {"service_type": "medical_care"}).status_code == 201
    )
    listed = world["clients"]["sender"].get(url).json()
    assert [(n["service_type"], n["status"]) for n in listed] == [
        ("medical_care", "met"),
        ("medical_care", "open"),
    ]
    assert CaseEvent.objects.filter(case=world["case"], kind="need.recorded").count() == 2
    assert AuditEvent.objects.filter(action="need.create").first().fields == [
        "reason",
        "service_type",
        "urgency",
    ]
    assert "Травма" not in str(CaseEvent.objects.filter(kind="need.recorded").first().data)


def test_needs_are_not_visible_across_organisations(world):
    url = f"/api/cases/{world['case'].pk}/needs"
    assert world["clients"]["stranger"].get(url).status_code == 404
    assert post(world["clients"]["receiver"], url, {"service_type": "shelter"}).status_code == 404
    need = services.need_record(
        user=world["sender"], case_id=world["case"].pk, service_type="shelter"
    )
    response = world["clients"]["stranger"].patch(
        f"/api/needs/{need.pk}", data={"status": "met"}, content_type="application/json"
    )
    assert response.status_code == 404


def test_needs_suggested_by_identification(world):
    services.need_record(
        user=world["sender"], case_id=world["case"].pk, service_type="shelter", urgency="low"
    )
    result = needs_suggest_from(
        user=world["sender"],
        case=world["case"],
        source_ref="interview:7",
        suggestions=[
            {"service_type": "shelter", "urgency": "high", "reason": "Спит на вокзале"},
            {"service_type": "legal_aid", "urgency": "normal", "reason": "Паспорт у работодателя"},
            {"service_type": "legal_aid", "urgency": "high"},
            {"service_type": "psychosocial_support"},
        ],
    )
    assert sorted((n.service_type, n.urgency) for n in result.created) == [
        ("legal_aid", "high"),
        ("psychosocial_support", "normal"),
    ]
    assert [(n.service_type, n.urgency) for n in result.already_open] == [("shelter", "high")]
    created = Need.objects.get(service_type="legal_aid")
    assert (created.source, created.source_ref) == ("identification", "interview:7")
    # Running the same suggestions again adds nothing.
    again = needs_suggest_from(
        user=world["sender"], case=world["case"].pk, suggestions=[{"service_type": "legal_aid"}]
    )
    assert again.created == [] and Need.objects.filter(status="open").count() == 3


def test_bad_suggestions_write_nothing(world):
    with pytest.raises(ValidationError) as error:
        needs_suggest_from(
            user=world["sender"],
            case=world["case"],
            suggestions=[
                {"service_type": "shelter"},
                {"service_type": "shelter", "urgency": "yesterday"},
            ],
        )
    assert error.value.field == "suggestions[1].urgency"
    assert not Need.objects.exists()
    with pytest.raises(NotFound):
        needs_suggest_from(
            user=world["stranger"], case=world["case"], suggestions=[{"service_type": "shelter"}]
        )


# ======================================================================================== matching
def test_matches_rank_and_explain_and_exclude(world):
    near = make_org(name="Near Shelter", country="KZ", region="KZ-75")
    far = make_org(name="Far Shelter", country="KG")
    men_only = make_org(name="Men Only", country="KZ")
    offer(near, "shelter", regions=["KZ-75"], languages=["uz"], capacity=10, available=4)
    offer(far, "shelter", languages=["ky"], capacity=10, available=4)
    offer(men_only, "shelter", genders=["Masculine"])
    services.need_record(
        user=world["sender"], case_id=world["case"].pk, service_type="shelter", urgency="high"
    )
    response = world["clients"]["sender"].get(f"/api/cases/{world['case'].pk}/matches")
    assert response.status_code == 200
    (need,) = response.json()["needs"]
    assert need["considered"] == 4 and need["eligible"] == 3
    names = [m["organisation"]["name"] for m in need["matches"]]
    assert names == ["Near Shelter", "Provider Shelter", "Far Shelter"]
    top = need["matches"][0]
    assert [f["code"] for f in top["factors"]] == [
        "need_fit",
        "region",
        "language",
        "capacity",
        "response_time",
    ]
    assert top["factors"][1]["detail"] == "serves the person's region KZ-75"
    assert top["score"] == pytest.approx(0.3 + 0.25 + 0.15 + 0.15 + 0.075)
    assert sum(f["contribution"] for f in top["factors"]) == pytest.approx(top["score"], abs=1e-3)
    assert "Men Only" not in response.content.decode()
    assert AuditEvent.objects.filter(action="case.match").count() == 1


def test_matches_api_adds_reasons_as_data_and_in_the_request_language(world):
    near = make_org(name="Near Shelter", country="KZ", region="KZ-75")
    offer(near, "shelter", regions=["KZ-75"], languages=["uz"], capacity=10, available=4)
    services.need_record(
        user=world["sender"], case_id=world["case"].pk, service_type="shelter", urgency="high"
    )
    client = world["clients"]["sender"]
    client.cookies["django_language"] = "ru"
    (need,) = client.get(f"/api/cases/{world['case'].pk}/matches").json()["needs"]
    top = {m["organisation"]["name"]: m for m in need["matches"]}["Near Shelter"]
    capacity = top["factors"][3]
    assert capacity["detail"] == "4 of 10 places free"  # the English field, unchanged
    assert (capacity["reason"], capacity["params"]) == (
        "available",
        {"available": 4, "capacity": 10},
    )
    assert capacity["detail_text"] == "свободно 4 из 10 мест"
    assert len(need["notes_text"]) == len(need["note_codes"]) == len(need["notes"])
    assert all("not recorded" not in text for text in need["notes_text"])


def test_past_response_times_count(world):
    quick = make_org(name="Quick Shelter", country="KZ")
    offer(quick, "shelter")
    services.need_record(user=world["sender"], case_id=world["case"].pk, service_type="shelter")
    give_consent(world, org=quick)
    referral = services.referral_create(
        user=world["sender"],
        case_id=world["case"].pk,
        to_organisation_id=quick.pk,
        services=["shelter"],
        urgency="normal",
        reason="x",
    )
    services.referral_send(user=world["sender"], referral_id=referral.pk)
    answerer = make_user(org=quick, roles=["service_provider"])
    services.referral_accept(user=answerer, referral_id=referral.pk)
    Referral.objects.filter(pk=referral.pk).update(response_hours=8.0)
    need = (
        world["clients"]["sender"].get(f"/api/cases/{world['case'].pk}/matches").json()["needs"][0]
    )
    by_name = {m["organisation"]["name"]: m for m in need["matches"]}
    factor = by_name["Quick Shelter"]["factors"][4]
    assert factor["value"] == pytest.approx(72 / (72 + 8), abs=1e-4)
    assert factor["detail"] == "median past answer 8 h against the 72 h deadline of normal urgency"


def test_matches_for_a_case_without_open_needs(world):
    response = world["clients"]["sender"].get(f"/api/cases/{world['case'].pk}/matches")
    assert response.json() == {"case": world["case"].pk, "needs": []}
    bad = world["clients"]["sender"].get(f"/api/cases/{world['case'].pk}/matches?need=999")
    assert bad.status_code == 422 and bad.json()["field"] == "need"


# ======================================================================================= directory
def test_directory_search_filters(world):
    kg = make_org(name="Bishkek Legal Clinic", country="KG", org_type="LegalService")
    offer(kg, "legal_aid", regions=["KG-GB"])
    client = world["clients"]["stranger"]
    every = client.get("/api/organisations").json()
    assert [o["name"] for o in every["items"]] == ["Bishkek Legal Clinic", "Provider Shelter"]
    assert every["items"][0]["services"][0]["service_type"] == "legal_aid"
    assert "contact_name" not in every["items"][0]["services"][0]
    assert [o["name"] for o in client.get("/api/organisations?country=kg").json()["items"]] == [
        "Bishkek Legal Clinic"
    ]
    assert [
        o["name"] for o in client.get("/api/organisations?service=shelter").json()["items"]
    ] == ["Provider Shelter"]
    assert [o["name"] for o in client.get("/api/organisations?query=legal").json()["items"]] == [
        "Bishkek Legal Clinic"
    ]
    assert client.get("/api/organisations?service=legal_aid&country=KZ").json()["items"] == []
    entry = client.get(f"/api/organisations/{world['provider'].pk}").json()
    assert entry["services"][0]["contact_name"] == "Дина Сапарова"
    assert AuditEvent.objects.filter(action="directory.view").count() == 1
    assert client.get("/api/organisations/abc").status_code == 404


def test_directory_edits_need_the_permission(world):
    with pytest.raises(NotFound):
        services.directory_service_save(
            user=world["sender"], organisation_id=world["home"].pk, data={"service_type": "shelter"}
        )
    admin = make_user(org=world["home"], roles=["administrator"])
    with pytest.raises(ValidationError) as error:
        services.directory_service_save(
            user=admin,
            organisation_id=world["home"].pk,
            data={"service_type": "shelter", "age_min": 30, "age_max": 18},
        )
    assert error.value.field == "age_max"
    with pytest.raises(ValidationError) as error:
        services.directory_service_save(
            user=admin,
            organisation_id=world["home"].pk,
            data={"service_type": "shelter", "regions": ["KG-GB"]},
        )
    assert error.value.field == "regions"
    saved = services.directory_service_save(
        user=admin,
        organisation_id=world["home"].pk,
        data={"service_type": "shelter", "regions": ["KZ-75"], "languages": ["ru"]},
    )
    assert (saved.country, saved.regions, saved.languages) == ("KZ", ["KZ-75"], ["ru"])


def test_own_staff_update_availability_but_not_others(world):
    service = DirectoryService.objects.get(organisation=world["provider"], service_type="shelter")
    services.directory_availability_update(
        user=world["receiver"], service_id=service.pk, available=0, accepting=False
    )
    service.refresh_from_db()
    assert (service.available, service.accepting) == (0, False)
    with pytest.raises(NotFound):
        services.directory_availability_update(
            user=world["sender"], service_id=service.pk, available=3
        )
    with pytest.raises(ValidationError):
        services.directory_availability_update(
            user=world["receiver"], service_id=service.pk, available=999
        )


def test_contacts_are_encrypted_at_rest(world):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_name, contact_phone FROM referrals_directoryservice")
        rows = cursor.fetchall()
        cursor.execute("SELECT reason FROM referrals_need")
    assert rows and all("Дина" not in name and "+7701" not in phone for name, phone in rows)


# ===================================================================================== coordinator
def _referral(world, provider, *, state_path, identified_days_ago, answer_hours):
    case = make_case(
        user=world["sender"],
        case={"identified_on": timezone.localdate() - dt.timedelta(days=identified_days_ago)},
    )
    give_consent({**world, "case": case}, org=provider)
    referral = services.referral_create(
        user=world["sender"],
        case_id=case.pk,
        to_organisation_id=provider.pk,
        services=["shelter"],
        urgency="normal",
        reason="x",
    )
    services.referral_send(user=world["sender"], referral_id=referral.pk)
    receiver = world["receiver"]
    for action in state_path:
        kwargs = {"reason": "Нет мест"} if action == "decline" else {}
        services.ACTIONS[action](user=receiver, referral_id=referral.pk, **kwargs)
    sent_at = Referral.objects.get(pk=referral.pk).sent_at
    if state_path:
        Referral.objects.filter(pk=referral.pk).update(
            answered_at=sent_at + dt.timedelta(hours=answer_hours)
        )
    return referral


def test_coordinator_figures(world, monkeypatch):
    # About the arithmetic: every cell here is 1, which the setting's floor of 2 always hides
    # (0666), so this test shows all cells; suppression is tested below.
    monkeypatch.setattr("amanat.referrals.selectors.coordinator._threshold", lambda: 1)
    provider = world["provider"]
    _referral(
        world,
        provider,
        state_path=["accept", "start", "complete"],
        identified_days_ago=10,
        answer_hours=2,
    )
    _referral(
        world,
        provider,
        state_path=["accept", "start", "close_without_service"],
        identified_days_ago=4,
        answer_hours=6,
    )
    _referral(world, provider, state_path=["decline"], identified_days_ago=2, answer_hours=10)
    _referral(world, provider, state_path=[], identified_days_ago=6, answer_hours=0)
    coordinator = make_user(org=make_org(name="NRM", country="KZ"), roles=["nrm_coordinator"])
    stats = api_client(coordinator).get("/api/referrals/stats?country=KZ").json()
    assert stats["total"] == 4
    assert stats["by_state"]["completed"] == 1 and stats["by_state"]["sent"] == 1
    assert stats["by_service_type"] == {
        "shelter": {"completed": 1, "closed_without_service": 1, "declined": 1, "sent": 1}
    }
    assert stats["acceptance_rate"] == pytest.approx(2 / 3, abs=1e-3)
    assert stats["completion_rate"] == 0.5
    assert stats["median_hours_referral_to_first_answer"] == 6.0
    # identification at local midnight UTC-combined; days to first referral: ~10, 4, 2, 6
    assert 4.0 <= stats["median_days_identification_to_first_referral"] <= 5.5
    body = str(stats)
    assert world["case"].code not in body and "Гулнора" not in body
    assert api_client(world["sender"]).get("/api/referrals/stats").status_code == 404
    researcher = make_user(org=world["outsider"], roles=["researcher"])
    assert api_client(researcher).get("/api/referrals/stats").status_code == 200


def test_coordinator_figures_hide_small_cells_and_their_complement(world, settings):
    settings.AMANAT_STATS_THRESHOLD = 2
    provider = world["provider"]
    for _ in range(3):
        _referral(world, provider, state_path=[], identified_days_ago=3, answer_hours=0)
    _referral(world, provider, state_path=["decline"], identified_days_ago=2, answer_hours=5)
    coordinator = make_user(org=make_org(name="NRM", country="KZ"), roles=["nrm_coordinator"])
    stats = api_client(coordinator).get("/api/referrals/stats?country=KZ").json()
    assert stats["threshold"] == 2 and "from 1 to 1 are hidden" in stats["suppression"]
    assert stats["total"] == 4  # at or above the threshold: shown
    # declined (1) is under the threshold; sent (3) is hidden too, or 4 - 3 would give it back.
    assert stats["by_state"]["declined"] is None and stats["by_state"]["sent"] is None
    assert stats["by_state"]["completed"] == 0  # zeros are shown
    assert stats["awaiting_answer"] is None
    assert stats["by_service_type"] == {"shelter": {"sent": None, "declined": None}}
    assert stats["by_service_type_total"] == {"shelter": 4}
    assert list(stats["by_region"].values()) == [{"sent": None, "declined": None}]
    assert list(stats["by_region_total"].values()) == [4]
    # one answered referral: its rate and its answer time would be that referral's own
    assert stats["acceptance_rate"] is None
    assert stats["median_hours_referral_to_first_answer"] is None
    browser = Client()
    browser.force_login(coordinator)
    page = browser.get("/referrals/coordinator/?country=KZ").content.decode()
    assert "Counts of fewer than 2 referrals are hidden" in page and "&lt;2" in page
