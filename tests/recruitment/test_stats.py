"""Flagged advertisements by platform, destination and month: exact numbers and suppression."""

from __future__ import annotations

import pytest

from amanat.errors import NotFound
from amanat.recruitment import services
from amanat.recruitment.engine import screen
from amanat.recruitment.stats import ad_statistics
from tests.fixtures import PASSWORD, api_client, make_org, make_user
from tests.recruitment.conftest import RISKY_RU, SAFE_EN

TURKEY = "Срочно! Работа в Стамбуле, высокая зарплата, без договора."
NOWHERE = "Работа без договора, опыт не нужен."


@pytest.fixture
def kept(db):
    """9 flagged advertisements kept by two organisations, and 2 rated low."""
    assert screen(RISKY_RU).destinations == ("AE",)
    assert (screen(TURKEY).destinations, screen(TURKEY).level) == (("TR",), "high")
    assert (screen(NOWHERE).destinations, screen(NOWHERE).level) == ((), "medium")
    first = make_user(org=make_org(), roles=["case_manager"])
    second = make_user(org=make_org(country="KG"), roles=["law_enforcement"])
    plan = [
        (first, RISKY_RU, "Telegram", "2026-10-02"),
        (first, RISKY_RU, "Telegram", "2026-10-09"),
        (second, RISKY_RU, "Telegram", "2026-10-15"),
        (second, RISKY_RU, "Telegram", "2026-11-01"),
        (first, TURKEY, "Instagram", "2026-10-20"),
        (second, TURKEY, "Instagram", "2026-10-21"),
        (second, TURKEY, "Instagram", "2026-11-03"),
        (first, NOWHERE, "", "2026-11-05"),
        (second, NOWHERE, "", "2026-10-25"),
        (first, SAFE_EN, "Telegram", "2026-11-05"),
        (second, SAFE_EN, "Facebook", "2026-10-05"),
    ]
    for user, text, platform, found_on in plan:
        services.ad_keep(user=user, text=text, platform=platform, found_on=found_on)


def table(cells):
    return [(cell.key, cell.count) for cell in cells]


def test_exact_counts_when_nothing_is_small(kept, org):
    stats = ad_statistics(make_user(org=org, roles=["researcher"]), threshold=2)
    assert stats["total"] == 9
    assert table(stats["by_platform"]) == [("Instagram", 3), ("Telegram", 4), ("", 2)]
    assert table(stats["by_destination"]) == [("AE", 4), ("TR", 3), ("", 2)]
    assert table(stats["by_month"]) == [("2026-10", 6), ("2026-11", 3)]
    labels = [cell.label for cell in stats["by_destination"]]
    assert labels[0] == "United Arab Emirates" and labels[2] == "None named"
    assert labels[1] in ("Turkey", "Türkiye")  # as the installed pycountry spells it


def test_small_cells_and_their_complements_are_hidden(kept, org, settings):
    settings.AMANAT_STATS_THRESHOLD = 4
    stats = ad_statistics(make_user(org=org, roles=["nrm_coordinator"]))
    assert stats["threshold"] == 4 and stats["total"] == 9
    # Platform: 2 and 3 are hidden; 4 stays (9 - 4 = 5 tells only their sum).
    assert table(stats["by_platform"]) == [("Instagram", None), ("Telegram", 4), ("", None)]
    # Destinations may overlap (no total to subtract from), but the rows are one line.
    assert table(stats["by_destination"]) == [("AE", 4), ("TR", None), ("", None)]
    # Months: 3 is hidden, and 6 with it (else 9 - 6 = 3 would give it away).
    assert table(stats["by_month"]) == [("2026-10", None), ("2026-11", None)]


def test_total_below_the_threshold_is_hidden(kept, org, settings):
    settings.AMANAT_STATS_THRESHOLD = 10
    stats = ad_statistics(make_user(org=org, roles=["researcher"]))
    assert stats["total"] is None
    assert all(cell.count is None for name in ("by_platform", "by_month", "by_destination")
               for cell in stats[name])  # fmt: skip


@pytest.mark.parametrize("role", ["case_manager", "law_enforcement", "trainer", "administrator"])
def test_statistics_need_the_stats_permission(org, role):
    with pytest.raises(NotFound):
        ad_statistics(make_user(org=org, roles=[role]))


def test_statistics_page_and_api_show_the_same_figures(kept, org, client, settings):
    settings.AMANAT_STATS_THRESHOLD = 4
    researcher = make_user(org=org, roles=["researcher"])
    body = api_client(researcher).get("/api/ads/stats").json()
    assert body["total"] == 9
    assert [(c["key"], c["count"]) for c in body["by_platform"]] == [
        ("Instagram", None),
        ("Telegram", 4),
        ("", None),
    ]
    assert (
        client.post(
            "/accounts/login/", {"username": researcher.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    page = client.get("/recruitment/statistics/").content.decode()
    assert 'data-testid="total">9<' in page
    assert 'data-testid="platform-Telegram"><td>Telegram</td><td>4</td>' in page
    assert page.count("hidden") >= 5
