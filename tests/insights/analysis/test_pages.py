"""The analysis pages: permission-checked like the statistics pages, audited, with charts,
downloads in every interface language, and 4xx naming the field on bad input."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from docx import Document

from amanat.privacy.models import AuditEvent
from tests.fixtures import PASSWORD, make_case, make_org, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def researcher():
    return make_user(org=make_org(country="KZ"), roles=["researcher"], username="res")


def client_for(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("kind", ["needs", "reintegration", "recruitment"])
def test_each_page_renders_with_a_chart_and_is_audited(researcher, kind):
    manager = make_user(org=researcher.organisation, roles=["case_manager"])
    for _ in range(3):
        make_case(user=manager)
    response = client_for(researcher).get(f"/insights/analysis/{kind}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cases identified in: Kazakhstan" in page
    assert "Method" in page
    if kind == "needs":  # the others: too few cases to draw (or no visit yet)
        assert 'src="data:image/svg+xml;base64,' in page
    assert AuditEvent.objects.filter(
        action="analysis.view", object_id=kind, actor_id=researcher.pk
    ).exists()


def test_the_statistics_page_links_to_the_analyses(researcher):
    page = client_for(researcher).get("/insights/").content.decode()
    assert 'href="/insights/analysis/needs/"' in page


@pytest.mark.parametrize("roles", [["case_manager"], ["trainer"], ["law_enforcement"]])
def test_users_without_statistics_get_404(roles):
    user = make_user(org=make_org(), roles=roles)
    client = client_for(user)
    assert client.get("/insights/analysis/needs/").status_code == 404
    assert client.get("/insights/analysis/needs/download/?format=json").status_code == 404
    assert not AuditEvent.objects.filter(action="analysis.view").exists()


def test_anonymous_users_are_sent_to_login():
    response = Client().get("/insights/analysis/needs/")
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize(
    ("url", "status", "text"),
    [
        ("/insights/analysis/unknown/", 404, None),
        ("/insights/analysis/needs/?by=region", 400, "by: Unknown comparison variable region"),
        ("/insights/analysis/needs/download/?format=pdf", 400, "format: Choose docx, xlsx or json"),
        ("/insights/analysis/needs/download/?lang=xx", 400, "lang: Unknown language"),
        ("/insights/analysis/recruitment/?by=setting", 400, "by: Unknown comparison variable"),
    ],
)
def test_bad_input_is_a_4xx_naming_the_field(researcher, url, status, text):
    response = client_for(researcher).get(url)
    assert response.status_code == status
    if text:
        assert text in response.content.decode()
    assert not AuditEvent.objects.filter(action="analysis.view").exists()


@pytest.mark.parametrize(
    ("lang", "title"), [("en", "Reintegration patterns"), ("ru", "Реинтеграция")]
)
def test_docx_download_in_each_language(researcher, lang, title):
    response = client_for(researcher).get(
        f"/insights/analysis/reintegration/download/?format=docx&lang={lang}&by=country"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="amanat-reintegration-{lang}.docx"'
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert title in text


def test_json_and_xlsx_downloads(researcher):
    client = client_for(researcher)
    response = client.get("/insights/analysis/recruitment/download/?format=json")
    assert response.status_code == 200
    assert response.json()["n_cases"] == 0
    response = client.get("/insights/analysis/needs/download/?format=xlsx")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
