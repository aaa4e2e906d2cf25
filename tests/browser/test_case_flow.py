"""A caseworker logs in, registers a person, opens a case, records consent and finds the case
again, in English and in Russian, through a real browser."""

from __future__ import annotations

import re

import pytest

from amanat.cases.models import Case
from amanat.privacy.models import Consent
from tests.browser.conftest import login
from tests.fixtures import make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {
        "register": "Register person",
        "open": "Open case",
        "record": "Record consent",
        "save": "Save consent",
        "given": "Given",
        "search": "Search",
        "lang": "en",
        "consent_recorded": "Consent recorded",
    },
    "ru": {
        "register": "Зарегистрировать человека",
        "open": "Открыть дело",
        "record": "Записать согласие",
        "save": "Сохранить согласие",
        "given": "Дано",
        "search": "Найти",
        "lang": "ru",
        "consent_recorded": "Согласие записано",
    },
}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_register_open_consent_and_find_again(page, language):
    text = TEXT[language]
    org = make_org(name="Browser NGO", country="KZ", region="KZ-75")
    make_user(org=org, roles=["case_manager"], username="worker")
    login(page, "worker", language=language)
    assert page.locator("html").get_attribute("lang") == text["lang"]

    page.get_by_role("link", name=text["register"], exact=True).click()
    page.fill("#id_person-first_name", "Гулнора")
    page.fill("#id_person-last_name", "Рахмонова")
    page.fill("#id_person-first_name_latin", "Gulnora")
    page.fill("#id_person-last_name_latin", "Rakhmonova")
    page.select_option("#id_person-gender", "Feminine")
    page.fill("#id_person-birth_date", "1994-03-08")
    page.fill("#id_person-phone", "+998 90 555 12 34")
    page.select_option("#id_person-citizenship", ["UZ"])
    page.select_option("#id_case-exploitation_types", ["ForcedLabour"])
    page.select_option("#id_case-recruitment_methods", ["ThroughOnlineSocialNetworks"])
    page.select_option("#id_case-recruitment_websites", ["Telegram"])
    page.get_by_role("button", name=text["open"]).click()

    code_text = page.get_by_test_id("case-code").inner_text()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}", code_text)
    case = Case.objects.get(code=code_text)
    assert case.person.first_name == "Гулнора"
    assert case.person.phone == "+998905551234"

    page.get_by_role("link", name=text["record"]).click()
    page.select_option("#id_purpose", "interview")
    page.select_option("#id_method", "verbal")
    for box in page.locator("input[type=checkbox][name^=check_]").all():
        box.check()
    page.get_by_role("button", name=text["save"]).click()
    assert text["consent_recorded"] in page.locator(".messages").inner_text()
    assert text["given"] in page.locator("#consents").inner_text()
    consent = Consent.objects.get(case=case)
    assert consent.purpose == "interview" and consent.is_active
    assert all(consent.checklist.values())
    assert (
        "consent" in page.get_by_test_id("timeline").inner_text().lower()
        or "соглас" in page.get_by_test_id("timeline").inner_text().lower()
    )

    # Find it again: by name (decrypted in memory), then by code.
    page.goto("/cases/")
    page.fill("input[name=q]", "рахмонова")
    page.get_by_role("button", name=text["search"], exact=True).click()
    page.wait_for_load_state("networkidle")
    assert code_text in page.locator("#case-rows").inner_text()
    page.fill("input[name=q]", code_text.lower().replace("-", " "))
    page.get_by_role("button", name=text["search"], exact=True).click()
    page.wait_for_load_state("networkidle")
    rows = page.locator("#case-rows tr")
    assert rows.count() == 1
    rows.first.get_by_role("link").click()
    assert page.get_by_test_id("case-code").inner_text() == code_text


def test_phone_layout_shows_the_case_list(phone_page):
    org = make_org(name="Phone NGO", country="KG")
    make_user(org=org, roles=["case_manager"], username="mobile")
    login(phone_page, "mobile")
    assert phone_page.locator("input[name=q]").is_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # no horizontal scrolling on a phone


def test_phone_menu_folds_cards_are_labelled_and_a_long_name_does_not_widen_the_page(
    phone_page,
):
    """Issue 16, finding 9: the menu filled half the first screen, the case cards showed values
    without their column names, and one long name made the list 3,479 pixels wide."""
    from tests.fixtures import make_case

    org = make_org(name="Phone NGO 2", country="KG")
    user = make_user(org=org, roles=["case_manager"], username="mobile2")
    long_name = "Абдурахмангаджиевамухаммадалиевна" * 6
    make_case(user=user, person={"first_name": "Айгуль", "last_name": long_name})
    login(phone_page, "mobile2")
    phone_page.goto("/cases/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    toggle = phone_page.locator("[data-menu-toggle]")
    assert toggle.is_visible()
    assert not phone_page.locator("#mainnav").is_visible()
    header_height = phone_page.locator("header.topbar").bounding_box()["height"]
    assert header_height < 844 * 0.25
    toggle.click()
    assert phone_page.locator("#mainnav").is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    first_row_cells = phone_page.locator("table.responsive tbody tr").first.locator("td")
    labels = [
        first_row_cells.nth(i).get_attribute("data-label") for i in range(first_row_cells.count())
    ]
    assert all(labels) and len(set(labels)) == len(labels)
    before = phone_page.evaluate(
        "getComputedStyle(document.querySelector('table.responsive tbody td'), '::before').content"
    )
    assert labels[0] in before


def test_the_menu_is_always_open_on_a_wide_screen(page):
    org = make_org(name="Desk NGO", country="KG")
    make_user(org=org, roles=["case_manager"], username="desk")
    login(page, "desk")
    assert not page.locator("[data-menu-toggle]").is_visible()
    assert page.locator("#mainnav").is_visible()
