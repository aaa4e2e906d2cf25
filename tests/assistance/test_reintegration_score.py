"""Reintegration sustainability score: instrument data, exact scores, missing and invalid answers."""

from __future__ import annotations

import re
import shutil

import pytest

from amanat.assistance.reintegration import (
    InvalidAnswer,
    load_instrument,
    score_answers,
)
from amanat.assistance.reintegration.instrument import DEFAULT_PATH, InstrumentError
from amanat.errors import ValidationError

CYRILLIC = re.compile(r"[А-Яа-яЁё]")

MIXED = {
    # economic: 0.5 + 0.75 + 0.75 + 0.25 + 0 = 2.25 over 5 -> 0.45
    "income_and_work": "insufficient",
    "economic_satisfaction": "satisfied",
    "food_shortage": "rarely",
    "debt_and_borrowing": "debt_above_monthly_spending",
    "productive_assets": "none",
    # social: 1 + (not applicable) + 0.5 + 0.5 + 0 = 2.0 over 4 -> 0.5
    "housing": "adequate_secure",
    "education": "not_applicable",
    "basic_services": "limited",
    "documentation": "some",
    "access_to_justice": "none",
    # psychosocial: 0.5 + 0.5 + 0.25 + 0.75 + 0.5 = 2.5 over 5 -> 0.5
    "support_and_participation": "support_network_only",
    "discrimination": "sometimes",
    "psychological_distress": "often",
    "feeling_safe": "agree",
    "wish_to_remigrate": "considering",
}


def test_instrument_has_15_indicators_in_three_dimensions_with_equal_weights():
    instrument = load_instrument()
    assert len(instrument.indicators) == 15
    assert {d: len(instrument.indicators_of(d)) for d in instrument.dimensions} == {
        "economic": 5,
        "social": 5,
        "psychosocial": 5,
    }
    assert {i.weight for i in instrument.indicators.values()} == {1.0}
    assert {d.weight for d in instrument.dimensions.values()} == {1.0}
    assert "not IOM's official weights" in instrument.source["weights_status"]
    assert "Reintegration Sustainability Survey" in instrument.source["document"]


def test_every_indicator_and_option_is_labelled_in_english_and_russian():
    instrument = load_instrument()
    labels = [instrument.disclaimer] + [d.label for d in instrument.dimensions.values()]
    for indicator in instrument.indicators.values():
        labels += [indicator.label, indicator.question]
        labels += [option.label for option in indicator.options.values()]
    for label in labels:
        assert label.en and not CYRILLIC.search(label.en)
        assert CYRILLIC.search(label.ru), label.en


def test_option_values_are_within_bounds_and_every_scale_reaches_0_and_1():
    for indicator in load_instrument().indicators.values():
        values = [o.value for o in indicator.options.values() if o.value is not None]
        assert min(values) == 0.0 and max(values) == 1.0, indicator.code
        assert indicator.options["dont_know"].value is None
        assert indicator.options["refused"].value is None


def best_answers() -> dict[str, str]:
    return {
        code: max(
            (o for o in indicator.options.values() if o.value is not None),
            key=lambda o: o.value,
        ).code
        for code, indicator in load_instrument().indicators.items()
    }


def worst_answers() -> dict[str, str]:
    return {
        code: min(
            (o for o in indicator.options.values() if o.value is not None),
            key=lambda o: o.value,
        ).code
        for code, indicator in load_instrument().indicators.items()
    }


def test_bounds_best_and_worst():
    best = score_answers(best_answers())
    worst = score_answers(worst_answers())
    assert (best.economic, best.social, best.psychosocial, best.composite) == (1.0, 1.0, 1.0, 1.0)
    assert (worst.economic, worst.social, worst.psychosocial, worst.composite) == (0.0,) * 4


def test_mixed_answers_computed_by_hand():
    result = score_answers(MIXED)
    assert result.economic == 0.45
    assert result.social == 0.5
    assert result.psychosocial == 0.5
    assert result.composite == round((0.45 + 0.5 + 0.5) / 3, 4) == 0.4833
    social = result.explanation["dimensions"]["social"]
    assert social["left_out"] == ["education"]
    assert social["weights_renormalised"] is True
    assert social["note"] == (
        "scored from 4 of 5 indicators; weights renormalised over the answered ones (4 of 5); "
        "left out: education"
    )
    rows = {row["indicator"]: row for row in social["indicators"]}
    assert rows["education"] == {
        "indicator": "education",
        "answer": "not_applicable",
        "value": None,
        "weight": 1.0,
        "status": "not_scored",
        "effective_weight": 0.0,
        "contribution": None,
    }
    assert rows["housing"]["effective_weight"] == 0.25
    assert rows["housing"]["contribution"] == 0.25
    assert result.explanation["composite"]["dimensions_used"] == [
        "economic",
        "social",
        "psychosocial",
    ]
    assert result.explanation["composite"]["note"] == "composite of all dimensions"
    assert result.explanation["dimensions"]["economic"]["note"] == "all 5 indicators scored"


