"""The screening form, kept advertisements and the case-page section, in English and Russian."""

from __future__ import annotations

import pytest
from django.test import Client

from amanat.cases.models import Case
from amanat.recruitment import services
from amanat.recruitment.models import AdCaseLink, MonitoredAd
from tests.fixtures import PASSWORD, make_case, make_user
from tests.recruitment.conftest import RISKY_RU


def login(user, language="en"):
    client = Client(headers={"Accept-Language": language})
    client.cookies["django_language"] = language
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_screen_shows_level_highlighted_phrases_sources_and_disclaimer(case_manager):
    client = login(case_manager)
    assert client.get("/recruitment/").status_code == 200
    page = client.post("/recruitment/", {"text": RISKY_RU, "language": "auto", "action": "screen"})
    html = page.content.decode()
    assert page.status_code == 200
    assert '<strong class="profile-high">high</strong>' in html
    assert (
        '<mark data-indicator="passport_retention" title="passport_retention">Паспорт сдать на хранение</mark>'
        in html
    )
    assert "ILO General principles and operational guidelines for fair recruitment" in html
    assert "not a determination" in html
    assert 'data-testid="keep"' in html
    assert MonitoredAd.objects.count() == 0  # screening stores nothing


def test_screen_page_in_russian(case_manager):
    html = (
        login(case_manager, "ru")
        .post("/recruitment/", {"text": RISKY_RU, "action": "screen"})
        .content.decode()
    )
    assert "Проверить объявление о работе" in html
    assert '<strong class="profile-high">высокий</strong>' in html
    assert "Это индикатор для специалистов" in html


def test_text_is_escaped_in_the_highlighted_copy(case_manager):
    text = "<script>alert(1)</script> Паспорт сдать на хранение. Срочно!"
    html = (
        login(case_manager)
        .post("/recruitment/", {"text": text, "action": "screen"})
        .content.decode()
    )
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_bad_input_is_shown_on_the_field(case_manager):
    client = login(case_manager)
    response = client.post("/recruitment/", {"text": RISKY_RU, "url": "ftp://x", "action": "keep"})
    assert response.status_code == 200
    assert "Enter a web address starting with http:// or https://" in response.content.decode()
    response = client.post(
        "/recruitment/", {"text": RISKY_RU, "found_on": "2026-99-01", "action": "keep"}
    )
    assert "Enter a date as YYYY-MM-DD." in response.content.decode()
    assert MonitoredAd.objects.count() == 0


def test_keep_then_link_to_a_case_by_code_shows_on_the_case_page(case_manager, case):
    client = login(case_manager)
    response = client.post("/recruitment/", {"text": RISKY_RU, "url": "https://vk.com/wall-1_2",
                                             "platform": "VKontakte", "action": "keep"})  # fmt: skip
    ad = MonitoredAd.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/recruitment/ads/{ad.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "vk.com" in detail and "https://vk.com/wall-1_2" not in detail
    listing = client.get("/recruitment/ads/").content.decode()
    assert listing.count('data-testid="ad-row"') == 1
    wrong = client.post(f"/recruitment/ads/{ad.pk}/link/", {"case": "ZZZZ-ZZZZ"})
    assert "Your organisation holds no case with this code." in wrong.content.decode()
    linked = client.post(f"/recruitment/ads/{ad.pk}/link/", {"case": case.code.lower()})
    assert linked.status_code == 302 and linked["Location"] == f"/cases/{case.pk}/"
    case_page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="recruitment-ads"' in case_page and 'data-testid="linked-ad"' in case_page
    assert "VKontakte" in case_page
    assert Case.objects.get(pk=case.pk).recruitment_websites == ["VKontakte"]


def test_link_to_another_organisations_case_says_no_such_case(case_manager, other_case_manager):
    other = make_case(user=other_case_manager)
    ad = services.ad_keep(user=case_manager, text=RISKY_RU)
    html = (
        login(case_manager)
        .post(f"/recruitment/ads/{ad.pk}/link/", {"case": other.code})
        .content.decode()
    )
    assert "Your organisation holds no case with this code." in html
    assert AdCaseLink.objects.count() == 0


def test_other_organisation_gets_404_everywhere(case_manager, other_case_manager, case):
    ad = services.ad_keep(user=case_manager, text=RISKY_RU)
    services.ad_link_case(user=case_manager, ad_id=ad.pk, case_id=case.pk)
    client = login(other_case_manager)
    for path in (
        f"/recruitment/ads/{ad.pk}/",
        "/recruitment/ads/abc/",
        "/recruitment/ads/99999999999999999999/",
    ):
        assert client.get(path).status_code == 404
    assert client.post(f"/recruitment/ads/{ad.pk}/link/", {"case": case.code}).status_code == 404
    assert client.post(f"/recruitment/ads/{ad.pk}/delete/").status_code == 404
    assert RISKY_RU[:20] not in client.get("/recruitment/ads/").content.decode()
    assert MonitoredAd.objects.count() == 1 and AdCaseLink.objects.count() == 1


@pytest.mark.parametrize("role", ["researcher", "trainer"])  # administrators: see test_api
def test_pages_refused_to_roles_without_case_work(org, role):
    client = login(make_user(org=org, roles=[role]))
    assert client.get("/recruitment/").status_code == 404
    assert client.post("/recruitment/", {"text": RISKY_RU, "action": "keep"}).status_code == 404
    assert MonitoredAd.objects.count() == 0


def test_case_section_hidden_from_a_referral_partner_and_when_nothing_is_linked(case_manager, case):
    client = login(case_manager)
    assert 'data-testid="recruitment-ads"' not in client.get(f"/cases/{case.pk}/").content.decode()
