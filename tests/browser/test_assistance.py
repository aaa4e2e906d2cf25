"""A caseworker records a follow-up visit with a reintegration sustainability assessment and
sees the score trajectory update, through a real browser, in English and in Russian."""

from __future__ import annotations

import datetime as dt

import pytest

from amanat.assistance import services
from amanat.assistance.followup_schedule import add_months
from amanat.assistance.models import ReintegrationAssessment
from tests.assistance.helpers import consented_case
from tests.browser.conftest import login
from tests.fixtures import make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = {
    "en": {
        "open": "Assistance, plan and follow-up",
        "record": "Record a follow-up visit",
        "save": "Save visit",
        "saved": "Follow-up visit recorded",
    },
    "ru": {
        "open": "Помощь, план и сопровождение",
        "record": "Записать визит сопровождения",
        "save": "Сохранить визит",
        "saved": "Визит сопровождения записан",
    },
}

# Better than at the first visit: economic 0.75, social 0.75, psychosocial 0.75.
ANSWERS = {
    "income_and_work": "irregular_mostly_sufficient",
    "economic_satisfaction": "satisfied",
    "housing": "adequate_insecure",
    "documentation": "all",
    "feeling_safe": "agree",
    "psychological_distress": "rarely",
}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_caseworker_records_a_visit_and_sees_the_trajectory(page, language):
    text = TEXT[language]
    org = make_org(name="Follow-up NGO", country="KG", region="KG-GB")
    worker = make_user(org=org, roles=["case_manager"], username="worker")
    case = consented_case(
        worker, person={"first_name": "Нурлан", "last_name": "Касымов", "gender": "Masculine"}
    )
    today = dt.date.today()
    anchor = add_months(today, -4)
    services.followup_schedule_set(
        user=worker, case_id=case.pk, anchor_kind="exit", anchor_date=anchor
    )
    services.followup_visit_record(
        user=worker,
        case_id=case.pk,
        number=1,
        visited_on=add_months(anchor, 3),
        mode="phone",
        answers={
            "income_and_work": "no_income_seeking_work",
            "housing": "inadequate",
            "feeling_safe": "disagree",
        },
    )
    assert ReintegrationAssessment.objects.get(case=case).composite == 0.1667

    login(page, "worker", language=language)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_test_id("assistance-open").click()
    assert page.get_by_test_id("trajectory-chart").get_attribute("data-points") == "1"
    assert page.locator("[data-testid=trajectory] tbody tr").count() == 1

    page.get_by_test_id("record-visit").click()
    page.select_option("#id_number", "")  # a visit outside the schedule
    page.fill("#id_visited_on", today.isoformat())
    page.select_option("#id_mode", "in_person")
    page.fill("#id_notes", "Работает на стройке в Оше, живёт у брата")
    for code, option in ANSWERS.items():
        page.select_option(f"#id_rss_{code}", option)
    page.get_by_role("button", name=text["save"]).click()
    page.wait_for_load_state("networkidle")

    assert text["saved"] in page.locator(".messages").inner_text()
    chart = page.get_by_test_id("trajectory-chart")
    assert chart.get_attribute("data-points") == "2"
    assert chart.locator("svg").count() == 1
    rows = page.locator("[data-testid=trajectory] tbody tr")
    assert rows.count() == 2
    latest = rows.nth(1).inner_text()
    assert today.isoformat() in latest and "0.75" in latest
    assert "6/15" in latest
    record = ReintegrationAssessment.objects.filter(case=case).order_by("id").last()
    assert (record.economic, record.social, record.psychosocial, record.composite) == (
        0.75,
        0.75,
        0.75,
        0.75,
    )
    assert "Работает на стройке" in page.get_by_test_id("visits").inner_text()
