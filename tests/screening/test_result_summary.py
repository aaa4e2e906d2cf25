"""The result page's first screen speaks a practitioner's language (issue 16, finding 8): the
conclusion, the indicators present in plain words, what is missing to conclude, and the engine's
trace folded below; the Delphi list that does not apply to the person's age is not reported."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from amanat.screening import services
from tests.fixtures import PASSWORD

INTERVIEW = "identification-interview"

# An adult (27) recruited for work with exploitative conditions but no coercion or abuse of
# vulnerability recorded: the child list's rule (act + exploitation) would be met, the adult
# list's (recruitment means + exploitation + coercion) is not.
ADULT_EXPLOITED = {
    "consent_interview": "yes",
    "age": 27,
    "recruited": "yes",
    "worked": "yes",
    "pay": "less",
    "bad_living": "yes",
    "bad_working": "yes",
}


@pytest.fixture
def result_page(case, case_manager):
    def _page(answers, language="en"):
        draft = services.assessment_start(
            user=case_manager,
            case_id=case.pk,
            guide_id=INTERVIEW,
            language=language,
            answers={"answers": answers},
        )
        services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=draft.pk)
        client = Client(headers={"Accept-Language": language})
        client.cookies["django_language"] = language
        assert (
            client.post(
                "/accounts/login/", {"username": case_manager.username, "password": PASSWORD}
            ).status_code
            == 302
        )
        url = f"/screening/cases/{case.pk}/assessments/{draft.pk}/result/"
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    return _page


def _section(page: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}".*?</(ul|section|p)>', page, re.S)
    assert match, testid
    return match.group(0)


def _before_trace(page: str) -> str:
    return page.split('data-testid="rule-trace"')[0]


def test_an_adult_is_not_reported_under_the_child_list(result_page):
    page = result_page(ADULT_EXPLOITED)
    assert "Not presumed a victim of trafficking" in _section(page, "verdict")
    verdicts = re.findall(r'data-testid="component-verdict">(.*?)</p>', page)
    assert verdicts == [
        "ILO/EC Delphi indicators: trafficking of adults for labour exploitation: rule not met"
    ]
    assert "ilo-delphi-labour-child" not in page


def test_the_first_screen_names_indicators_in_plain_words_and_what_is_missing(result_page):
    page = result_page(ADULT_EXPLOITED)
    first = _before_trace(page)
    present = _section(first, "indicators-present")
    assert "Exploitative conditions of work" in present
    assert "Low or no salary" in present and "Bad living conditions" in present
    missing = _section(first, "missing")
    assert "Not enough indicators for any of: dimension 1" in missing
    assert "dimension 5" in missing and "dimension 6" in missing
    assert "dimension 4" not in missing  # exploitation is positive
    # the engine's wording and codes stay in the folded trace only
    assert "taken from the answer" not in first
    assert "[d4." not in first and "d4.low_or_no_salary" not in first
    assert "taken from the answer" in page  # still available, folded
    assert '<details class="card trace" data-testid="rule-trace">' in page


def test_a_met_rule_lists_nothing_missing(result_page):
    answers = {
        **ADULT_EXPLOITED,
        "deceived_job": "yes",
        "deceived_wages": "yes",  # dimension 1: two strong
        "documents_held": "yes",
        "debt_to_employer": "yes",  # dimension 5: two strong
    }
    first = _before_trace(result_page(answers))
    assert "Presumed victim of trafficking: the combination rule is met." in first
    assert 'data-testid="missing"' not in first


def test_the_summary_is_translated(result_page):
    page = result_page(ADULT_EXPLOITED, language="ru")
    first = _before_trace(page)
    assert "Выявленные индикаторы" in first
    assert "Чего не хватает для вывода" in first
    assert "Недостаточно индикаторов" in _section(first, "missing")
