"""A caseworker screens a pasted Russian job advertisement in a real browser, reads the
explanation (level, highlighted phrases, sources, disclaimer), keeps it as a monitoring record,
links it to a case by its code, and sees it on the case page."""

from __future__ import annotations

import pytest

from amanat.cases.models import Case
from amanat.recruitment.models import AdCaseLink, MonitoredAd
from tests.browser.conftest import login
from tests.fixtures import make_case, make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AD = (
    "Срочно! Девушки 18-25 лет в ночной клуб в Дубае, зарплата 3000$. Перелёт за счёт "
    "работодателя, потом отработаешь. Паспорт сдать на хранение администратору. Пиши в WhatsApp."
)


def test_screen_keep_and_link_a_russian_advertisement(page):
    org = make_org(name="Hotline NGO", country="KZ", region="KZ-75")
    worker = make_user(org=org, roles=["case_manager"], username="hotline")
    case = make_case(user=worker)
    login(page, "hotline", language="ru")

    page.goto("/recruitment/")
    assert page.locator("h1").inner_text() == "Проверить объявление о работе"
    page.fill("#id_text", AD)
    page.fill("#id_url", "https://t.me/rabota_dubai/812")
    page.select_option("#id_platform", "Telegram")
    page.get_by_role("button", name="Проверить", exact=True).click()
    page.wait_for_load_state("networkidle")

    result = page.get_by_test_id("ad-result")
    assert "высокий" in page.get_by_test_id("ad-level").inner_text()
    assert page.get_by_test_id("indicator-passport_retention").is_visible()
    assert "Работодатель или агентство забирает паспорт" in result.inner_text()
    marked = page.locator("[data-testid=ad-text] mark[data-indicator=passport_retention]")
    assert marked.inner_text() == "Паспорт сдать на хранение"
    assert (
        "ILO General principles" in page.get_by_test_id("indicator-passport_retention").inner_text()
    )
    assert "не заключение" in page.get_by_test_id("disclaimer").inner_text()
    assert MonitoredAd.objects.count() == 0  # screening alone keeps nothing

    page.get_by_test_id("keep").click()
    page.wait_for_load_state("networkidle")
    ad = MonitoredAd.objects.get()
    assert page.url.endswith(f"/recruitment/ads/{ad.pk}/")
    facts = page.get_by_test_id("ad-facts").inner_text()
    assert "t.me" in facts and "rabota_dubai" not in page.content()

    page.fill("#id_case", case.code)
    page.get_by_role("button", name="Привязать к делу").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/cases/{case.pk}/")
    section = page.get_by_test_id("recruitment-ads")
    assert "Доказательства вербовки: объявления о работе" in section.inner_text()
    assert page.get_by_test_id("linked-ad").count() == 1
    assert "Telegram" in section.inner_text()
    assert "passport_retention" in section.inner_text()

    case = Case.objects.get(pk=case.pk)
    assert case.recruitment_websites == ["Telegram"]
    assert case.recruitment_methods == [
        "ThroughAnOnlineAdvertisement",
        "ThroughOnlineSocialNetworks",
    ]
    assert AdCaseLink.objects.filter(ad=ad, case=case).count() == 1
