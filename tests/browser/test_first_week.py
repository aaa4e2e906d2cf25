"""Issue 16 (the caseworker's first week), findings 1, 2, 6 and 11 through a real browser."""

from __future__ import annotations

import pytest

from amanat.privacy.models import Consent
from amanat.screening.models import Assessment
from tests.browser.conftest import login
from tests.fixtures import make_case, make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    org = make_org(name="Browser NGO", country="KZ", region="KZ-75")
    return make_user(org=org, roles=["case_manager"], username="worker")


def test_favicon_is_linked_and_nothing_on_the_page_answers_404(page, worker):
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    login(page, "worker")
    icon = page.locator("link[rel=icon]").first.get_attribute("href")
    assert icon.endswith("favicon.svg")
    assert page.request.get(icon).status == 200
    assert page.request.get("/favicon.ico").status == 200
    assert failed == []


def _start_interview(page, case) -> None:
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Start interview").click()
    page.select_option("#id_guide", "identification-interview")
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_load_state("networkidle")


def test_interview_without_consent_stops_with_no_result(page, worker):
    case = make_case(user=worker)
    login(page, "worker")
    _start_interview(page, case)
    assert page.get_by_test_id("section-title").inner_text().startswith("1. Consent")
    page.check("input[name='q-consent_interview'][value='no']")
    page.locator("button[name=action][value=next], button[name=action][value=review]").click()
    page.wait_for_load_state("networkidle")
    assert "/review/" in page.url
    note = page.get_by_test_id("no-consent").inner_text()
    assert note.startswith("No result: no consent.")
    assert page.get_by_test_id("complete").count() == 0  # nothing to complete
    # Even a forged POST files nothing.
    response = page.request.post(page.url, form={"csrfmiddlewaretoken": _csrf(page)})
    assert response.ok
    draft = Assessment.objects.get(case=case)
    assert (draft.status, draft.result) == ("draft", None)
    assert not Consent.objects.filter(case=case).exists()


def test_consent_recorded_on_the_case_is_not_asked_again_in_the_interview(page, worker):
    case = make_case(user=worker)
    login(page, "worker")
    page.goto(f"/cases/{case.pk}/consent/")
    page.select_option("#id_purpose", "interview")
    page.select_option("#id_granted", "yes")
    page.select_option("#id_method", "written")
    for key in ("informed_purpose", "informed_use", "informed_withdrawal"):
        page.check(f"#id_check_{key}")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert Consent.objects.filter(case=case, purpose="interview").count() == 1
    _start_interview(page, case)
    # The interview opens after the checklist: it is not asked a second time.
    assert "Personal situation" in page.get_by_test_id("section-title").inner_text()
    assert page.locator("input[name='q-consent_interview']").count() == 0
    assert Consent.objects.filter(case=case).count() == 1


def _csrf(page) -> str:
    return page.locator("input[name=csrfmiddlewaretoken]").first.input_value()


@pytest.mark.parametrize("path", ["visit/", "assessment/", "plan/", "followup/"])
def test_consent_gate_is_shown_before_the_assistance_forms(page, worker, path):
    """Finding 6: no follow-up questions (or other assistance form) without consent in force."""
    case = make_case(user=worker)
    login(page, "worker")
    response = page.goto(f"/assistance/cases/{case.pk}/{path}")
    assert response.status == 409
    gate = page.get_by_test_id("gate").inner_text()
    assert "consent to assistance is not in force" in gate
    assert page.locator("main form").count() == 0  # nothing to fill in before the gate
    page.get_by_test_id("gate-action").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#id_purpose").input_value() == "assistance"
    page.select_option("#id_granted", "yes")
    page.select_option("#id_method", "written")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    response = page.goto(f"/assistance/cases/{case.pk}/{path}")
    assert response.status == 200
    assert page.get_by_test_id("gate").count() == 0
    assert page.locator("main form").count() >= 1


def test_trafficking_status_form_has_no_preset_decision(page, worker):
    """Finding 11: one click must not record "Possible victim / Police"."""
    case = make_case(user=worker)
    login(page, "worker")
    page.goto(f"/cases/{case.pk}/")
    assert page.locator("#id_status").input_value() == ""
    assert page.locator("#id_decided_by_org_type").input_value() == ""
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_timeout(300)
    case.refresh_from_db()
    assert case.trafficking_status == ""
    assert not case.events.filter(kind__contains="status").exists()
    # A forged POST without a choice is refused too.
    response = page.request.post(
        f"/cases/{case.pk}/status/", form={"csrfmiddlewaretoken": _csrf(page)}
    )
    assert response.ok
    case.refresh_from_db()
    assert case.trafficking_status == ""
    page.select_option("#id_status", "PossibleVictimOfTrafficking")
    page.select_option("#id_decided_by_org_type", "NGO")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state("networkidle")
    case.refresh_from_db()
    assert case.trafficking_status == "PossibleVictimOfTrafficking"
    assert page.locator("#id_status").input_value() == ""  # still no preset afterwards
