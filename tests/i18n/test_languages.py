"""Six interface languages, each named in itself; one configurable fallback order; country and
region names from CLDR/ISO with official forms; the chart font has every letter (ADR 1400-1402)."""

from __future__ import annotations

import warnings

import pytest
from django.test import Client
from django.utils import translation

from amanat.config.languages import parse_fallbacks
from amanat.core import geography, language, vocabularies
from amanat.rulefiles.texts import MultilingualLabel, language_chain
from amanat.screening.engine import resolve

pytestmark = pytest.mark.django_db


def test_the_switcher_names_each_language_in_itself(settings):
    assert [code for code, _name in settings.LANGUAGES] == ["en", "ru", "kk", "ky", "tg", "uz"]
    page = Client().get("/accounts/login/").content.decode()
    for code, name in (
        ("en", "English"), ("ru", "Русский"), ("kk", "Қазақша"),
        ("ky", "Кыргызча"), ("tg", "Тоҷикӣ"), ("uz", "Oʻzbekcha"),
    ):  # fmt: skip
        assert f'value="{code}" class="link' in page
        assert f'lang="{code}" data-testid="language-{code}">{name}</button>' in page
    assert "Kirghiz" not in page and "Киргиз" not in page
    assert ">RU<" not in page  # names, not codes


def test_switching_to_kyrgyz_is_remembered(settings):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "ky", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="ky">' in page


def test_django_knows_every_language_by_its_own_name():
    from django.utils.translation import get_language_info

    assert get_language_info("ky")["name_local"] == "Кыргызча"
    assert get_language_info("uz")["name_local"] == "Oʻzbekcha"
    assert get_language_info("ky")["name"] == "Kyrgyz"


def test_the_default_order_is_the_language_then_russian_then_english():
    assert language_chain("tg") == ("tg", "ru", "en")
    assert language_chain("uz-Latn") == ("uz", "ru", "en")
    assert language_chain("en") == ("en", "ru")
    assert resolve({"en": "Yes", "ru": "Да"}, "tg").language == "ru"


def test_a_configured_order_is_used_everywhere(settings):
    settings.AMANAT_LANGUAGE_FALLBACKS = parse_fallbacks("uz:en,ru;kk:ky,ru,en")
    try:
        assert language_chain("uz") == ("uz", "en", "ru")
        # The screening engine, rule-file labels, code lists and the page helper agree.
        assert resolve({"en": "Yes", "ru": "Да"}, "uz").to_dict()["language"] == "en"
        assert MultilingualLabel(en="Shelter", ru="Приют", ky="Баш калкалоочу жай").get("kk") == (
            "Баш калкалоочу жай"
        )
        item = {"code": "x", "en": "Male", "ru": "Мужской"}
        assert vocabularies.localised(item, "uz") == "Male"
        with translation.override("uz"):
            assert language.active() == "uz"
            assert language.resolve({"en": "Yes", "ru": "Да"}) == ("Yes", "en")
            assert language.first_available(("en", "ru")) == "en"
        with translation.override("kk"):
            assert language.first_available(("en", "ru")) == "ru"
    finally:
        settings.AMANAT_LANGUAGE_FALLBACKS = parse_fallbacks("")
    assert language_chain("uz") == ("uz", "ru", "en")


@pytest.mark.parametrize(
    "value, problem",
    [
        ("uz", "'uz': expected LANGUAGE:FALLBACK,FALLBACK"),
        ("uz:de", "'uz:de': unknown language 'de' (known: en, ru, kk, ky, tg, uz)"),
        ("xx:ru", "'xx:ru': unknown language 'xx'"),
        ("kk:kk,ru", "'kk:kk,ru': a language cannot fall back to itself"),
    ],
)
def test_a_malformed_setting_names_the_problem(value, problem):
    with pytest.raises(ValueError) as error:
        parse_fallbacks(value)
    assert str(error.value).startswith(problem)


