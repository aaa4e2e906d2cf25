"""A caseworker runs the identification interview in Russian inside a case, through a real
browser: skip logic shows and hides questions as answers change, answers are saved section by
section, and the explained result is shown; the status decision is recorded separately."""

from __future__ import annotations

import pytest

from amanat.cases.models import Case
from amanat.screening.models import Assessment
from tests.browser.conftest import login
from tests.fixtures import make_case, make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _yes(page, question: str, value: str = "yes") -> None:
    page.check(f"input[name='q-{question}'][value='{value}']")


def _next(page) -> None:
    page.get_by_role("button", name="Сохранить и далее").click()
    page.wait_for_load_state("networkidle")


def _shown(page, question: str) -> bool:
    return page.get_by_test_id(f"question-{question}").is_visible()


def test_identification_interview_in_russian_with_skip_logic(page):
    org = make_org(name="Browser NGO", country="KZ", region="KZ-75")
    worker = make_user(org=org, roles=["case_manager"], username="worker")
    case = make_case(user=worker)
    login(page, "worker", language="ru")
    page.goto(f"/cases/{case.pk}/")
    assert "Интервью ещё не проводилось." in page.get_by_test_id("assessments").inner_text()
    page.get_by_role("link", name="Начать интервью").click()
    page.select_option("#id_guide", "identification-interview")
    assert page.locator("#id_language").input_value() == "ru"
    page.get_by_role("button", name="Начать", exact=True).click()

    # 1. Consent: nothing else is shown until the person agrees.
    assert page.get_by_test_id("section-title").inner_text().startswith("1. Согласие")
    for question in (
        "informed_purpose",
        "informed_data_use",
        "informed_research_use",
        "informed_right_to_access",
        "informed_retention",
        "informed_withdrawal",
        "consent_interview",
    ):
        _yes(page, question)
    _next(page)

    # 2. Personal situation: the child question follows the age as it is typed.
    assert "Личная ситуация" in page.get_by_test_id("section-title").inner_text()
    assert not _shown(page, "unaccompanied")
    page.fill("#id_q-age", "16")
    assert _shown(page, "unaccompanied")
    _yes(page, "unaccompanied")
    page.fill("#id_q-age", "34")
    assert not _shown(page, "unaccompanied")
    _yes(page, "gender", "feminine")
    assert _shown(page, "pregnant")
    _yes(page, "gender", "masculine")
    assert not _shown(page, "pregnant")
    _yes(page, "language_difficulty")
    _next(page)

    # 3. Migration history: the status question only where the person is now abroad.
    _yes(page, "current_situation", "returned")
    assert _shown(page, "reentry_ban") and not _shown(page, "migration_status")
    _yes(page, "current_situation", "destination")
    assert _shown(page, "migration_status") and not _shown(page, "reentry_ban")
    _yes(page, "migration_status", "irregular")
    _next(page)

    # 4. Recruitment: methods, then apps (HTCDS values), then the website, one after another.
    assert not _shown(page, "recruitment_method")
    _yes(page, "recruited")
    assert _shown(page, "recruitment_method") and not _shown(page, "recruitment_apps")
    page.check("input[name='q-recruitment_method'][value='ThroughOnlineSocialNetworks']")
    assert _shown(page, "recruitment_apps") and not _shown(page, "recruitment_website")
    page.check("input[name='q-recruitment_apps'][value='Telegram']")
    assert _shown(page, "recruitment_website")
    page.fill("#id_q-recruitment_website", "канал «Работа в Москве»")
    _yes(page, "deceived_job")
    _yes(page, "deceived_wages")
    _next(page)

    # 5. Journey (shown because the person was recruited).
    assert "Поездка" in page.get_by_test_id("section-title").inner_text()
    _next(page)

    # 6. Work: the school question is for children only.
    _yes(page, "worked")
    assert _shown(page, "pay") and not _shown(page, "no_school")
    _yes(page, "pay", "withheld")
    _yes(page, "excessive_hours")
    _next(page)

    # 7. Control and coercion.
    _yes(page, "documents_held")
    _yes(page, "threats")
    _next(page)

    # 8. Immediate needs; 9. Safety: notes only when there is a risk.
    page.check("input[name='q-immediate_needs'][value='shelter']")
    _next(page)
    assert not _shown(page, "safety_notes")
    _yes(page, "in_danger_now")
    assert _shown(page, "safety_notes")
    _yes(page, "in_danger_now", "no")
    assert not _shown(page, "safety_notes")
    page.get_by_role("button", name="Сохранить и проверить ответы").click()

    # Review, then complete.
    assert "Проверка ответов" in page.content()
    assessment = Assessment.objects.get(case=case)
    answers = assessment.answers["answers"]
    assert answers["age"] == 34 and answers["recruitment_apps"] == ["Telegram"]
    assert "unaccompanied" not in answers and "safety_notes" not in answers  # hidden: not kept
    page.get_by_test_id("complete").click()

    # The explained result.
    assert (
        "Предполагаемая жертва торговли людьми: правило сочетания выполнено."
        in page.get_by_test_id("verdict").inner_text()
    )
    # The first screen: indicators in plain words, no engine codes; the trace is folded.
    present = page.get_by_test_id("indicators-present").inner_text()
    assert "Обманная вербовка" in present and "d1." not in present
    assert not page.get_by_test_id("explanation").is_visible()
    page.get_by_test_id("rule-trace").locator("summary").click()
    explanation = page.get_by_test_id("explanation").inner_text()
    assert "Измерение 1 (Обманная вербовка" in explanation
    assert "Измерение 5 (Принуждение в месте назначения" in explanation
    assert (
        "Операционный индикатор, а не юридическое определение."
        in page.get_by_test_id("disclaimer").inner_text()
    )
    dimension = page.get_by_test_id("dimension-1").inner_text()
    assert "положительное" in dimension and "d1.nature_of_job" in dimension
    categories = page.get_by_test_id("categories").inner_text()
    assert "Предполагаемая жертва торговли людьми" in categories
    assert "Мигрант с неурегулированным статусом" in categories
    assert "ILO" in page.get_by_test_id("rules").inner_text()
    assert "Приют" in page.get_by_test_id("needs").inner_text()

    # The human decision, recorded separately from the suggestion.
    assert (
        "Решение о статусе ещё не зафиксировано."
        in page.get_by_test_id("recorded-status").inner_text()
    )
    page.select_option("#id_status", "PossibleVictimOfTrafficking")
    page.select_option("#id_decided_by_org_type", "NGO")
    page.get_by_role("button", name="Записать решение").click()
    assert (
        "Предполагаемая жертва торговли людьми"
        in page.get_by_test_id("recorded-status").inner_text()
    )
    case = Case.objects.get(pk=case.pk)
    assert (case.trafficking_status, case.status_decided_by_id) == (
        "PossibleVictimOfTrafficking",
        worker.pk,
    )
    page.goto(f"/cases/{case.pk}/")
    rows = page.get_by_test_id("assessment-row")
    assert rows.count() == 1 and "Индикаторы торговли людьми выявлены" in rows.first.inner_text()


def test_interview_page_fits_a_phone(phone_page):
    from amanat.screening import services

    org = make_org(name="Phone NGO", country="KG")
    worker = make_user(org=org, roles=["case_manager"], username="mobile")
    case = make_case(user=worker)
    draft = services.assessment_start(
        user=worker,
        case_id=case.pk,
        guide_id="identification-interview",
        language="ru",
        answers={"answers": {"consent_interview": "yes", "recruited": "yes"}},
    )
    login(phone_page, "mobile", language="ru")
    phone_page.goto(f"/screening/cases/{case.pk}/assessments/{draft.pk}/?section=recruitment")
    assert phone_page.get_by_test_id("question-recruitment_method").is_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # no horizontal scrolling on a phone
