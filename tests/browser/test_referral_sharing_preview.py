"""Issue 16 finding 3: before sending, the caseworker sees exactly what will be shared. The
boxes fill as soon as organisation and service are chosen (htmx), from the same rule the save
applies; the recipient then sees exactly the preview, and nothing outside the template."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from amanat.referrals.models import Need, Referral
from amanat.referrals.services import need_record
from tests.browser.conftest import login
from tests.fixtures import make_case, make_org, make_user
from tests.referrals.helpers import give_consent, offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pairs(locator) -> list[tuple[str, str]]:
    terms = [t.strip() for t in locator.locator("dt").all_inner_texts()]
    values = [v.strip() for v in locator.locator("dd").all_inner_texts()]
    return list(zip(terms, values, strict=True))


def test_preview_fills_on_choice_and_equals_what_the_recipient_sees(page, browser, live_server):
    sender_org = make_org(name="Umit Centre", country="KZ", region="KZ-75")
    clinic = make_org(name="City Clinic", country="KZ", region="KZ-75")
    offer(clinic, "medical_care")
    worker = make_user(org=sender_org, roles=["case_manager"], username="worker")
    make_user(org=clinic, roles=["service_provider"], username="doctor")
    case = make_case(
        user=worker,
        person={"first_name": "Мадина", "phone": "+77011234567", "gender": "Feminine"},
    )
    for service in ("medical_care", "legal_aid", "shelter"):
        need_record(user=worker, case_id=case.pk, service_type=service, urgency="high")
    assert Need.objects.filter(case=case).count() == 3
    give_consent({"sender": worker, "case": case}, org=clinic)

    login(page, "worker")
    page.goto(f"/referrals/case/{case.pk}/new/")
    assert page.locator("input[name=shared_fields]:checked").count() == 0  # nothing chosen yet
    page.select_option("#id_to_organisation", str(clinic.pk))
    page.check("input[name=services][value=medical_care]")
    page.wait_for_load_state("networkidle")
    ticked = page.locator("input[name=shared_fields]:checked")
    expect(page.get_by_test_id("share-health_alerts")).to_be_checked()  # htmx filled them
    codes = sorted(ticked.evaluate_all("els => els.map(e => e.value)"))
    # The medical-care template: no contact channel (phone), no other need.
    assert codes == sorted(
        ["given_name", "age", "gender", "languages", "needs_summary", "health_alerts"]
    )
    preview = _pairs(page.get_by_test_id("sharing-preview"))
    text = page.get_by_test_id("sharing-preview").inner_text()
    assert "+77011234567" not in text
    assert "Medical care (High)" in text
    assert "Legal aid" not in text and "Shelter" not in text

    page.fill("#id_reason", "Examination needed")
    page.get_by_role("button", name="Save referral").click()
    page.wait_for_load_state("networkidle")
    referral = Referral.objects.get()
    assert sorted(referral.shared_fields) == codes
    assert [n.service_type for n in referral.needs.all()] == ["medical_care"]

    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15000)
    recipient = context.new_page()
    login(recipient, "doctor")
    recipient.goto(f"/referrals/{referral.pk}/")
    seen = recipient.get_by_test_id("shared-view")
    assert _pairs(seen.locator("dl.facts")) == preview  # exactly what was previewed
    assert "+77011234567" not in seen.inner_text()
    context.close()


def test_unticking_a_box_keeps_the_senders_choice(page):
    sender_org = make_org(name="Umit Centre", country="KZ", region="KZ-75")
    shelter = make_org(name="Shelter", country="KZ", region="KZ-75")
    offer(shelter, "shelter")
    worker = make_user(org=sender_org, roles=["case_manager"], username="worker")
    case = make_case(user=worker, person={"first_name": "Мадина", "phone": "+77011234567"})
    login(page, "worker")
    page.goto(f"/referrals/case/{case.pk}/new/")
    page.select_option("#id_to_organisation", str(shelter.pk))
    page.check("input[name=services][value=shelter]")
    expect(page.get_by_test_id("share-contact_channel")).to_be_checked()
    assert "+77011234567" in page.get_by_test_id("sharing-preview").inner_text()
    page.uncheck("[data-testid=share-contact_channel]")
    expect(page.get_by_test_id("sharing-preview")).not_to_contain_text("+7701")
    assert not page.locator("[data-testid=share-contact_channel]").is_checked()
    assert page.locator("[data-testid=share-given_name]").is_checked()