def test_no_page_language_is_treated_as_english_or_russian_by_a_prefix_test():
    with translation.override("kk"):
        assert language.active() == "kk"
        assert language.decimal_comma() is True
    with translation.override("en"):
        assert language.decimal_comma() is False
    with translation.override("de"):
        assert language.active() == "en"  # not an interface language


def test_country_names_are_official_short_names_in_each_language():
    assert geography.country_name("KG", "ru") == "Кыргызстан"  # CLDR says "Киргизия"
    assert geography.country_name("KG", "en") == "Kyrgyzstan"
    assert geography.country_name("KZ", "kk") == "Қазақстан"
    assert geography.country_name("KG", "ky") == "Кыргызстан"
    assert geography.country_name("TJ", "tg") == "Тоҷикистон"
    assert geography.country_name("UZ", "uz") == "Oʻzbekiston"
    with translation.override("ru"):
        assert geography.country_name("KG") == "Кыргызстан"
        assert dict(geography.country_choices())["KG"] == "Кыргызстан"


def test_region_names_are_never_transliterations_in_russian():
    assert geography.region_name("KZ-19", "ru") == "Алматинская область"
    assert geography.region_name("KZ-75", "ru") == "Алматы"
    assert geography.region_name("TJ-RA", "ru") == "Районы республиканского подчинения"
    assert geography.region_name("TJ-GB", "en") == "Gorno-Badakhshan Autonomous Region"
    assert geography.region_name("UZ-QR", "uz") == "Qoraqalpogʻiston Respublikasi"
    assert geography.region_name("RU-MOW", "ru") == "Москва"  # pycountry's real translation
    assert geography.region_name("XX-1", "ru") == "XX-1"
    for code in ("KZ", "KG", "TJ", "UZ", "TM"):
        for region, name in geography.region_choices(code, "ru"):
            assert not any(word in name for word in ("oblysy", "nohiya", "Shaary", "viloyati")), (
                region, name,
            )  # fmt: skip
            assert any("а" <= letter <= "я" for letter in name.lower()), (region, name)


def test_state_language_region_names_are_drafts():
    from amanat.core import geonames

    assert geography.region_name("KZ-19", "kk") == "Алматы облысы"
    assert geonames.region_is_draft("KZ-19", "kk") is True
    assert geonames.region_is_draft("KZ-19", "ru") is False


def test_the_chart_font_has_every_letter_of_the_six_languages():
    from amanat.core import fonts

    assert fonts.font_file().is_file()
    assert fonts.missing_glyphs(fonts.SPECIAL_LETTERS) == []
    assert fonts.missing_glyphs("中") == ["中"]  # the check would see a missing letter


def test_a_chart_draws_kazakh_tajik_and_uzbek_letters_without_missing_glyphs():
    import io

    from matplotlib.figure import Figure
    from PIL import Image

    from amanat.core import fonts

    fonts.use_for_charts()
    figure = Figure()
    axis = figure.add_subplot()
    labels = ["Әділет ұйымы", "Ҳуқуқи ҷабрдида ӣ ӯ", "Oʻzbekiston gʻalla"]
    axis.bar(range(3), [1, 2, 3], tick_label=labels)
    axis.set_title("Көрсеткіштер")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        png = fonts.save_figure(figure, "png")
    description = Image.open(io.BytesIO(png)).text["Description"]
    assert "Көрсеткіштер" in description.splitlines()
    for label in labels:
        assert label in description


def test_language_names_follow_cldr_and_official_usage():
    assert geography.language_name("ky", "en") == "Kyrgyz"  # pycountry says "Kirghiz"
    assert geography.language_name("ky", "ru") == "Кыргызский"
    assert geography.language_name("uz", "uz") == "Oʻzbek"  # U+02BB, not CLDR's U+2018
    assert geography.language_name("kk", "kk") == "Қазақ тілі"
    assert geography.language_name("eng", "ru") == "Английский"
    assert geography.language_name("qqq", "ru") == "qqq"
