"""A caseworker in one organisation refers a case; a service provider in another organisation logs
in, accepts and completes it; the caseworker sees the outcome on the case timeline."""

from __future__ import annotations

import pytest

from amanat.referrals.models import Referral
from tests.browser.conftest import login
from tests.fixtures import make_case, make_org, make_user
from tests.referrals.helpers import give_consent, offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_refer_accept_complete_and_see_outcome(page, browser, live_server):
    sender_org = make_org(name="Umit Centre", country="KZ", region="KZ-75")
    provider_org = make_org(name="Ala-Too Shelter", country="KZ", region="KZ-75")
    offer(provider_org, "shelter", "medical_care")
    worker = make_user(org=sender_org, roles=["case_manager"], username="worker")
    make_user(org=provider_org, roles=["service_provider"], username="shelterstaff")
    case = make_case(
        user=worker,
        person={
            "first_name": "Мадина",
            "last_name": "Касымова",
            "gender": "Feminine",
            "primary_language": "ky",
        },
    )
    give_consent({"sender": worker, "case": case}, org=provider_org)

    # The caseworker records a need and refers the case.
    login(page, "worker")
    page.goto(f"/cases/{case.pk}/")
    page.get_by_text("Record a need").click()
    page.select_option("#id_need-service_type", "shelter")
    page.select_option("#id_need-urgency", "high")
    page.get_by_role("button", name="Record need").click()
    page.get_by_role("link", name="Refer", exact=True).click()
    page.select_option("#id_to_organisation", str(provider_org.pk))
    assert page.locator("input[name=services][value=shelter]").is_checked()
    page.fill("#id_reason", "Нужен безопасный приют сегодня")
    page.get_by_role("button", name="Save referral").click()
    assert page.get_by_test_id("referral-state").inner_text() == "Sent"
    referral = Referral.objects.get()
    assert referral.state == "sent" and referral.services == ["shelter"]

    # The provider, in another organisation, sees it in the inbox, accepts and completes it.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    context.set_default_timeout(15000)
    provider = context.new_page()
    login(provider, "shelterstaff")
    provider.locator("[data-menu-toggle]").click()  # the menu folds on a phone (issue 16)
    provider.get_by_role("link", name="Referrals", exact=True).click()
    assert "New referral" in provider.get_by_test_id("notifications").inner_text()
    provider.get_by_test_id("inbox").get_by_role("link", name=f"#{referral.pk}").click()
    shared = provider.get_by_test_id("shared-view").inner_text()
    assert "Мадина" in shared and "Касымова" not in shared
    provider.get_by_test_id("action-accept").click()
    assert provider.get_by_test_id("referral-state").inner_text() == "Accepted"
    provider.get_by_test_id("action-start").click()
    provider.fill("input[name=outcome_note]", "Размещена в приюте")
    provider.get_by_test_id("action-complete").click()
    assert provider.get_by_test_id("referral-state").inner_text() == "Completed"
    assert "no longer available" in provider.get_by_test_id("shared-view").inner_text()
    width = provider.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # usable on a phone
    context.close()

    # The caseworker sees the outcome on the case timeline and in the referral list.
    page.goto(f"/cases/{case.pk}/")
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "Referral sent" in timeline
    assert "Referral accepted" in timeline
    assert "Referral completed" in timeline
    assert "Completed" in page.get_by_test_id("case-referrals").inner_text()
    page.get_by_test_id("case-referrals").get_by_role("link", name=f"#{referral.pk}").click()
    assert page.get_by_test_id("outcome").inner_text() == "Размещена в приюте"
