"""Indicator file 2026.3 (ADR 0913): concept lexicons, the sentence-wide gap, wages withheld, and
the cues that generalise the screen, each per language with inflected forms and negation."""

from __future__ import annotations

import pytest

from amanat.recruitment.engine import IndicatorFile, build, screen
from amanat.rulefiles import RuleFileError, validate

RAISED = [
    # Debt for advanced costs: a cost, then "from your wages" (Russian genitive, Turkic
    # ablative suffixes after possessive ones), or a debt word next to the cost.
    ("worked_off", "ru", "Долг за дорогу закроете за пару месяцев."),
    ("worked_off", "ru", "Билеты купим, стоимость вычтем из первой зарплаты."),
    ("worked_off", "ru", "С первых двух зарплат удержим за перелёт."),
    ("worked_off", "en", "Your ticket is advanced and recovered from your pay."),
    ("worked_off", "kk", "Жол шығынын кейін жалақыңыздан аламыз."),
    ("worked_off", "kk", "Билет ақшасын айлығыңыздан аламыз."),
    ("worked_off", "ky", "Жол акысын кийин айлыгыңыздан алабыз."),
    ("worked_off", "ky", "Билетти биз алабыз, кийин айлыктан кармайбыз."),
    ("worked_off", "tg", "Чиптаро мо мехарем, баъд аз маоши шумо мегирем."),
    ("worked_off", "uz-Latn", "Yo'l pulini keyin ish haqingizdan olamiz."),
    ("worked_off", "uz-Cyrl", "Чиптани оламиз, кейин ойлигингиздан ушлаймиз."),
    # Wages held until the end of the season, site or contract, or paid to someone else.
    ("wages_withheld", "ru", "Деньги выдаём после уборки урожая."),
    ("wages_withheld", "ru", "Расчёт в конце объекта."),
    ("wages_withheld", "ru", "Зарплату первые полгода будут отдавать агентству."),
    ("wages_withheld", "en", "All salaries are paid after the harvest."),
    ("wages_withheld", "en", "Your first three months' salary goes to the agency."),
    ("wages_withheld", "kk", "Жалақы маусым аяғында."),
    ("wages_withheld", "ky", "Акча сезондун аягында берилет."),
    ("wages_withheld", "tg", "Музд дар охири мавсим дода мешавад."),
    ("wages_withheld", "uz-Latn", "Pul mavsum tugagandan keyin beriladi."),
    ("wages_withheld", "uz-Cyrl", "Пул мавсум тугагандан кейин берилади."),
    # Documents held by the other side.
    ("passport_retention", "ru", "Паспорта на время работы хранятся в конторе."),
    ("passport_retention", "ru", "Документы останутся у работодателя."),
    ("passport_retention", "en", "The employer will hold your passport while you work."),
    ("passport_retention", "en", "The agency keeps all passports."),
    ("passport_retention", "kk", "Төлқұжаттар жұмыс біткенше бізде болады."),
    ("passport_retention", "ky", "Паспорттор бизде турат."),
    ("passport_retention", "tg", "Шиносномаҳо дар назди мо мемонанд."),
    ("passport_retention", "uz-Latn", "Pasportlar bizda qoladi."),
    ("passport_retention", "uz-Cyrl", "Паспортлар бизда туради."),
    # The worker is told to pay for a visa, courses, paperwork.
    ("recruitment_fee", "ru", "Нужно только оплатить курсы и визу — 1200$."),
    ("recruitment_fee", "ru", "За приглашение внесите 300 долларов."),
    ("recruitment_fee", "en", "Bring cash for the arrangements."),
    ("recruitment_fee", "en", "You pay for the medical and the visa yourself."),
    ("recruitment_fee", "kk", "Виза үшін 500 доллар төлейсіз."),
    ("recruitment_fee", "ky", "Документтер үчүн төлөйсүз."),
    ("recruitment_fee", "tg", "Барои виза пардохт мекунед."),
    ("recruitment_fee", "uz-Latn", "Hujjatlar uchun to'laysiz."),
    ("recruitment_fee", "uz-Cyrl", "Виза учун тўлайсиз."),
    # Age caps and photo requests.
    ("appearance_requirements", "ru", "Возраст до 27, фото присылайте."),
    ("appearance_requirements", "en", "Good looks a must, age under 26."),
    ("appearance_requirements", "kk", "Жасы 25-ке дейін, суретіңізді жіберіңіз."),
    ("appearance_requirements", "ky", "Жашы 25ке чейин, сүрөтүңүздү жибериңиз."),
    ("appearance_requirements", "tg", "Синну сол то 25."),
    ("appearance_requirements", "uz-Latn", "Tashqi ko'rinish muhim, yoshi 25 gacha."),
    ("appearance_requirements", "uz-Cyrl", "Ёши 25 гача, расмингизни юборинг."),
    ("messenger_only", "ru", "Пишите в телегу."),
    ("messenger_only", "en", "Contact our manager on Viber."),
    ("urgency", "ru", "Выезд скоро, кто первый, того и берём."),
    ("urgency", "en", "Spots going fast."),
    ("no_requirements", "ru", "Язык не требуется."),
]


