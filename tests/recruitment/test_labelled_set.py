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


def test_held_out_set_figures_are_recorded():
    """Freely written ads, never tuned on (data/README.md): the honest figures today. A change of
    the indicator file that lowers them, or rates a safe ad high, fails here."""
    with (DATA.parent / "heldout_ads.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    results = [(row, screen(row["text"])) for row in rows]
    risky = [result.level for row, result in results if row["risky"] == "1"]
    safe = [result.level for row, result in results if row["risky"] == "0"]
    assert (len(risky), len(safe)) == (19, 17)
    assert sum(level != LOW for level in risky) >= 7
    assert [level for level in safe if level == HIGH] == []
