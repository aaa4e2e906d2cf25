"""Every training page renders for the event's trainer, in English and Russian, and answers 404
to everybody else; downloads are real DOCX/XLSX files."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from amanat.training.models import CurriculumSession, Item, SessionMaterial, TestForm
from tests.fixtures import PASSWORD, make_org, make_user


def _client(user, language="en"):
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    client.cookies["django_language"] = language
    return client


def _event_urls(event):
    participant = event.participants.order_by("code").first()
    return [
        reverse("training:event", args=[event.pk]),
        reverse("training:event_edit", args=[event.pk]),
        reverse("training:agenda", args=[event.pk]),
        reverse("training:participants", args=[event.pk]),
        reverse("training:participant", args=[event.pk, participant.pk]),
        reverse("training:links", args=[event.pk]),
        reverse("training:attendance", args=[event.pk]),
        reverse("training:tests", args=[event.pk]),
        reverse("training:test_entry", args=[event.pk, participant.pk, "pre"]),
        reverse("training:evaluations", args=[event.pk]),
        reverse("training:group_work", args=[event.pk]),
        reverse("training:recap", args=[event.pk, 1]),
        reverse("training:analysis", args=[event.pk]),
        reverse("training:reports", args=[event.pk]),
        reverse("training:report_download", args=[event.pk, "final", "ru"]),
        reverse("training:tables_download", args=[event.pk, "en"]),
    ]


def _bank_urls(event):
    session = CurriculumSession.objects.filter(module__version=event.curriculum_version).first()
    return [
        reverse("training:home"),
        reverse("training:event_new"),
        reverse("training:curricula"),
        reverse("training:version", args=[event.curriculum_version_id]),
        reverse("training:session", args=[session.pk]),
        reverse("training:items"),
        reverse("training:item_new"),
        reverse("training:item", args=[Item.objects.first().pk]),
        reverse("training:test_forms"),
        reverse("training:test_form", args=[TestForm.objects.first().pk]),
        reverse("training:evaluation_forms"),
    ]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_page_renders_for_the_trainer(demo_event, language):
    event, trainer = demo_event
    client = _client(trainer, language)
    urls = [*_event_urls(event), *_bank_urls(event)]
    if language == "ru":  # the downloads are checked in both languages by the report tests
        urls = [u for u in urls if not u.endswith((".docx", ".xlsx"))]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("training:analysis", args=[event.pk])).content.decode()
    assert 'data-testid="n-post">23<' in page
    docx = client.get(reverse("training:report_download", args=[event.pk, "final", language]))
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert docx.content[:2] == b"PK"
    assert "attachment" in docx["Content-Disposition"]


def test_other_users_get_404_everywhere(demo_event):
    event, _trainer = demo_event
    org = make_org(name="Elsewhere", country="KG")
    outsiders = [
        make_user(org=event.owner_organisation, roles=["trainer"], username="colleague"),
        make_user(org=org, roles=["trainer"], username="far_trainer"),
        make_user(org=event.owner_organisation, roles=["case_manager"], username="cm_same_org"),
        make_user(org=event.owner_organisation, roles=["nrm_coordinator"], username="coord1"),
    ]
    for user in outsiders:
        client = _client(user)
        for url in _event_urls(event):
            assert client.get(url).status_code == 404, (user.username, url)
    # Non-trainers do not even reach the training home.
    assert _client(outsiders[2]).get(reverse("training:home")).status_code == 404
    # A trainer of another organisation sees the published curriculum but not the item bank.
    far = _client(outsiders[1])
    assert (
        far.get(reverse("training:version", args=[event.curriculum_version_id])).status_code == 200
    )
    assert far.get(reverse("training:item", args=[Item.objects.first().pk])).status_code == 404
    assert (
        far.get(reverse("training:test_form", args=[TestForm.objects.first().pk])).status_code
        == 404
    )


def test_anonymous_visitors_are_sent_to_log_in(demo_event):
    event, _trainer = demo_event
    response = Client().get(reverse("training:analysis", args=[event.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_material_download_returns_the_file(trainer):
    from amanat.training import services

    version = services.curriculum_create(user=trainer, code="C1", title="Curriculum")
    module = services.curriculum_module_add(
        user=trainer, version_id=version.pk, code="M1", title="Module"
    )
    session = services.curriculum_session_add(
        user=trainer, module_id=module.pk, data={"title": "S", "method": "lecture"}
    )
    material = services.material_add(
        user=trainer,
        session_id=session.pk,
        title="Slides",
        file_name="../../slides.pdf",
        content=b"%PDF-1.4 demo",
        content_type="application/pdf",
    )
    assert material.file_name == "slides.pdf"
    response = _client(trainer).get(reverse("training:material", args=[material.pk]))
    assert response.status_code == 200
    assert response.content == b"%PDF-1.4 demo"
    assert SessionMaterial.objects.get(pk=material.pk).size == 13
    outsider = make_user(org=trainer.organisation, roles=["case_manager"], username="cmx")
    assert (
        _client(outsider).get(reverse("training:material", args=[material.pk])).status_code == 404
    )