@pytest.mark.parametrize(("indicator", "language", "text"), RAISED)
def test_concept_cue_raises_the_indicator(indicator, language, text):
    result = screen(text)
    assert indicator in result.indicator_ids, result.indicator_ids
    match = next(m for m in result.matches if m.indicator == indicator)
    assert all(phrase in text.lower().replace("ё", "е") for phrase in match.phrases)


NOT_RAISED = [
    # Negated: a negator before, inside the sentence-wide gap, or (Turkic) a negative verb after.
    ("worked_off", "ru", "Билеты не вычитаются из зарплаты."),
    ("worked_off", "en", "Flights are never recovered from your pay."),
    ("worked_off", "kk", "Жол шығыны жалақыдан ұсталмайды."),
    ("worked_off", "ky", "Жол акысы айлыктан кармалбайт."),
    ("worked_off", "uz-Latn", "Yo'l xarajati maoshdan ushlab qolinmaydi."),
    ("worked_off", "uz-Cyrl", "Йўл харажати маошдан ушлаб қолинмайди."),
    ("recruitment_fee", "ru", "Визу оплатить не нужно: её оплачивает работодатель."),
    ("recruitment_fee", "en", "You pay nothing for the visa."),
    ("recruitment_fee", "tg", "Барои виза пардохт намекунед."),
    ("passport_retention", "ru", "Документы хранятся у вас."),
    ("passport_retention", "en", "We never hold your passport."),
    ("passport_retention", "en", "Your documents stay with you."),
    ("wages_withheld", "ru", "Зарплата ежемесячно, премия в конце сезона."),
    ("wages_withheld", "en", "Wages paid monthly, a bonus at the end of the season."),
    ("wages_withheld", "kk", "Жалақы ай сайын, маусым аяғында сыйақы."),
    # A cost in one sentence and "from your wages" in the next are not one cue.
    ("worked_off", "ru", "Билеты оплачивает компания. С первой зарплаты получите премию."),
    ("worked_off", "en", "The company pays the flight. From your first salary you save."),
    # The employer pays: not a fee.
    ("recruitment_fee", "ru", "Визу и курсы оплачивает работодатель."),
    ("recruitment_fee", "en", "The employer pays for the visa and the medical."),
    # An age limit above the young-women range is not an appearance cue.
    ("appearance_requirements", "ru", "Возраст до 45 лет."),
    ("appearance_requirements", "en", "Aged under 55."),
    ("appearance_requirements", "uz-Latn", "Yoshi 50 gacha."),
    # Ordinary monthly pay.
    ("wages_withheld", "ru", "Расчёт в конце месяца."),
]


@pytest.mark.parametrize(("indicator", "language", "text"), NOT_RAISED)
def test_negated_or_safe_phrase_does_not_raise(indicator, language, text):
    assert indicator not in screen(text).indicator_ids


def test_a_positive_kyrgyz_verb_on_a_stem_ending_in_ma_is_not_a_negation():
    # "кармайбыз" (we hold back) is карма- + -йбыз, not the negative -ба-: still a red flag.
    result = screen("Билетти биз алабыз, кийин айлыктан кармайбыз.")
    assert "worked_off" not in result.negated
    assert "worked_off" in result.indicator_ids


def test_new_destinations_are_counted():
    assert screen("Работа в Китае и Японии").destinations == ("CN", "JP")
    assert screen("Нужна няня в семью в Эр-Рияде").destinations == ("SA",)
    assert screen("Xitoyda restoranda ish").destinations == ("CN",)


def test_two_strong_cues_of_new_kinds_make_a_high_level():
    result = screen("Паспорта хранятся в конторе. Деньги после уборки урожая.")
    assert (result.level, result.indicator_ids) == (
        "high",
        ("passport_retention", "wages_withheld"),
    )


def _file(concepts: dict, pattern: str) -> dict:
    return {
        "version": "t",
        "grades": {"A": "a"},
        "levels": {"medium": 3, "high": 5},
        "disclaimer": {"en": "d", "ru": "d"},
        "negators": {},
        "concepts": concepts,
        "indicators": [
            {
                "id": "x",
                "label": {"en": "x", "ru": "x"},
                "grade": "A",
                "weight": 3,
                "source": "s",
                "patterns": {
                    lang: [pattern] for lang in ("ru", "en", "kk", "ky", "tg", "uz-Latn", "uz-Cyrl")
                },
            }
        ],
    }


def test_an_unknown_concept_is_refused_naming_it():
    with pytest.raises(RuleFileError) as error:
        validate(_file({}, "@nothing ... here"), IndicatorFile, file="test.yaml")
    assert "unknown concept '@nothing'" in str(error.value)


def test_a_concept_may_not_refer_to_another():
    with pytest.raises(RuleFileError) as error:
        validate(_file({"a": {"en": ["@b"]}}, "@a"), IndicatorFile, file="test.yaml")
    assert "cannot refer to another concept" in str(error.value)


def test_a_concept_entry_matches_in_any_language_with_russian_forms():
    rules = validate(
        _file({"money": {"ru": ["зарплата"], "kk": ["жалақы*"]}}, "@money ... конец"),
        IndicatorFile,
        file="test.yaml",
    )
    screener = build(rules)
    assert screener.screen("Зарплату выдадим в конце").indicator_ids == ("x",)
    assert screener.screen("Жалақыңызды в конце").indicator_ids == ("x",)
    assert screener.screen("Зарплату выдадим. В конце").indicator_ids == ()
