"""A researcher opens the statistics dashboard in a real browser: charts render, small counts
are hidden, filters apply, the Russian version reads, and the DOCX report downloads."""

from __future__ import annotations

import pytest
from docx import Document

from amanat.cases.models import Case
from tests.browser.conftest import login, scroll_to_the_end
from tests.fixtures import make_case, make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def seed() -> None:
    kz = make_org(name="Browser KZ NGO", country="KZ", region="KZ-75")
    kg = make_org(name="Browser KG NGO", country="KG", region="KG-GB")
    worker_kz = make_user(org=kz, roles=["case_manager"])
    worker_kg = make_user(org=kg, roles=["case_manager"])
    for i in range(12):
        make_case(
            user=worker_kz,
            person={
                "first_name": f"Скрытое{i}",
                "gender": "Masculine",
                "birth_date": "1990-04-01",
                "citizenship": ["UZ"],
            },
            case={
                "exploitation_types": ["ForcedLabour"],
                "recruitment_methods": ["ThroughOnlineSocialNetworks"],
            },
        )
    for i in range(3):
        make_case(
            user=worker_kg,
            person={"first_name": f"Малая{i}", "gender": "Feminine"},
            case={"exploitation_types": ["SexualExploitation"]},
        )
    make_user(
        org=make_org(name="Research Institute", country="KZ"),
        roles=["researcher"],
        username="analyst",
    )


def test_researcher_views_the_dashboard_with_charts(page, tmp_path):
    seed()
    login(page, "analyst")
    page.get_by_role("link", name="Statistics", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Statistics"

    # Panels below the fold load when scrolled to; scroll through all of them.
    scroll_to_the_end(page)
    assert page.locator("[data-testid=loading]").count() == 0
    charts = page.locator("img[data-chart]")
    drawn = charts.count()
    # Each panel has its chart, or says its counts are hidden or that it has no data.
    said = page.get_by_test_id("all-hidden").count() + page.get_by_test_id("no-data").count()
    assert drawn >= 4 and drawn + said == 16  # the 16 statistics
    # No referral, service or need yet: the 3 outcome panels and the gap panel say so.
    assert page.get_by_test_id("omitted").count() == 4
    for index in range(drawn):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        # The server-rendered SVG decoded and laid out: a real image, not a broken icon.
        assert chart.evaluate("img => img.complete && img.naturalWidth > 100") is True
    gender = page.locator("section[data-statistic='gender']")
    assert "All counts in this table are below the threshold" in gender.inner_text()
    # The table is unfolded when its chart is replaced by that sentence.
    assert "Male" in gender.locator("tbody").inner_text()
    # 3 women hidden, and the complement: no chart for a table with nothing to show.
    assert gender.locator("td.hidden-count").count() == 2
    assert gender.locator("img").count() == 0
    body = page.locator("main").inner_text()
    assert "Скрытое" not in body and "Малая" not in body
    assert all(case.code not in body for case in Case.objects.all())

    # Filter to Kyrgyzstan: 3 cases, too few to show even their number.
    page.get_by_test_id("filters").locator("summary").click()
    page.select_option("#id_countries", label="Kyrgyzstan")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state("networkidle")
    figures = page.get_by_test_id("key-figures")
    assert figures.locator("[data-figure=records]").inner_text() == "<10"
    assert "Kyrgyzstan" in page.get_by_test_id("scope").inner_text()

    # The DOCX report of the same view downloads and opens.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Report (DOCX, English)").click()
    path = tmp_path / "report.docx"
    download_info.value.save_as(path)
    document = Document(path)
    # One table per statistic (the research-analysis chapters of issue 15 follow them).
    statistics = [t for t in document.tables if t.rows[0].cells[0].text == "Category"]
    assert len(statistics) == 16


def test_the_dashboard_in_russian_on_a_phone(phone_page):
    seed()
    login(phone_page, "analyst", language="ru")
    phone_page.goto("/insights/")
    phone_page.wait_for_load_state("networkidle")
    assert phone_page.locator("h1").inner_text() == "Статистика"
    # A panel placeholder is replaced (htmx outerHTML) when it loads, so scroll the page, not a
    # placeholder that may be detached mid-scroll; then read the loaded panels.
    scroll_to_the_end(phone_page)
    assert "Пол" in phone_page.locator("section[data-statistic='gender'] h2").inner_text()
    chart = phone_page.locator("img[data-chart='age']")
    chart.scroll_into_view_if_needed()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 100") is True
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # no horizontal scrolling on a phone
