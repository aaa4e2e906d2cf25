"""The Kyrgyz (ky) catalogues mirror the Russian ones: every msgid translated, same placeholders.

A Kyrgyz user must never meet an English fallback for a message the Russian user sees in
Russian, and a translated message must format with the same arguments as the original (a
missing or renamed placeholder raises KeyError at run time, i.e. a 500).
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2] / "src" / "amanat"
RU = sorted(ROOT.glob("**/locale/ru/LC_MESSAGES/django.po"))
# %(name)s / %s / %d / %g, {name} / {0}, HTML tags and entities; '%%' is a literal percent.
PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sdgf]|%[sdgf]|\{[a-z_0-9]*\}|<[^>]+>|&[a-z]+;")


def _ky(ru_path: Path) -> Path:
    return ru_path.parents[2] / "ky" / "LC_MESSAGES" / "django.po"


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def test_there_are_nine_catalogues():
    assert len(RU) == 9
    assert all(_ky(p).exists() for p in RU)


@pytest.mark.parametrize("ru_path", RU, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_russian_msgid_is_translated_into_kyrgyz(ru_path):
    ru = polib.pofile(str(ru_path))
    ky = polib.pofile(str(_ky(ru_path)))
    assert ky.metadata["Language"] == "ky"
    assert ky.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert ky.metadata["X-Amanat-Review"] == "draft"
    by_key = {_key(e): e for e in ky}
    missing = [e.msgid for e in ru if not e.obsolete and _key(e) not in by_key]
    assert missing == []
    assert [e.msgid for e in ky.untranslated_entries()] == []
    assert [e.msgid for e in ky.fuzzy_entries()] == []
    # Drafts only: a 'reviewed:' mark is for the human reviewers, never the translator.
    assert [e.msgid for e in ky if "reviewed:" in (e.tcomment or "")] == []


@pytest.mark.parametrize("ru_path", RU, ids=lambda p: str(p.relative_to(ROOT)))
def test_kyrgyz_keeps_every_placeholder(ru_path):
    ru = polib.pofile(str(ru_path))
    by_key = {_key(e): e for e in polib.pofile(str(_ky(ru_path)))}
    wrong = []
    for entry in ru:
        if entry.obsolete:
            continue
        ky = by_key[_key(entry)]
        if entry.msgid_plural:
            # One plural form in Kyrgyz; it may follow the singular or the plural msgid.
            allowed = {tuple(_placeholders(entry.msgid)), tuple(_placeholders(entry.msgid_plural))}
            if (
                set(ky.msgstr_plural) != {0}
                or tuple(_placeholders(ky.msgstr_plural[0])) not in allowed
            ):
                wrong.append(entry.msgid)
        else:
            same_edges = (ky.msgstr[:1].isspace(), ky.msgstr[-1:].isspace()) == (
                entry.msgid[:1].isspace(),
                entry.msgid[-1:].isspace(),
            )
            if _placeholders(ky.msgstr) != _placeholders(entry.msgid) or not same_edges:
                wrong.append(entry.msgid)
    assert wrong == []


@pytest.mark.parametrize("ru_path", RU, ids=lambda p: str(p.relative_to(ROOT)))
def test_kyrgyz_catalogue_is_compiled(ru_path):
    po = polib.pofile(str(_ky(ru_path)))
    mo = polib.mofile(str(_ky(ru_path).with_suffix(".mo")))
    assert {(e.msgctxt, e.msgid) for e in mo} >= {
        (e.msgctxt, e.msgid) for e in po.translated_entries()
    }


def test_kyrgyz_is_written_in_cyrillic():
    # Kyrgyz letters ң ө ү show up; no Kazakh-only letter (ә ғ қ ұ һ і) slipped in.
    text = "".join(
        e.msgstr or e.msgstr_plural.get(0, "") for p in RU for e in polib.pofile(str(_ky(p)))
    )
    assert {"ң", "ө", "ү"} <= set(text)
    assert set(text) & set("әғқұһіӘҒҚҰҺІ") == set()


def test_django_messages_missing_from_djangos_kyrgyz_catalogue_are_in_the_project_one():
    po = polib.pofile(str(ROOT / "locale/ky/LC_MESSAGES/django.po"))
    by_id = {e.msgid: e for e in po}
    # Password validation (contrib/auth) and step validation (core/validators): both absent
    # from Django 5.2's own ky catalogue.
    short = by_id["This password is too short. It must contain at least %d character."]
    assert short.msgstr_plural[0] == "Бул сырсөз өтө кыска. Анда жок дегенде %d белги болушу керек."
    assert by_id["Enter a valid domain name."].msgstr == "Туура домендик ат киргизиңиз."


# --- Content overlays (rule-file texts): src/amanat/<app>/locale/ky/content/**/*.po -----------

CONTENT = sorted(ROOT.glob("*/locale/ky/content/**/*.po"))
# The first three priorities of the translator task must be complete (and are checked by name,
# so a missing overlay file fails here rather than silently falling back to Russian).
REQUIRED_CONTENT = [
    "screening/locale/ky/content/guides/identification-interview.po",
    "assistance/locale/ky/content/needs_assessment.po",
    "referrals/locale/ky/content/legal_bases.po",
    "referrals/locale/ky/content/taxonomy/service_types.po",
    "referrals/locale/ky/content/taxonomy/shared_fields.po",
    "referrals/locale/ky/content/taxonomy/urgency.po",
    *(
        str(
            p.relative_to(ROOT).parent.parent.parent
            / "locale/ky/content/vocabularies"
            / f"{p.stem}.po"
        )
        for p in sorted(ROOT.glob("*/rules/vocabularies/*.yaml"))
    ),
]


def test_required_content_overlays_exist():
    assert [path for path in REQUIRED_CONTENT if not (ROOT / path).is_file()] == []


@pytest.mark.parametrize("path", CONTENT, ids=lambda p: str(p.relative_to(ROOT)))
def test_content_overlay_is_complete_draft_with_same_placeholders(path):
    po = polib.pofile(str(path))
    assert po.metadata["Language"] == "ky"
    assert [e.msgctxt for e in po if not e.msgstr] == []
    assert [e.msgctxt for e in po if "fuzzy" in e.flags] == []
    assert [e.msgctxt for e in po if "reviewed:" in (e.tcomment or "")] == []
    assert [e.msgctxt for e in po if _placeholders(e.msgstr) != _placeholders(e.msgid)] == []


def test_identification_interview_loads_in_kyrgyz():
    from amanat import rulefiles

    raw, _ = rulefiles.load_data(ROOT / "screening/rules/guides/identification-interview.yaml")
    assert raw["title"]["ky"] == "Аныктоо маеги"
    consent = raw["sections"][0]["questions"][-1]
    assert consent["id"] == "consent_interview"
    assert consent["label"]["ky"] == "Адам (бала болсо — бала өзү) маекке макулбу?"
    # The inline English and Russian stay as written: the overlay only adds a language.
    assert consent["label"]["ru"].startswith("Согласен(на) ли человек")


def test_django_serves_the_kyrgyz_catalogues():
    from django.utils import translation

    with translation.override("ky"):
        # Project catalogue, an app catalogue, a plural, and a Django message the project
        # catalogue adds over Django's own ky catalogue.
        assert translation.gettext("Log in") == "Кирүү"
        assert translation.gettext("Referrals") == "Жолдомолор"
        assert (
            translation.ngettext("%(n)s visit overdue", "%(n)s visits overdue", 3) % {"n": 3}
            == "3 сапардын мөөнөтү өттү"
        )
        assert translation.gettext("Enter a valid domain name.") == "Туура домендик ат киргизиңиз."
    with translation.override("ru"):
        assert translation.gettext("Log in") == "Войти"


@pytest.mark.django_db
def test_interview_guide_page_in_kyrgyz_has_no_fallback(case_manager):
    from django.test import Client

    from amanat.screening.engine import loader
    from tests.fixtures import PASSWORD

    loader.builtin_guides.cache_clear()  # another test may have cached the guides without overlays
    client = Client(headers={"Accept-Language": "en"})
    login = client.post(
        "/accounts/login/", {"username": case_manager.username, "password": PASSWORD}
    )
    assert login.status_code == 302
    page = client.get("/screening/guides/identification-interview/?language=ky").content.decode()
    assert "Аныктоо маеги" in page
    assert "Адамга маектин максаты түшүндүрүлдүбү?" in page
    assert "Идентификационное интервью" not in page
    assert 'class="fallback"' not in page
