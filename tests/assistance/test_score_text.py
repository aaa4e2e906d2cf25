"""A reintegration score's notes are phrased from the stored explanation in the page's language."""

from __future__ import annotations

from django.utils import translation

from amanat.assistance import config, score_text
from amanat.assistance.reintegration import score_answers

ANSWERS = {
    "income_and_work": "stable_sufficient",
    "food_shortage": "sometimes",
    "education": "not_applicable",
}


def test_notes_in_english_match_the_scorer_and_translate_in_every_language():
    result = score_answers(ANSWERS)
    economic = result.explanation["dimensions"]["economic"]
    instrument = config.instrument()
    with translation.override("en"):
        note = score_text.dimension_note(economic, instrument)
        composite = score_text.composite_note(result.explanation["composite"], instrument)
    assert note.startswith("scored from 2 of 5 indicators; weights renormalised over the answered")
    assert "(2 of 5)" in note
    assert composite.startswith("composite of ")
    full = score_answers({code: "x" for code in ()})  # nothing answered
    with translation.override("ru"):
        ru_note = score_text.dimension_note(economic, instrument)
        null_note = score_text.composite_note(full.explanation["composite"], instrument)
        status = score_text.weights_status(result.explanation["weights"])
    assert ru_note.startswith("оценено по 2 из 5 показателей; веса пересчитаны")
    assert null_note == "ни одно измерение не удалось оценить: сводного балла нет"
    assert status == "веса проекта по умолчанию (равные), не официальные веса МОМ"
    for language in ("kk", "ky", "tg", "uz"):
        with translation.override(language):
            texts = [
                score_text.dimension_note(economic, instrument),
                score_text.weights_status(result.explanation["weights"]),
            ]
        for text in texts:
            assert "indicator" not in text and "weights" not in text, (language, text)


def test_all_scored_and_all_dimensions():
    from tests.assistance.test_reintegration_score import best_answers

    result = score_answers(best_answers())
    instrument = config.instrument()
    with translation.override("ky"):
        note = score_text.dimension_note(result.explanation["dimensions"]["social"], instrument)
        composite = score_text.composite_note(result.explanation["composite"], instrument)
    assert note == "5 көрсөткүчтүн баары бааланды"
    assert composite == "бардык өлчөмдөрдүн жыйындысы"
    assert score_text.weights_status("custom weights") == "custom weights"  # unknown: as it is
