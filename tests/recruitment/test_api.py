"""/api/ads: screen, keep, list, read, link, delete, statistics; malformed input; other
organisations' ids."""

from __future__ import annotations

import json

import pytest

from amanat.recruitment.models import AdCaseLink, MonitoredAd
from tests.fixtures import api_client, make_case, make_user
from tests.recruitment.conftest import RISKY_RU

URL = "https://t.me/jobs_abroad/4411"


def post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def cm_api(case_manager):
    return api_client(case_manager)


def test_screen_explains_and_stores_nothing(cm_api):
    response = post(
        cm_api, "/api/ads/screen", {"text": RISKY_RU, "url": URL, "platform": "Telegram"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["level"], body["language"], body["destinations"]) == ("high", "ru", ["AE"])
    passport = next(i for i in body["indicators"] if i["indicator"] == "passport_retention")
    assert passport["phrases"] == ["паспорт сдать на хранение"]
    assert passport["grade"] == "A" and "ILO" in passport["source"]
    assert "not a determination" in body["disclaimer"]
    assert MonitoredAd.objects.count() == 0


def test_screen_in_russian_labels_and_disclaimer(case_manager):
    client = api_client(case_manager)
    response = client.post("/api/ads/screen", data=json.dumps({"text": RISKY_RU}),
                           content_type="application/json", headers={"Accept-Language": "ru"})  # fmt: skip
    body = response.json()
    assert body["disclaimer"].startswith("Это индикатор для специалистов")
    assert body["indicators"][0]["label"] == "Работодатель или агентство забирает паспорт"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": RISKY_RU, "url": "not a url"}, "url"),
        ({"text": RISKY_RU, "platform": "Orkut"}, "platform"),
        ({"text": RISKY_RU, "language": "de"}, "language"),
    ],
)
def test_screen_and_keep_bad_fields_answer_422_naming_the_field(cm_api, body, field):
    for path in ("/api/ads/screen", "/api/ads"):
        response = post(cm_api, path, body)
        assert response.status_code == 422, response.content
        assert response.json()["field"] == field
    assert MonitoredAd.objects.count() == 0


@pytest.mark.parametrize(
    "body", [5, [], "text", {"url": URL}, {"text": RISKY_RU, "found_on": "2026-02-30"}]
)
def test_malformed_bodies_are_4xx(cm_api, body):
    for path in ("/api/ads/screen", "/api/ads"):
        assert post(cm_api, path, body).status_code == 422
    assert cm_api.post(
        "/api/ads", data=b"\xff\xfe", content_type="application/json"
    ).status_code in (400, 422)
    assert MonitoredAd.objects.count() == 0


def test_keep_list_read_link_delete(case_manager, cm_api):
    case = make_case(user=case_manager)
    response = post(cm_api, "/api/ads", {"text": RISKY_RU, "url": URL, "platform": "Telegram",
                                         "found_on": "2026-10-01"})  # fmt: skip
    assert response.status_code == 201
    ad = response.json()
    assert (ad["level"], ad["platform"], ad["domain"], ad["found_on"]) == (
        "high",
        "Telegram",
        "t.me",
        "2026-10-01",
    )
    assert "text" not in ad and "url" not in ad
    again = post(cm_api, "/api/ads", {"text": "другой текст", "url": URL + "/"})
    assert again.status_code == 409 and again.json()["field"] == "url"
    listed = cm_api.get("/api/ads").json()
    assert [row["id"] for row in listed] == [ad["id"]]
    assert cm_api.get("/api/ads?level=low").json() == []
    detail = cm_api.get(f"/api/ads/{ad['id']}").json()
    assert detail["text"] == RISKY_RU and detail["explanation"]["level"] == "high"
    linked = post(cm_api, f"/api/ads/{ad['id']}/cases", {"case": case.pk})
    assert linked.status_code == 201 and linked.json() == {"ad": ad["id"], "case": case.pk}
    case.refresh_from_db()
    assert case.recruitment_websites == ["Telegram"]
    assert cm_api.get(f"/api/ads/{ad['id']}").json()["cases"] == [case.pk]
    assert cm_api.delete(f"/api/ads/{ad['id']}").status_code == 204
    assert cm_api.get(f"/api/ads/{ad['id']}").status_code == 404
    assert AdCaseLink.objects.count() == 0


def test_other_organisation_and_malformed_ids_answer_404(case_manager, other_case_manager, cm_api):
    own = make_case(user=case_manager)
    theirs = post(api_client(other_case_manager), "/api/ads", {"text": RISKY_RU}).json()["id"]
    mine = post(cm_api, "/api/ads", {"text": RISKY_RU}).json()["id"]
    for ad_id in (theirs, 99_999_999, "abc", "%D9%A3", "-1", str(2**63)):
        assert cm_api.get(f"/api/ads/{ad_id}").status_code == 404
        assert post(cm_api, f"/api/ads/{ad_id}/cases", {"case": own.pk}).status_code == 404
        assert cm_api.delete(f"/api/ads/{ad_id}").status_code == 404
    other_case = make_case(user=other_case_manager)
    assert post(cm_api, f"/api/ads/{mine}/cases", {"case": other_case.pk}).status_code == 404
    bad = post(cm_api, f"/api/ads/{mine}/cases", {"case": "x1"})
    assert bad.status_code == 422 and bad.json()["field"] == "case"
    assert post(cm_api, f"/api/ads/{mine}/cases", {}).status_code == 422
    assert MonitoredAd.objects.count() == 2 and AdCaseLink.objects.count() == 0


@pytest.mark.parametrize("role", ["researcher", "trainer", "administrator"])
def test_roles_without_case_work_get_404(org, role):
    client = api_client(make_user(org=org, roles=[role]))
    assert post(client, "/api/ads/screen", {"text": RISKY_RU}).status_code == 404
    assert post(client, "/api/ads", {"text": RISKY_RU}).status_code == 404
    assert client.get("/api/ads").json() == []


def test_statistics_need_stats_permission(case_manager, org):
    assert api_client(case_manager).get("/api/ads/stats").status_code == 404
    researcher = make_user(org=org, roles=["researcher"])
    body = api_client(researcher).get("/api/ads/stats").json()
    assert body["total"] == 0 and body["by_platform"] == []
