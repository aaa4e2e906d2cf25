"""The acceptance figures of issue 18 on the project's own labelled set (see data/README.md)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from amanat.recruitment.engine import HIGH, LOW, screen

DATA = Path(__file__).resolve().parent / "data" / "labelled_ads.csv"


@pytest.fixture(scope="module")
def screened():
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [(row, screen(row["text"])) for row in rows]


def test_the_set_is_large_enough_in_four_languages_and_half_risky(screened):
    assert len(screened) >= 200
    languages = Counter(row["language"] for row, _ in screened)
    assert sum(1 for count in languages.values() if count >= 20) >= 4
    risky = sum(row["risky"] == "1" for row, _ in screened)
    assert risky * 2 == len(screened)


def test_recall_at_least_90_percent_of_risky_rated_high_or_medium(screened):
    risky = [result for row, result in screened if row["risky"] == "1"]
    flagged = [result for result in risky if result.level != LOW]
    assert len(flagged) / len(risky) >= 0.90


def test_precision_at_least_85_percent_of_high_truly_risky(screened):
    high = [row for row, result in screened if result.level == HIGH]
    assert high
    assert sum(row["risky"] == "1" for row in high) / len(high) >= 0.85


def test_language_detected_on_the_set(screened):
    right = sum(result.language == row["language"] for row, result in screened)
    assert right / len(screened) >= 0.95


def _screened(name: str) -> list[tuple[dict, str]]:
    with (DATA.parent / name).open(encoding="utf-8", newline="") as handle:
        return [(row, screen(row["text"]).level) for row in csv.DictReader(handle)]


# (file, risky ads, safe ads, at least this many risky rated medium or high, safe ads rated
# medium or high at most) with indicator file 2026.3 (data/README.md, ADR 0913). The first
# three sets were tuned on (the third by 2026.3's concept lexicons: 3/13 before, 13/13 after)
# and the ranking model is trained on them, so their figures are training figures. The fourth
# was written and committed before the screen was run on it and never tuned or trained on: its
# figure (13/24 by the indicators, 18/24 with the ranking model, one safe ad medium) is the
# honest one.
HELD_OUT = [
    ("heldout_ads.csv", 19, 17, 19, 0),
    ("heldout2_ads.csv", 24, 19, 24, 0),
    ("heldout3_ads.csv", 13, 11, 13, 0),
    ("heldout4_ads.csv", 24, 20, 18, 1),
]


@pytest.mark.parametrize(("name", "risky_count", "safe_count", "flagged", "false_alarms"), HELD_OUT)
def test_held_out_set_figures_are_recorded(name, risky_count, safe_count, flagged, false_alarms):
    """A change of the indicator file that lowers these figures, or rates a safe ad high, fails."""
    results = _screened(name)
    risky = [level for row, level in results if row["risky"] == "1"]
    safe = [level for row, level in results if row["risky"] == "0"]
    assert (len(risky), len(safe)) == (risky_count, safe_count)
    assert sum(level != LOW for level in risky) >= flagged
    assert sum(level != LOW for level in safe) <= false_alarms
    assert [level for level in safe if level == HIGH] == []


def test_the_new_held_out_sets_are_large_enough_and_varied():
    for name in ("heldout2_ads.csv", "heldout3_ads.csv", "heldout4_ads.csv"):
        rows = [row for row, _ in _screened(name)]
        assert sum(row["risky"] == "1" for row in rows) * 2 >= len(rows)
        assert len({row["language"] for row in rows}) >= 4
    assert len(_screened("heldout2_ads.csv")) >= 40
    assert len(_screened("heldout4_ads.csv")) >= 40
    assert len({row["language"] for row, _ in _screened("heldout4_ads.csv")}) >= 4


def test_precision_of_high_on_every_held_out_set():
    high = [row for name, *_ in HELD_OUT for row, level in _screened(name) if level == HIGH]
    assert sum(row["risky"] == "1" for row in high) / len(high) >= 0.85
