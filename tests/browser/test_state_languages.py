"""The interface in the state languages, through a real browser: a Tajik identification interview
from consent to result with its skip logic, and a Kyrgyz case page. Needs the Tajik and Kyrgyz
catalogues and content (branches ttg, tky)."""

from __future__ import annotations

import pytest

from amanat.screening.models import Assessment
from tests.browser.conftest import login
from tests.fixtures import make_case, make_org, make_user
from tests.i18n import scan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAJIK = set("ӣӯҳҷқғӢӮҲҶҚҒ")
KYRGYZ = set("ңөүҢӨҮ")


def _answer(page, question: str, value: str = "yes") -> None:
    page.check(f"input[name='q-{question}'][value='{value}']")


def _next(page) -> None:
    page.get_by_test_id("next").click()
    page.wait_for_load_state("networkidle")


def _shown(page, question: str) -> bool:
    return page.get_by_test_id(f"question-{question}").is_visible()


def _english_words(page, language: str, *, without: str = "") -> list[str]:
    """English interface words on the page; `without`: a selector of parts left out."""
    vocabulary = scan.english_words()
    result = scan.ScanResult()
    html = page.evaluate(
        "(without) => { const copy = document.documentElement.cloneNode(true);"
        " if (without) copy.querySelectorAll(without).forEach((e) => e.remove());"
        " return copy.outerHTML; }",
        without,
    )
    scan.scan_pages(
        [(page.url, html)], language=language, role="-", vocabulary=vocabulary, result=result,
    )  # fmt: skip
    return sorted({f"{f.word}: «{f.context}»" for f in result.findings})


def test_identification_interview_in_tajik_with_skip_logic(page):
    org = make_org(name="Ташкилоти ҷамъиятӣ", country="TJ", region="TJ-SU")
    worker = make_user(org=org, roles=["case_manager"], username="nigora")
    case = make_case(user=worker)
    login(page, "nigora", language="tg")
    assert page.locator("html").get_attribute("lang") == "tg"
    page.goto(f"/screening/cases/{case.pk}/start/")
    page.select_option("#id_guide", "identification-interview")
    assert page.locator("#id_language").input_value() == "tg"  # the page's language by default
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    # 1. Consent, fully in Tajik (100% of the interview is translated: no fallback marker).
    title = page.get_by_test_id("section-title").inner_text()
    assert title.startswith("1. ") and TAJIK & set(title), title
    assert page.get_by_test_id("fallback-note").count() == 0
    assert page.locator("abbr.fallback").count() == 0
    assert page.get_by_test_id("draft-mark").count() >= 7  # drafts until a native review
    for question in (
        "informed_purpose", "informed_data_use", "informed_research_use",
        "informed_right_to_access", "informed_retention", "informed_withdrawal",
        "consent_interview",
    ):  # fmt: skip
        _answer(page, question)
    _next(page)

    # 2. Personal situation: the child question follows the age as it is typed.
    assert not _shown(page, "unaccompanied")
    page.fill("#id_q-age", "16")
    assert _shown(page, "unaccompanied")
    page.fill("#id_q-age", "29")
    assert not _shown(page, "unaccompanied")
    _answer(page, "gender", "feminine")
    assert _shown(page, "pregnant")
    _answer(page, "gender", "masculine")
    assert not _shown(page, "pregnant")
    _next(page)

    # 3. Migration: the status question only where the person is abroad.
    _answer(page, "current_situation", "returned")
    assert _shown(page, "reentry_ban") and not _shown(page, "migration_status")
    _next(page)

    # 4. Recruitment: the methods only once the person says they were recruited.
    assert not _shown(page, "recruitment_method")
    _answer(page, "recruited")
    assert _shown(page, "recruitment_method")
    _answer(page, "deceived_job")
    _answer(page, "deceived_wages")
    _next(page)
    _next(page)  # 5. Journey
    _answer(page, "worked")  # 6. Work
    _answer(page, "pay", "withheld")
    _next(page)
    _answer(page, "documents_held")  # 7. Control
    _answer(page, "threats")
    _next(page)
    _next(page)  # 8. Immediate needs
    assert not _shown(page, "safety_notes")  # 9. Safety
    _answer(page, "in_danger_now")
    assert _shown(page, "safety_notes")
    _answer(page, "in_danger_now", "no")
    page.get_by_test_id("review").click()
    page.wait_for_load_state("networkidle")
    assert _english_words(page, "tg") == [], "\n".join(_english_words(page, "tg"))
    page.get_by_test_id("complete").click()
    page.wait_for_load_state("networkidle")

    # The explained result, in Tajik.
    assessment = Assessment.objects.get(case=case)
    assert assessment.language == "tg"
    answers = assessment.answers["answers"]
    assert answers["age"] == 29 and "unaccompanied" not in answers and "safety_notes" not in answers
    verdict = page.get_by_test_id("verdict").inner_text()
    assert TAJIK & set(verdict), verdict
    assert TAJIK & set(page.get_by_test_id("disclaimer").inner_text())
    assert page.get_by_test_id("fallback-note").count() == 0
    # The rule trace for specialists names facts, questions and rules by their ids.
    english = _english_words(page, "tg", without="details.trace")
    assert english == [], "\n".join(english)


def test_a_case_page_in_kyrgyz(page):
    org = make_org(name="Ала-Тоо борбору", country="KG", region="KG-GB")
    worker = make_user(org=org, roles=["case_manager"], username="aibek")
    case = make_case(
        user=worker,
        person={"first_name": "Айгүл", "last_name": "Асанова", "gender": "Feminine",
                "citizenship": ["KG"]},
        case={"country": "KG"},
    )  # fmt: skip
    login(page, "aibek", language="ky")
    page.goto(f"/cases/{case.pk}/")
    assert page.locator("html").get_attribute("lang") == "ky"
    text = page.locator("main").inner_text()
    assert KYRGYZ & set(text), text[:500]
    assert case.code in text
    assert "Кыргызстан" in text  # the country in Kyrgyz, from CLDR
    assert page.get_by_test_id("language-ky").inner_text() == "Кыргызча"
    assert _english_words(page, "ky") == []