def test_result_keys_and_disclaimer():
    data = score_answers(MIXED).as_dict()
    assert list(data) == ["economic", "social", "psychosocial", "composite", "explanation"]
    assert data["explanation"]["weights"] == (
        "project default (equal weights), not IOM's official weights"
    )
    assert "not a legal determination" in data["explanation"]["disclaimer"]


def test_missing_answers_renormalise_and_empty_dimensions_are_null():
    result = score_answers(
        {
            "income_and_work": "stable_sufficient",  # 1.0
            "food_shortage": "sometimes",  # 0.5
            "education": "not_applicable",
            "feeling_safe": "dont_know",
            "housing": None,  # explicitly blank
        }
    )
    assert (result.economic, result.social, result.psychosocial) == (0.75, None, None)
    assert result.composite == 0.75
    composite = result.explanation["composite"]
    assert composite["dimensions_used"] == ["economic"]
    assert composite["dimensions_missing"] == ["social", "psychosocial"]
    assert composite["dimension_weights"] == {"economic": 1.0}
    assert composite["note"] == (
        "composite of economic only; social, psychosocial had no scored answers"
    )
    social = result.explanation["dimensions"]["social"]
    assert social["score"] is None
    assert social["note"] == (
        "no scored answers: dimension score is null and left out of the composite"
    )
    statuses = {row["indicator"]: row["status"] for row in social["indicators"]}
    assert statuses["housing"] == "missing" and statuses["education"] == "not_scored"


def test_no_answers_at_all():
    result = score_answers({})
    assert (result.economic, result.social, result.psychosocial, result.composite) == (None,) * 4
    assert result.explanation["composite"]["note"] == (
        "no dimension could be scored: composite is null"
    )


def _copy_with(tmp_path, old: str, new: str):
    path = tmp_path / "rss_indicators.yaml"
    shutil.copy(DEFAULT_PATH, path)
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_changed_indicator_weight_in_a_copy_changes_the_score(tmp_path):
    path = _copy_with(
        tmp_path,
        "  - code: housing\n    dimension: social\n    weight: 1\n",
        "  - code: housing\n    dimension: social\n    weight: 3\n",
    )
    result = score_answers(MIXED, path=path)
    # housing 3 x 1.0 + basic services 0.5 + documentation 0.5 + justice 0 over weight 6
    assert result.social == round(4.0 / 6, 4) == 0.6667
    assert result.composite == round((0.45 + 4.0 / 6 + 0.5) / 3, 4) == 0.5389
    assert result.economic == 0.45  # other dimensions untouched


def test_changed_dimension_weight_in_a_copy_changes_the_composite(tmp_path):
    path = _copy_with(
        tmp_path, "  - code: economic\n    weight: 1\n", "  - code: economic\n    weight: 2\n"
    )
    result = score_answers(MIXED, path=path)
    assert result.composite == (2 * 0.45 + 0.5 + 0.5) / 4 == 0.475
    assert result.explanation["composite"]["dimension_weights"] == {
        "economic": 0.5,
        "social": 0.25,
        "psychosocial": 0.25,
    }


def test_changed_answer_value_in_a_copy_changes_the_score(tmp_path):
    path = _copy_with(
        tmp_path,
        '{code: none, value: 0.0, label: {en: "None", ru: "Нет"}}',
        '{code: none, value: 0.5, label: {en: "None", ru: "Нет"}}',
    )
    assert score_answers(MIXED, path=path).economic == (2.25 + 0.5) / 5 == 0.55


def test_bad_value_in_data_is_rejected(tmp_path):
    path = _copy_with(
        tmp_path,
        "{code: very_satisfied, value: 1.0,",
        "{code: very_satisfied, value: 1.5,",
    )
    with pytest.raises(InstrumentError, match=r"very_satisfied: value 1.5 is outside \[0, 1\]"):
        load_instrument(path)


def test_unknown_indicator_is_named():
    with pytest.raises(InvalidAnswer) as caught:
        score_answers({"income": "stable_sufficient"})
    assert caught.value.message.startswith("unknown indicator 'income'; known: income_and_work,")
    assert caught.value.field == "income"
    assert isinstance(caught.value, ValidationError)


def test_invalid_option_lists_the_allowed_ones():
    with pytest.raises(InvalidAnswer) as caught:
        score_answers({"housing": "palace"})
    assert caught.value.message == (
        "indicator 'housing': answer 'palace' is not one of: adequate_secure, adequate_insecure, "
        "inadequate, dont_know, refused"
    )
    assert caught.value.field == "housing"


@pytest.mark.parametrize("answer", [3, 0.5, True, ["never"]])
def test_non_text_answer_is_rejected(answer):
    with pytest.raises(InvalidAnswer, match="answer must be an option code"):
        score_answers({"food_shortage": answer})


def test_answers_must_be_a_mapping():
    with pytest.raises(InvalidAnswer, match="answers must be an object"):
        score_answers(["housing"])  # type: ignore[arg-type]
