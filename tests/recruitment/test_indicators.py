"""Each indicator in each language, Russian case endings, negation, and the shape of a result."""

from __future__ import annotations

import pytest

from amanat.recruitment.engine import (
    HIGH,
    INDICATORS_FILE,
    LANGUAGES,
    LOW,
    IndicatorFile,
    get_screener,
    russian_forms,
    screen,
)
from amanat.rulefiles import RuleFileError, load, validate
from tests.recruitment.examples import EXAMPLES, NEGATED

RULES = load(INDICATORS_FILE, IndicatorFile)
NEGATABLE = {i.id for i in RULES.indicators if i.negatable}


def test_every_indicator_has_an_example_in_every_language():
    assert set(EXAMPLES) == {indicator.id for indicator in RULES.indicators}
    for indicator, examples in EXAMPLES.items():
        assert set(examples) == set(LANGUAGES), indicator


@pytest.mark.parametrize(
    ("indicator", "language", "text"),
    [(i, lang, text) for i, by_language in EXAMPLES.items() for lang, text in by_language.items()],
)
def test_indicator_raised_in_each_language(indicator, language, text):
    result = screen(text)
    assert indicator in result.indicator_ids
    match = next(m for m in result.matches if m.indicator == indicator)
    assert match.phrases and all(
        phrase in text.lower().replace("ё", "е") for phrase in match.phrases
    )


@pytest.mark.parametrize(
    ("indicator", "language", "text"),
    [(i, lang, text) for i, items in NEGATED.items() for lang, text in items],
)
def test_negated_phrase_does_not_raise_the_indicator(indicator, language, text):
    result = screen(text, language)
    assert indicator not in result.indicator_ids


def test_negation_is_only_for_negatable_indicators():
    # "без опыта" is itself the red flag: the negator must not cancel it.
    assert "no_requirements" not in NEGATABLE
    assert screen("Без опыта, без знания языка.").indicator_ids == ("no_requirements",)
    assert set(NEGATED) <= NEGATABLE


def test_negation_cancels_only_the_negated_phrase():
    result = screen("Без предоплаты! Но оплата за оформление визы 300 долларов.")
    fee = next(m for m in result.matches if m.indicator == "recruitment_fee")
    assert fee.phrases == ("оплата за оформление",)


@pytest.mark.parametrize(
    "text",
    [
        "Паспорта сдаются на хранение.",  # plural, nominative
        "Оставьте паспорт на хранение у менеджера.",
        "Заберём ваши паспорта при заселении.",  # future perfective, plural object
        "Предоплатой в 100 долларов.",  # instrumental
        "Вычтем из вашей зарплаты.",
    ],
)
def test_russian_case_endings(text):
    assert screen(text).matches, text


def test_russian_forms_come_from_the_dictionary():
    forms = set(russian_forms("паспорт"))
    assert {"паспорт", "паспорта", "паспортом", "паспортами", "паспортах"} <= forms
    assert "паспортист" not in forms
    assert "отработаешь" in russian_forms("отработать")


def test_a_plain_local_job_raises_nothing():
    result = screen(
        "ТОО «Алматы Курылыс» приглашает бетонщиков. Трудовой договор, оклад 250 000 тенге."
    )
    assert result.matches == ()
    assert (result.score, result.level, result.language) == (0, LOW, "ru")


def test_result_explains_itself():
    result = screen(
        "Срочно! Девушки 18-25 для работы хостес в Дубае, паспорт сдаёте на хранение.",
        ui_language="ru",
    )
    assert result.level == HIGH
    assert result.indicator_ids == (
        "passport_retention", "urgency", "appearance_requirements", "hostess_work", "risky_destination",
    )  # fmt: skip
    assert result.score == 4 + 1 + 2 + 2 + 1
    passport = result.matches[0]
    assert passport.phrases == ("паспорт сдаете на хранение",)
    assert passport.grade == "A" and passport.weight == 4
    assert "General principle 11" in passport.source
    assert passport.label == "Работодатель или агентство забирает паспорт"
    assert result.disclaimer.startswith("Это индикатор для специалистов, а не заключение")
    data = result.as_dict()
    assert data["indicators"][0]["source"] == passport.source
    assert data["level"] == "high" and data["version"] == RULES.version


def test_given_language_is_reported_not_used_as_a_filter():
    result = screen("Паспорт сдаёте на хранение.", "en")
    assert result.language == "en"
    assert result.indicator_ids == ("passport_retention",)


def test_every_indicator_cites_a_document():
    documents = ("ILO", "IOM IRIS", "UNODC", "OSCE", "Employer Pays")
    for indicator in RULES.indicators:
        assert any(d in indicator.source for d in documents), indicator.id


def test_a_bad_indicator_file_is_refused_with_its_place():
    data = RULES.model_dump(mode="python")
    del data["indicators"][0]["patterns"]["tg"]
    with pytest.raises(RuleFileError) as error:
        validate(data, IndicatorFile, file="indicators.yaml")
    assert "no patterns for tg" in str(error.value)
    assert "indicators[0].patterns" in str(error.value)


def test_screener_is_built_once():
    assert get_screener() is get_screener()


def test_a_negator_in_the_next_sentence_cancels_nothing():
    result = screen("Алдын ала төлем 200 доллар. Жоқ болса, жазыңыз.")
    assert "recruitment_fee" in result.indicator_ids
