"""Issue 16, finding 7 in a real browser: the statistics dashboard answers at once with a loading
indicator per panel, the panels fill in, a picker filter works, a bad filter is answered on the
page naming the field, and at phone width (390 px) nothing scrolls sideways."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import login, scroll_to_the_end
from tests.browser.test_insights_dashboard import seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def slow_panels(page, delay_ms: int = 700) -> None:
    """Hold every panel response a moment, so the test sees the indicators before they go."""

    def hold(route) -> None:
        page.wait_for_timeout(delay_ms)
        route.continue_()

    page.route(re.compile(r".*/insights/panel/.*"), hold)


def test_dashboard_shows_indicators_then_panels_and_filters_by_name(page):
    seed()
    login(page, "analyst")
    slow_panels(page)
    page.goto("/insights/", wait_until="domcontentloaded")
    # The shell is there at once: filters, and a visible indicator where each panel will be.
    assert page.locator("h1").inner_text() == "Statistics"
    key = page.get_by_test_id("panel-key_figures")
    assert key.get_by_test_id("loading").is_visible()
    assert "Counting" in key.inner_text()
    assert page.get_by_test_id("panel-country").get_by_test_id("loading").is_visible()

    # The key figures and the first panels fill in by themselves.
    page.get_by_test_id("key-figures").wait_for()
    assert page.locator("[data-figure=records]").inner_text() == "15"
    page.locator("section[data-statistic='country'] h2").wait_for()
    assert page.get_by_test_id("panel-country").get_by_test_id("loading").count() == 0
    # A panel further down loads when scrolled to.
    late = page.get_by_test_id("panel-recruitment_channel")
    late.scroll_into_view_if_needed()
    page.locator("section[data-statistic='recruitment_channel'] h2").wait_for()

    # Filter by picking names: the organisation holding the cases.
    page.unroute(re.compile(r".*/insights/panel/.*"))
    assert page.locator("#id_countries option[value=KZ]").text_content() == "Kazakhstan"
    page.get_by_test_id("filters").locator("summary").click()
    page.select_option("#id_organisations", label="Browser KZ NGO")
    page.get_by_role("button", name="Show").click()
    page.get_by_test_id("key-figures").wait_for()
    assert page.locator("[data-figure=records]").inner_text() == "12"
    assert (
        "Organisations holding the cases: Browser KZ NGO"
        in page.get_by_test_id("scope").inner_text()
    )

    # A bad value (a typed URL) is answered on the page, naming the field; no panel is asked.
    response = page.goto("/insights/?regions=KZ-99&period=soon")
    assert response.status == 400
    errors = page.get_by_test_id("filter-errors")
    assert errors.is_visible()
    assert "Regions:" in errors.inner_text() and "Years:" in errors.inner_text()
    assert "Not found" not in page.locator("main").inner_text()
    assert page.locator("[data-testid=loading]").count() == 0


def test_dashboard_at_phone_width_has_no_horizontal_scroll(phone_page):
    seed()
    login(phone_page, "analyst")
    phone_page.goto("/insights/")
    phone_page.get_by_test_id("key-figures").wait_for()
    scroll_to_the_end(phone_page)
    assert phone_page.get_by_test_id("loading").count() == 0
    assert phone_page.get_by_test_id("all-hidden").count() >= 1  # said, not an empty chart
    chart = phone_page.locator("img[data-chart]").first
    chart.scroll_into_view_if_needed()
    # The chart scales to the card, within the 390 px screen.
    box = chart.bounding_box()
    assert box is not None and 250 <= box["width"] <= 390
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    # The filters are folded, so the key figures show on the first screen; unfolded they fit.
    phone_page.evaluate("window.scrollTo(0, 0)")
    assert phone_page.get_by_test_id("key-figures").bounding_box()["y"] < 844
    phone_page.get_by_test_id("filters").locator("summary").click()
    select = phone_page.locator("#id_countries").bounding_box()
    assert select is not None and select["x"] + select["width"] <= 390
