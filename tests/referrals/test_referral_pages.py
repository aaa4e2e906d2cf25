"""The web pages: each renders for the people who may see it, 404 for the others, and the forms
call the services (no 500 on malformed input)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import Workbook

from amanat.referrals import services
from amanat.referrals.directory_io import COLUMNS
from amanat.referrals.models import DirectoryService, Need, Referral
from tests.fixtures import PASSWORD, make_org, make_user
from tests.referrals.helpers import build_world, give_consent

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def world():
    return build_world()


def test_case_section_needs_and_referral_form(world):
    client = login(world["sender"])
    case = world["case"]
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    assert 'data-testid="referrals-section"' in page.content.decode()
    response = client.post(
        f"/referrals/case/{case.pk}/needs/",
        {"need-service_type": "shelter", "need-urgency": "high", "need-reason": "Нет жилья"},
    )
    assert response.status_code == 302
    need = Need.objects.get()
    assert (need.service_type, need.urgency) == ("shelter", "high")
    assert client.get(f"/referrals/case/{case.pk}/matches/").status_code == 200
    form = client.get(f"/referrals/case/{case.pk}/new/?service=shelter&org={world['provider'].pk}")
    assert form.status_code == 200
    assert "contact_channel" in form.content.decode()
    # Without consent, "send now" keeps a draft and says why.
    response = client.post(
        f"/referrals/case/{case.pk}/new/",
        {
            "to_organisation": world["provider"].pk,
            "services": ["shelter"],
            "urgency": "high",
            "reason": "Нужен приют",
            "shared_fields": ["given_name", "age"],
            "send_now": "on",
        },
        follow=True,
    )
    referral = Referral.objects.get()
    assert referral.state == "draft"
    assert "not sent" in response.content.decode()
    give_consent(world)
    response = client.post(f"/referrals/{referral.pk}/act/send/", follow=True)
    assert Referral.objects.get().state == "sent"
    assert "Done: the referral is now Sent." in response.content.decode()
    assert client.get("/referrals/?box=outgoing").status_code == 200


def test_recipient_pages_and_actions(world):
    give_consent(world)
    referral = services.referral_create(
        user=world["sender"],
        case_id=world["case"].pk,
        to_organisation_id=world["provider"].pk,
        services=["shelter"],
        urgency="normal",
        reason="Приют",
        shared_fields=["given_name"],
    )
    services.referral_send(user=world["sender"], referral_id=referral.pk)
    client = login(world["receiver"])
    inbox = client.get("/referrals/")
    assert inbox.status_code == 200
    assert f"#{referral.pk}" in inbox.content.decode()
    assert "New referral" in inbox.content.decode()
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Гулнора" in page and "Рахмонова" not in page
    assert client.get(f"/cases/{world['case'].pk}/").status_code == 404
    client.post(f"/referrals/{referral.pk}/act/accept/")
    client.post(f"/referrals/{referral.pk}/act/decline/", {"reason": ""})
    assert Referral.objects.get().state == "accepted"
    client.post(f"/referrals/{referral.pk}/act/start/")
    client.post(f"/referrals/{referral.pk}/notes/", {"text": "Заселена"})
    client.post(f"/referrals/{referral.pk}/act/complete/", {"outcome_note": "Готово"})
    assert Referral.objects.get().state == "completed"
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Гулнора" not in page and "Заселена" in page
    assert client.post(f"/referrals/{referral.pk}/act/fly/").status_code == 404
    assert client.post("/referrals/notifications/read/").status_code == 302


def test_outsider_gets_404_pages(world):
    give_consent(world)
    referral = services.referral_create(
        user=world["sender"],
        case_id=world["case"].pk,
        to_organisation_id=world["provider"].pk,
        services=["shelter"],
        urgency="normal",
        reason="x",
    )
    client = login(world["stranger"])
    assert client.get(f"/referrals/{referral.pk}/").status_code == 404
    assert client.post(f"/referrals/{referral.pk}/act/revoke/").status_code == 404
    assert client.get(f"/referrals/case/{world['case'].pk}/new/").status_code == 404
    assert client.get(f"/referrals/case/{world['case'].pk}/matches/").status_code == 404
    assert (
        client.post(
            f"/referrals/case/{world['case'].pk}/needs/",
            {"need-service_type": "shelter", "need-urgency": "high"},
        ).status_code
        == 404
    )
    assert Referral.objects.get().state == "draft"


def test_directory_pages_import_and_export(world):
    manager = make_user(org=world["outsider"], roles=["nrm_coordinator"])  # DIRECTORY_MANAGE
    client = login(manager)
    assert client.get("/referrals/directory/?country=KZ&service=shelter").status_code == 200
    assert client.get("/referrals/directory/regions/?country=KG").status_code == 200
    assert client.get("/referrals/directory/regions/?country=??").status_code == 200
    entry = client.get(f"/referrals/directory/{world['provider'].pk}/")
    assert entry.status_code == 200 and "Дина Сапарова" in entry.content.decode()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS[:3]) + ["service_type"])
    sheet.append(["Osh Shelter", "NGO", "KG", "shelter"])
    sheet.append(["Osh Shelter", "NGO", "KG", "spa"])
    data = io.BytesIO()
    workbook.save(data)
    upload = io.BytesIO(data.getvalue())
    upload.name = "d.xlsx"
    response = client.post("/referrals/directory/import/", {"file": upload})
    text = response.content.decode()
    assert "Nothing imported" in text and "spa" in text
    assert not DirectoryService.objects.filter(organisation__name="Osh Shelter").exists()
    upload = io.BytesIO(data.getvalue())
    upload.name = "d.xlsx"
    client.post("/referrals/directory/import/", {"file": upload, "skip_invalid": "on"})
    assert DirectoryService.objects.filter(organisation__name="Osh Shelter").count() == 1
    csv_export = client.get("/referrals/directory/export.csv")
    assert csv_export.status_code == 200 and "Osh Shelter" in csv_export.content.decode()
    assert client.get("/referrals/directory/export.xlsx").status_code == 200
    assert client.get("/referrals/directory/export.pdf").status_code == 404
    org = make_org(name="New Clinic", country="KZ")
    client.post(
        f"/referrals/directory/{org.pk}/service/",
        {
            "svc-service_type": "medical_care",
            "svc-regions": "KZ-75",
            "svc-languages": ["ru"],
            "svc-accepting": "on",
        },
    )
    assert DirectoryService.objects.get(organisation=org).regions == ["KZ-75"]
    client.post(
        f"/referrals/directory/{org.pk}/service/",
        {"svc-service_type": "medical_care", "svc-regions": "XX-1"},
    )
    assert DirectoryService.objects.get(organisation=org).regions == ["KZ-75"]
    # A case worker may not import or export.
    worker = login(world["sender"])
    assert worker.get("/referrals/directory/import/").status_code == 404
    assert worker.get("/referrals/directory/export.csv").status_code == 404


def test_coordinator_page(world):
    coordinator = make_user(org=world["outsider"], roles=["nrm_coordinator"])
    assert login(coordinator).get("/referrals/coordinator/?country=KZ").status_code == 200
    assert login(world["sender"]).get("/referrals/coordinator/").status_code == 404


def test_pages_in_russian(world):
    client = login(world["sender"])
    page = client.get("/referrals/?box=outgoing", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Исходящие" in page and "Здесь направлений нет." in page
    case_page = client.get(f"/cases/{world['case'].pk}/", HTTP_ACCEPT_LANGUAGE="ru")
    assert "Потребности и направления" in case_page.content.decode()


def test_russian_catalogue_is_complete():
    from pathlib import Path

    import amanat.referrals

    po = Path(amanat.referrals.__file__).parent / "locale/ru/LC_MESSAGES/django.po"
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]
    assert len(entries) > 250
    for entry in entries:
        lines = entry.splitlines()
        last = lines[-1]
        # An untranslated entry ends with an empty msgstr and no continuation line.
        assert not (last.startswith("msgstr") and last.endswith(' ""')), entry
    assert po.with_suffix(".mo").exists()
