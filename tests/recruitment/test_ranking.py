"""The optional ranking model (ADR 0913): shipped file reproducible, scored in pure Python as
scikit-learn scores it, and only ever raising a low result that has an indicator to medium."""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import pytest

from amanat.recruitment.engine import (
    HIGH,
    INDICATORS_FILE,
    LOW,
    MEDIUM,
    IndicatorFile,
    build,
    normalise,
    screen,
)
from amanat.recruitment.engine.ranking import MODEL_FILE, RankingModel, load_model
from amanat.rulefiles import load
from tests.recruitment.test_web import login

DATA = Path(__file__).resolve().parent / "data"
# Written by a Telegram recruiter: no indicator of the file, a high model probability.
NO_INDICATOR = (
    "Набор на стройку в Подмосковье! Монолитчики, разнорабочие. Кормим три раза, живём на "
    "объекте. Доки на время вахты у старшего. Пиши в тг."
)
# One weak indicator (a destination), a recruiter's style the model has seen.
ONE_WEAK = (
    "Привет, я Лейла, работаю в Дубае уже год, зарабатываю очень хорошо. Моей подруге нужны "
    "ещё две девочки, работа лёгкая — сопровождать гостей. Напиши мне, расскажу всё сама."
)


@pytest.fixture(scope="module")
def trainer():
    path = DATA / "train_ranking_model.py"
    spec = importlib.util.spec_from_file_location("train_ranking_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_model_is_what_the_script_trains_and_never_saw_the_fourth_set(trainer):
    shipped = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert trainer.build() == shipped  # deterministic: the same data give the same file
    assert "heldout4_ads.csv" not in shipped["trained_on"]
    assert shipped["threshold"] == 0.7 and len(shipped["features"]) == 5000
    assert MODEL_FILE.stat().st_size < 250_000


def test_pure_python_scores_as_scikit_learn_does(trainer):
    texts, labels = trainer.load()
    vectoriser, model = trainer.fit(texts, labels)
    ours = load_model()
    with (DATA / "heldout4_ads.csv").open(encoding="utf-8", newline="") as handle:
        sample = [normalise(row["text"]) for row in csv.DictReader(handle)]
    sample += [normalise(NO_INDICATOR), "", "   ", "a"]
    expected = model.predict_proba(vectoriser.transform(sample))[:, 1]
    for text, probability in zip(sample, expected, strict=True):
        assert ours.probability(text) == pytest.approx(probability, abs=1e-4)


def test_never_raises_a_text_without_any_indicator():
    model = load_model()
    assert model.probability(normalise(NO_INDICATOR)) >= model.threshold
    result = screen(NO_INDICATOR)
    assert (result.level, result.matches, result.raised_by_model) == (LOW, (), False)
    assert result.model_probability is None  # not even asked


def test_raises_a_low_result_with_an_indicator_to_medium_and_keeps_the_explanation():
    result = screen(ONE_WEAK)
    assert result.indicator_ids == ("risky_destination",) and result.score == 1
    assert (result.level, result.raised_by_model) == (MEDIUM, True)
    assert result.model_probability >= 0.7
    assert result.as_dict()["model"] == {"probability": round(result.model_probability, 3),
                                         "raised": True}  # fmt: skip
    without = build(load(INDICATORS_FILE, IndicatorFile)).screen(ONE_WEAK)
    assert (without.level, without.matches) == (LOW, result.matches)


def test_never_lowers_a_level_and_never_reaches_high():
    always = RankingModel(features={}, intercept=50.0, threshold=0.5, ngram_range=(2, 5))
    never = RankingModel(features={}, intercept=-50.0, threshold=0.5, ngram_range=(2, 5))
    rules = load(INDICATORS_FILE, IndicatorFile)
    high = "Паспорт сдать на хранение. Перелёт потом отработаешь. Девушки 18-25."
    assert build(rules, never).screen(high).level == HIGH
    assert build(rules, always).screen(high).model_probability is None
    weak = "Работа в Дубае."
    assert build(rules, always).screen(weak).level == MEDIUM
    assert build(rules, never).screen(weak).level == LOW
    assert build(rules, always).screen("Библиотека ищет архивиста.").level == LOW


def test_no_model_file_means_indicators_alone(tmp_path):
    assert load_model(tmp_path / "absent.json") is None


def test_the_page_says_when_the_model_raised_the_level(case_manager):
    # Russian first: the request's language stays active in the thread afterwards, and later
    # tests (statistics labels) expect English.
    russian = (
        login(case_manager, "ru")
        .post("/recruitment/", {"text": ONE_WEAK, "action": "screen"})
        .content.decode()
    )
    assert "Поднято с низкого до среднего уровня моделью ранжирования" in russian
    html = (
        login(case_manager)
        .post("/recruitment/", {"text": ONE_WEAK, "action": "screen"})
        .content.decode()
    )
    assert 'data-testid="raised-by-model"' in html
    assert "Raised from low to medium by the ranking model" in html


def test_fourth_set_with_and_without_the_model():
    """ADR 0913's figures: indicators alone 13/24 risky flagged, with the model 18/24; one safe
    ad medium either way, none high."""
    rules = load(INDICATORS_FILE, IndicatorFile)
    alone, ranked = build(rules), build(rules, load_model())
    with (DATA / "heldout4_ads.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for screener, flagged in ((alone, 13), (ranked, 18)):
        levels = [(row["risky"], screener.screen(row["text"]).level) for row in rows]
        assert sum(risky == "1" and level != LOW for risky, level in levels) == flagged
        assert sum(risky == "0" and level != LOW for risky, level in levels) == 1
        assert sum(risky == "0" and level == HIGH for risky, level in levels) == 0
