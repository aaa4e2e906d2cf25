"""The NRM coordinator links and unlinks two organisations' records in a real browser (under
the CSP), in Russian, and sees no name on the way."""

from __future__ import annotations

import pytest

from amanat.cases.links.models import PersonLink
from amanat.cases.links.services import record_possible_matches
from tests.browser.conftest import login
from tests.fixtures import make_case, make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_confirms_and_undoes_a_link(page):
    org_a = make_org(name="Border NGO", country="KZ")
    org_b = make_org(name="City Shelter", country="KZ")
    worker_a = make_user(org=org_a, roles=["case_manager"], username="wa")
    worker_b = make_user(org=org_b, roles=["case_manager"], username="wb")
    make_user(org=org_b, roles=["nrm_coordinator"], username="coord")
    case_a = make_case(user=worker_a, person={"first_name": "Айгуль", "last_name": "Серикова"})
    case_b = make_case(user=worker_b, person={"first_name_latin": "Aigul"})
    record_possible_matches(
        pairs=[(case_a.person_id, case_b.person_id, 0.88, ("name_variant", "phone"))],
        source="dedup",
    )
    login(page, "coord", language="ru")
    page.click("text=Возможно, один и тот же человек")
    row = page.locator("[data-testid=matches] tbody tr").first
    text = row.inner_text()
    assert case_a.code in text and case_b.code in text and "0.88" in text.replace(",", ".")
    assert "Совпадает номер телефона" in text
    assert "Айгуль" not in page.content() and "Aigul" not in page.content()
    row.locator("button", has_text="Один человек: связать").click()
    page.wait_for_load_state("networkidle")
    assert "Связано: две записи считаются одним человеком." in page.content()
    assert PersonLink.objects.filter(unlinked_at__isnull=True).count() == 1
    page.click("text=Подтверждённые связи")
    page.locator("button", has_text="Отменить связь").click()
    page.wait_for_load_state("networkidle")
    assert "Связь отменена" in page.content()
    assert PersonLink.objects.filter(unlinked_at__isnull=True).count() == 0
