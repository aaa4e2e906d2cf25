"""One small-cell suppression and one setting for every statistic of the platform (ADR 0666)."""

from __future__ import annotations

from pathlib import Path

import amanat
import amanat.settings as amanat_settings
from amanat.assistance import stats as assistance_stats
from amanat.insights.stats import families
from amanat.privacy import suppression
from amanat.privacy.suppression_config import stats_threshold

SRC = Path(amanat.__file__).parent


def test_rows_without_a_published_total_get_secondary_suppression():
    # One hidden row next to a shown one: the shown one goes too, or a total elsewhere gives it away.
    assert suppression.suppress_rows([1, 3], 3) == ["primary", "secondary"]
    assert suppression.suppress_rows([1, 2, 7], 3) == ["primary", "primary", None]
    assert suppression.suppress_rows([0, 5, 7], 3) == [None, None, None]
    assert suppression.suppress_rows([], 3) == []


def test_insights_and_assistance_call_the_same_function():
    assert families.suppression.suppress is suppression.suppress
    assert assistance_stats.suppress_rows is suppression.suppress_rows
    assert assistance_stats.stats_threshold is stats_threshold


def test_the_threshold_is_the_one_setting_and_never_below_two(settings):
    settings.AMANAT_STATS_THRESHOLD = 15
    assert stats_threshold() == 15
    settings.AMANAT_STATS_THRESHOLD = 1
    assert stats_threshold() == 2


def test_the_setting_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("AMANAT_STATS_THRESHOLD", "12")
    assert amanat_settings._stats_threshold() == 12
    monkeypatch.setenv("AMANAT_STATS_THRESHOLD", "many")
    assert amanat_settings._stats_threshold() == 10  # a malformed value: the default, no crash
    monkeypatch.delenv("AMANAT_STATS_THRESHOLD")
    assert amanat_settings._stats_threshold() == 10


def test_no_second_setting_and_no_direct_environment_read_remain():
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.name != "settings.py"
        and (
            "AMANAT_ASSISTANCE_STATS_THRESHOLD" in (text := path.read_text(encoding="utf-8"))
            or 'environ.get("AMANAT_STATS_THRESHOLD"' in text
        )
    ]
    assert offenders == []
