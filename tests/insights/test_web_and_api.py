"""Insights pages and API: who reaches what (roles x endpoints), aggregates only, no 500 on bad
input, downloads of reports and extracts."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client

from amanat.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from amanat.cases.models import Case
from tests.fixtures import api_client, make_org, make_user
from tests.insights.helpers import (
    EXPORT_PASSWORD,
    open_case,
    referral_consent,
    research_consent,
    unzip,
    world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    w = world()
    for i in range(12):
        case = open_case(
            w["cm_kz"],
            name=f"Имя{i}",
            birth="1990-01-01",
            region="KZ-75",
            exploitation_types=["ForcedLabour"],
        )
        research_consent(w["cm_kz"], case)
    return w


def web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


STATS_PAGES = [
    ("get", "/insights/", {}),
    ("get", "/insights/gaps/", {}),
    ("get", "/insights/report/", {"kind": "xlsx", "lang": "en"}),
    ("post", "/insights/export/ctdc/", {"k": "5"}),
]


@pytest.mark.parametrize("role", list(Role.values))
def test_statistics_pages_and_api_by_role(w, role):
    user = make_user(org=make_org(name=f"Org {role}", country="KZ"), roles=[role])
    allowed = Perm.STATS_VIEW in ROLE_PERMISSIONS[role]
    client = web(user)
    # An administrator is first sent to set up a second factor; then like any other: 404.
    refused = 302 if role == Role.ADMINISTRATOR else 404
    for method, path, data in STATS_PAGES:
        response = getattr(client, method)(path, data)
        assert response.status_code == (200 if allowed else refused), (role, path)
    api = api_client(user)
    for path in ("/api/insights/statistics", "/api/insights/gaps", "/api/insights/datasets"):
        assert api.get(path).status_code == (200 if allowed else 404), (role, path)


def test_the_dashboard_shows_charts_and_suppressed_tables_but_no_case(w):
    response = web(w["researcher"]).get("/insights/")
    html = response.content.decode()
    assert html.count('data-chart="') == 16 + 0  # no referral, service or gap data yet
    assert "data:image/svg+xml;base64," in html
    assert "Имя" not in html and Case.objects.first().code not in html
    assert "/cases/" not in html.replace('href="/cases/"', "")  # no link to any case
    assert "Referral outcomes: no referral recorded yet." in html


def test_the_dashboard_in_russian(w):
    client = web(w["coordinator"])
    client.post("/i18n/setlang/", {"language": "ru", "next": "/insights/"})
    html = client.get("/insights/").content.decode()
    assert "Статистика" in html and "Возрастная группа" in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"countries": "XX"}, "countries"),
        ({"period": "soon"}, "period"),
        ({"regions": "KZ-99"}, "regions"),
        ({"threshold": "1"}, "threshold"),
        ({"source": "nope"}, "source"),
        ({"match": "shoe"}, "match"),
        ({"source": "cases", "threshold": "3"}, "threshold"),
    ],
)
def test_bad_filters_are_shown_on_the_form_never_a_500(w, query, field):
    response = web(w["coordinator"]).get("/insights/", query)
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    api = api_client(w["coordinator"]).get("/api/insights/statistics", query)
    if field != "source":
        assert api.status_code == 422 and api.json()["field"] == field
    else:
        assert api.status_code == 404


def test_the_api_is_documented(w):
    paths = Client().get("/api/openapi.json").json()["paths"]
    assert {
        "/api/insights/statistics",
        "/api/insights/gaps",
        "/api/insights/datasets",
        "/api/insights/htcds/export",
        "/api/insights/htcds/import",
    } <= set(paths)


def test_api_statistics_with_filters(w):
    api = api_client(w["researcher"])
    body = api.get(
        "/api/insights/statistics",
        {"countries": "KZ", "period": "2024", "statistics": "gender,age"},
    ).json()
    assert [t["statistic"] for t in body["tables"]] == ["gender", "age"]
    assert body["tables"][0]["rows"][0]["count"] == 12
    assert body["filters"] == [
        "yearOfRegistration 2024-2024 (inclusive)",
        "country of identification in KZ",
    ]
    bad = api.get("/api/insights/statistics", {"statistics": "gender,secret"})
    assert bad.status_code == 422 and bad.json()["field"] == "statistics"


def test_report_downloads(w):
    client = web(w["coordinator"])
    docx = client.get("/insights/report/", {"kind": "docx", "lang": "ru"})
    assert docx.status_code == 200
    assert docx["Content-Type"].endswith("wordprocessingml.document")
    assert docx["Content-Disposition"].startswith('attachment; filename="amanat-report-cases-ru-')
    assert client.get("/insights/report/", {"kind": "pdf"}).status_code == 404
    assert client.get("/insights/report/", {"kind": "docx", "lang": "fr"}).status_code == 404
    bad = client.get("/insights/report/", {"kind": "docx", "countries": "XX"})
    assert bad.status_code == 302


def test_ctdc_extract_download_is_a_zip_with_the_report(w):
    response = web(w["researcher"]).post("/insights/export/ctdc/", {"k": "5"})
    assert response["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(bundle.namelist()) == ["ctdc_v6_k_anonymised.csv", "k_anonymity_report.json"]
    report = json.loads(bundle.read("k_anonymity_report.json"))
    assert report["cases_with_research_consent"] == 12
    assert report["k_anonymity"]["k"] == 5
    assert web(w["researcher"]).post("/insights/export/ctdc/", {"k": "1"}).status_code == 302


def test_exchange_pages(w):
    client = web(w["cm_kz"])
    assert client.get("/insights/exchange/").status_code == 200
    missing_basis = client.post(
        "/insights/exchange/", {"export-purpose": "transfer", "export-file_format": "json"}
    )
    assert missing_basis.status_code == 200 and "legal basis" in missing_basis.content.decode()
    # No row-level research extract any more (issue 15): the choice is gone and refused.
    research = client.post(
        "/insights/exchange/", {"export-purpose": "research", "export-file_format": "json"}
    )
    assert research.status_code == 200
    assert research["Content-Type"].startswith("text/html")
    assert 'value="research"' not in research.content.decode()
    assert web(w["researcher"]).get("/insights/exchange/").status_code == 404


def test_exchange_import_upload(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = web(w["cm_kg"])
    good = SimpleUploadedFile("in.csv", "prs_FirstName,prs_Gender\nАсель,Feminine\n".encode())
    response = client.post("/insights/exchange/import/", {"import-file": good})
    assert response.status_code == 302
    assert Case.objects.filter(owner_organisation=w["kg"]).count() == 1
    bad = SimpleUploadedFile("in.csv", "prs_FirstName,prs_Gender\nА,Robot\n".encode())
    response = client.post("/insights/exchange/import/", {"import-file": bad})
    assert (
        response.status_code == 200 and 'data-testid="import-problems"' in response.content.decode()
    )
    wrong = SimpleUploadedFile("in.txt", b"x")
    assert client.post("/insights/exchange/import/", {"import-file": wrong}).status_code == 200
    binary = SimpleUploadedFile("in.csv", b"\xff\xfe\x00bad")
    assert client.post("/insights/exchange/import/", {"import-file": binary}).status_code == 200
    assert web(w["researcher"]).post("/insights/exchange/import/", {}).status_code == 404


def test_api_htcds_export_and_import(w):
    for case in Case.objects.filter(owner_organisation=w["kz"]):
        referral_consent(w["cm_kz"], case, w["kg"])
    sender = api_client(w["cm_kz"])
    body = {
        "purpose": "transfer",
        "legal_basis": "consent",
        "format": "json",
        "recipient_organisation": w["kg"].pk,
        "password": EXPORT_PASSWORD,
    }
    response = sender.post(
        "/api/insights/htcds/export", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    records = json.loads(unzip(response.content)[1])["records"]
    assert len(records) == 12
    receiver = api_client(w["cm_kg"])
    # "Тестов Имя0" and "Тестов Имя1", born the same day, look like one person typed twice:
    # the import reports it (ADR 0121) and imports nothing unless told the records differ.
    refused = receiver.post(
        "/api/insights/htcds/import",
        data=json.dumps({"format": "json", "records": records[:2]}),
        content_type="application/json",
    )
    assert refused.status_code == 422 and refused.json()["code"] == "htcds_rejected"
    assert [(p["record"], p["field"]) for p in refused.json()["problems"]] == [(2, "prs_FirstName")]
    assert not Case.objects.filter(owner_organisation=w["kg"]).exists()
    created = receiver.post(
        "/api/insights/htcds/import",
        data=json.dumps({"format": "json", "records": records[:2], "allow_duplicates": True}),
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["imported"] == 2
    rejected = receiver.post(
        "/api/insights/htcds/import",
        data=json.dumps({"format": "json", "records": [{"prs_Gender": "Robot"}]}),
        content_type="application/json",
    )
    assert rejected.status_code == 422
    assert [p["field"] for p in rejected.json()["problems"]] == ["prs_Gender", "prs_FirstName"]
    missing = sender.post(
        "/api/insights/htcds/export",
        data=json.dumps({"purpose": "transfer"}),
        content_type="application/json",
    )
    assert missing.status_code == 422 and missing.json()["field"] == "legal_basis"
    other = receiver.post(
        "/api/insights/htcds/export",
        data=json.dumps(
            {
                **body,
                "recipient_organisation": w["kz"].pk,
                "case_ids": [Case.objects.filter(owner_organisation=w["kz"]).first().pk],
            }
        ),
        content_type="application/json",
    )
    assert other.status_code == 404
    garbage = receiver.post(
        "/api/insights/htcds/import",
        data=json.dumps({"format": "csv", "content": "a,b\n1,2,3\n"}),
        content_type="application/json",
    )
    assert garbage.status_code == 422
    assert (
        api_client(w["researcher"])
        .post(
            "/api/insights/htcds/import",
            data=json.dumps({"format": "json", "records": records[:1]}),
            content_type="application/json",
        )
        .status_code
        == 404
    )
