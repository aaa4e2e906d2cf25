"""The Kazakh, Kyrgyz, Tajik and Uzbek catalogues: complete, faithful drafts, compiled and served.

What every test here guarantees, for each of kk, ky, tg and uz (pytest ids name the language):
- interface: each Russian catalogue (src/amanat/**/locale/ru/LC_MESSAGES/django.po, the reference)
  has a twin in the language with every message, none empty or fuzzy, every plural form filled,
  marked `X-Amanat-Review: draft` and no entry claiming a native review (`reviewed:` is for the
  reviewers, never the translator). A Russian message missing from the twin would fall back to
  English in the middle of a page;
- placeholders: every translation keeps the English text's %(name)s / %d / %% / {name} / HTML tags
  and entities as a multiset (a dropped, renamed or doubled one raises KeyError at run time, i.e.
  a 500, or breaks the markup), and the same leading/trailing whitespace (how texts are joined);
- compiled: each .mo carries every entry of its .po with the same translation (no stale build);
- script: the texts are written in the language, not copied from Russian or English: its own
  letters appear throughout, a neighbouring language's letters never (Uzbek: official Latin only,
  oʻ gʻ with U+02BB and the tutuq belgisi U+02BC, no Cyrillic, no ASCII apostrophe in a word);
- at run time Django serves these texts, including Django's own messages that its catalogue for
  the language lacks and the project catalogue (src/amanat/locale/<lang>) fills;
- content overlays (src/amanat/<app>/locale/<lang>/content/**/*.po): every rule file with texts
  has one, with every text translated from the current English, same placeholders, drafts only;
  the identification interview loads and renders with them and without a fallback.
Checks specific to one language live in the LANGUAGES table, not in code.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.utils import translation

from amanat.rulefiles.loader import load_data
from amanat.rulefiles.overlay_extract import rule_files
from amanat.rulefiles.translations import DRAFT, overlay_entries, overlay_path, text_nodes
from amanat.screening.engine import loader
from tests.fixtures import PASSWORD

ROOT = Path(__file__).resolve().parents[2] / "src" / "amanat"
RUSSIAN = sorted(ROOT.glob("**/locale/ru/LC_MESSAGES/django.po"))
# The union of what the four former per-language modules counted as a placeholder.
PLACEHOLDER = re.compile(
    r"%%|%\([A-Za-z0-9_]+\)[sdifgr]|%[sdifgr]|\{[A-Za-z0-9_]*\}|<[^>]+>|&[a-z#0-9]+;"
)
INTERVIEW = ROOT / "screening/rules/guides/identification-interview.yaml"
TITLE, CONSENT_TITLE = "title", "sections/consent/title"
PURPOSE = "sections/consent/questions/informed_purpose/label"
CONSENT = "sections/consent/questions/consent_interview/label"


@dataclass(frozen=True)
class Language:
    plural_forms: str
    letters: str  # its own letters: each appears somewhere, and most long texts carry one
    share: float  # the least share of texts longer than 40 characters carrying one of them
    forbidden: str  # letters that must never appear (lower case)
    gettext: tuple[tuple[str, str], ...]  # English -> expected, served at run time
    ngettext: tuple[tuple[str, str, int, str], ...]  # singular, plural, n -> expected template
    fills: tuple[str, ...]  # Django messages the project catalogue itself must carry
    interview: dict[str, str]  # identification interview text key -> expected text
    forbidden_pattern: str | None = None  # a pattern no text may contain

    @property
    def nplurals(self) -> int:
        return int(self.plural_forms.split(";")[0].split("=")[1])


CYRILLIC = "".join(chr(code) for code in range(0x400, 0x500) if chr(code).islower())
SHORT_PASSWORD = "This password is too short. It must contain at least %d character."
LANGUAGES = {
    "kk": Language(
        plural_forms="nplurals=2; plural=(n!=1);",
        letters="әғқңөұүі",  # һ is Kazakh too, but rare (loanwords)
        share=0.95,
        forbidden="ӣӯҳҷ",  # Tajik
        gettext=(
            ("Enter a valid email address.", "Жарамды email мекенжайын енгізіңіз."),
            ("This password is too common.", "Бұл құпиясөз тым кең таралған."),
            ("Not found", "Табылмады"),
        ),
        ngettext=(
            ("%(n)s item", "%(n)s items", 3, "%(n)s тапсырма"),
            ("%(num)d day", "%(num)d days", 1, "%(num)d күн"),
        ),
        fills=("Enter a valid email address.", "This password is too common.", "Not found"),
        interview={
            TITLE: "Анықтау сұхбаты",
            CONSENT_TITLE: "Келісім",
            PURPOSE: "Адамға сұхбаттың мақсаты туралы айтылды ма?",
        },
    ),
    "ky": Language(
        plural_forms="nplurals=1; plural=0;",
        letters="ңөү",
        share=0.6,
        forbidden="әғқұһіӣӯҳҷ",  # Kazakh-only and Tajik letters
        gettext=(
            ("Log in", "Кирүү"),
            ("Referrals", "Жолдомолор"),
            ("Enter a valid domain name.", "Туура домендик ат киргизиңиз."),
        ),
        ngettext=(
            ("%(n)s visit overdue", "%(n)s visits overdue", 3, "%(n)s сапардын мөөнөтү өттү"),
            (
                SHORT_PASSWORD,
                SHORT_PASSWORD.replace("character.", "characters."),
                8,
                "Бул сырсөз өтө кыска. Анда жок дегенде %d белги болушу керек.",
            ),
        ),
        fills=(SHORT_PASSWORD, "Enter a valid domain name."),
        interview={
            TITLE: "Аныктоо маеги",
            CONSENT: "Адам (бала болсо — бала өзү) маекке макулбу?",
            PURPOSE: "Адамга маектин максаты түшүндүрүлдүбү?",
        },
    ),
    "tg": Language(
        plural_forms="nplurals=2; plural=(n != 1);",
        letters="ӣӯҳҷқғ",
        share=0.85,
        forbidden="әңөұүһі",  # Kazakh and Kyrgyz letters Tajik does not have
        gettext=(
            ("Case code", "Рамзи парванда"),
            ("Enter a valid domain name.", "Номи домени дурустро ворид кунед."),
            (
                "Your password can’t be entirely numeric.",
                "Пароли шумо набояд танҳо аз рақамҳо иборат бошад.",
            ),
        ),
        # Tajik keeps the noun singular after a numeral: both plural forms read the same.
        ngettext=(
            ("%(n)s item", "%(n)s items", 3, "%(n)s савол"),
            ("%(n)s item", "%(n)s items", 1, "%(n)s савол"),
            ("%(num)d day", "%(num)d days", 5, "%(num)d рӯз"),
        ),
        fills=("Enter a valid domain name.", "Your password can’t be entirely numeric."),
        interview={
            TITLE: "Мусоҳибаи муайянкунӣ",
            PURPOSE: "Оё ба шахс дар бораи мақсади мусоҳиба хабар дода шуд?",
        },
    ),
    "uz": Language(
        plural_forms="nplurals=1; plural=0;",  # as Django's own uz catalogue declares
        letters="ʻʼ",  # oʻ gʻ (U+02BB) and the tutuq belgisi (U+02BC)
        share=0.5,
        forbidden=CYRILLIC,  # official Uzbek is Latin
        forbidden_pattern=r"[A-Za-z]'[A-Za-z]",  # an ASCII apostrophe in a word
        gettext=(
            ("Log in", "Kirish"),
            ("Referral sent.", "Yoʻnaltirish yuborildi."),
            ("Old password", "Eski parol"),
        ),
        ngettext=(("%(n)s problem", "%(n)s problems", 3, "%(n)s ta muammo"),),
        fills=("Old password",),
        interview={
            TITLE: "Identifikatsiya suhbati",
            CONSENT_TITLE: "Rozilik",
            PURPOSE: "Shaxsga suhbatning maqsadi tushuntirildimi?",
        },
    ),
}
CODES = list(LANGUAGES)


def _twin(ru_path: Path, code: str) -> Path:
    return ru_path.parents[2] / code / "LC_MESSAGES" / "django.po"


def _ids(value: object) -> str:
    return str(value.relative_to(ROOT)) if isinstance(value, Path) else str(value)


def _placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


def _edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


def _texts(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)] or [entry.msgstr]


# One case per language and app, e.g. [kk-cases], [uz-project] (src/amanat/locale).
CATALOGUES = [
    pytest.param(
        code, ru, id=f"{code}-{ru.relative_to(ROOT).parts[0].replace('locale', 'project')}"
    )
    for code in CODES
    for ru in RUSSIAN
]


def test_every_russian_catalogue_has_a_twin_and_no_other_exists():
    assert len(RUSSIAN) == 9
    for code in CODES:
        assert sorted(ROOT.glob(f"**/locale/{code}/LC_MESSAGES/django.po")) == sorted(
            _twin(p, code) for p in RUSSIAN
        ), code


@pytest.mark.parametrize(("code", "ru_path"), CATALOGUES, ids=_ids)
def test_the_catalogue_is_a_complete_draft(code, ru_path):
    po = polib.pofile(str(_twin(ru_path, code)))
    assert po.metadata["Language"] == code
    assert po.metadata["Plural-Forms"] == LANGUAGES[code].plural_forms
    assert po.metadata["X-Amanat-Review"] == "draft"
    by_key = {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}
    sources = list(polib.pofile(str(ru_path)))
    assert [e.msgid for e in sources if e.obsolete] == []
    assert [e.msgid for e in sources if (e.msgctxt, e.msgid) not in by_key] == []
    assert [
        e.msgid for e in sources if by_key[e.msgctxt, e.msgid].msgid_plural != e.msgid_plural
    ] == []
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po if not all(_texts(e))] == []
    forms = list(range(LANGUAGES[code].nplurals))
    assert [e.msgid for e in po if e.msgid_plural and sorted(e.msgstr_plural) != forms] == []
    assert [e.msgid for e in po if "reviewed:" in (e.tcomment or "")] == []


@pytest.mark.parametrize(("code", "ru_path"), CATALOGUES, ids=_ids)
def test_the_catalogue_keeps_placeholders_and_edge_whitespace(code, ru_path):
    """Every entry, including Django messages the project adds, against its own English."""
    nplurals, wrong = LANGUAGES[code].nplurals, []
    for entry in polib.pofile(str(_twin(ru_path, code))):
        if entry.obsolete:
            continue
        sources = (
            [entry.msgid, entry.msgid_plural][:nplurals] if entry.msgid_plural else [entry.msgid]
        )
        for form, source in enumerate(sources):
            text = entry.msgstr_plural.get(form, "") if entry.msgid_plural else entry.msgstr
            expected = [_placeholders(source)]
            if entry.msgid_plural and nplurals == 1:
                # The one form may follow the singular or the plural msgid, but keeps every name.
                expected.append(_placeholders(entry.msgid_plural))
            found = _placeholders(text)
            if found not in expected or set(found) != set().union(*expected):
                wrong.append(("placeholders", source, text))
            if _edges(text) != _edges(source):
                wrong.append(("edges", source, text))
    assert wrong == []


@pytest.mark.parametrize(("code", "ru_path"), CATALOGUES, ids=_ids)
def test_the_catalogue_is_compiled(code, ru_path):
    po = polib.pofile(str(_twin(ru_path, code)))
    mo = polib.mofile(str(_twin(ru_path, code).with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): _texts(e) for e in mo}
    stale = [
        e.msgid for e in po if not e.obsolete and compiled.get((e.msgctxt, e.msgid)) != _texts(e)
    ]
    assert stale == []


def _catalogue_entries(code: str) -> list[tuple[str, str]]:
    """(English, translation) of every interface message in the language."""
    return [
        (e.msgid, text)
        for ru in RUSSIAN
        for e in polib.pofile(str(_twin(ru, code)))
        if not e.obsolete
        for text in _texts(e)
    ]


def _content_entries(code: str) -> list[tuple[str, str]]:
    return [
        (e.msgid, e.msgstr)
        for path in sorted(ROOT.glob(f"*/locale/{code}/content/**/*.po"))
        for e in polib.pofile(str(path))
    ]


@pytest.mark.parametrize("surface", ["interface", "content"])
@pytest.mark.parametrize("code", CODES)
def test_the_texts_are_written_in_the_language(code, surface):
    """Not copied Russian or English, and not mixed up with a neighbouring language."""
    language = LANGUAGES[code]
    pairs = (_catalogue_entries if surface == "interface" else _content_entries)(code)
    text = "".join(t for _source, t in pairs).lower()
    assert [letter for letter in language.letters if letter not in text] == []
    long_texts = [t.lower() for source, t in pairs if len(source) > 40]
    own = [t for t in long_texts if set(language.letters) & set(t)]
    assert len(own) / len(long_texts) > language.share
    assert [t for _source, t in pairs if set(language.forbidden) & set(t.lower())] == []
    if language.forbidden_pattern:
        assert [t for _s, t in pairs if re.search(language.forbidden_pattern, t)] == []


@pytest.mark.parametrize("code", CODES)
def test_django_serves_the_language(code):
    language = LANGUAGES[code]
    for english, expected in language.gettext:
        with translation.override(code):
            assert translation.gettext(english) == expected
        with translation.override("ru"):
            assert translation.gettext(english) != expected
        with translation.override("en"):
            assert translation.gettext(english) == english
    with translation.override(code):
        for singular, plural, n, expected in language.ngettext:
            assert translation.ngettext(singular, plural, n) == expected, (singular, n)
    with translation.override("ru"):
        assert translation.gettext("Log in") == "Войти"


@pytest.mark.parametrize("code", CODES)
def test_the_project_catalogue_fills_what_djangos_catalogue_lacks(code):
    language = LANGUAGES[code]
    expected = dict(language.gettext) | {row[0]: row[3] for row in language.ngettext}
    po = polib.pofile(str(ROOT / f"locale/{code}/LC_MESSAGES/django.po"))
    carried = {e.msgid: _texts(e)[0] for e in po if not e.obsolete and e.msgid in language.fills}
    assert language.fills and carried == {msgid: expected[msgid] for msgid in language.fills}


# --- content overlays: the texts of the rule files (guides, forms, code lists) ---------------

RULE_FILES = rule_files(ROOT)  # every rule file that has at least one text
REQUIRED = [
    INTERVIEW,
    ROOT / "assistance/rules/needs_assessment.yaml",
    ROOT / "referrals/rules/legal_bases.yaml",
    *(
        ROOT / f"referrals/rules/taxonomy/{name}.yaml"
        for name in ("service_types", "shared_fields", "urgency")
    ),
    *sorted(ROOT.glob("*/rules/vocabularies/*.yaml")),
    *sorted(ROOT.glob("referrals/rules/taxonomy/*.yaml")),
]


@pytest.mark.parametrize("code", CODES)
def test_every_rule_file_with_texts_has_an_overlay_and_no_overlay_is_orphaned(code):
    assert len(set(REQUIRED)) > 20
    assert [_ids(p) for p in REQUIRED if p not in RULE_FILES] == []
    assert [_ids(p) for p in RULE_FILES if not overlay_path(p, code).is_file()] == []
    overlays = sorted(ROOT.glob(f"*/locale/{code}/content/**/*.po"))
    assert overlays == sorted(overlay_path(p, code) for p in RULE_FILES)


@pytest.mark.parametrize(
    ("code", "rule_file"), [(c, p) for c in CODES for p in RULE_FILES], ids=_ids
)
def test_every_text_of_the_rule_file_has_a_current_draft(code, rule_file):
    data, _ = load_data(rule_file, apply_overlays=False)
    texts = dict(text_nodes(data))
    entries = overlay_entries(rule_file, code)
    assert sorted(texts) == sorted(entries)
    assert [key for key, node in texts.items() if entries[key].source != node["en"]] == []
    assert [key for key, entry in entries.items() if not entry.translated] == []
    assert [key for key, entry in entries.items() if entry.status != DRAFT] == []
    po = polib.pofile(str(overlay_path(rule_file, code)))
    assert (po.metadata["Language"], po.metadata["X-Amanat-Review"]) == (code, "draft")
    assert [e.msgctxt for e in po if not e.msgstr] == []
    assert [e.msgctxt for e in po if "fuzzy" in e.flags] == []
    assert [e.msgctxt for e in po if "reviewed:" in (e.tcomment or "")] == []
    assert [e.msgctxt for e in po if _placeholders(e.msgstr) != _placeholders(e.msgid)] == []


@pytest.mark.parametrize("code", CODES)
def test_the_interview_loads_with_the_overlay_texts(code):
    raw, _ = load_data(INTERVIEW, apply_overlays=False)
    merged, _ = load_data(INTERVIEW)
    raw_nodes, nodes = dict(text_nodes(raw)), dict(text_nodes(merged))
    assert {key: nodes[key][code] for key in LANGUAGES[code].interview} == LANGUAGES[code].interview
    assert merged["sections"][0]["questions"][-1]["id"] == "consent_interview"
    # The overlay only adds a language: the inline English and Russian stay as written.
    assert [k for k in raw_nodes if code in raw_nodes[k]] == []
    assert {k: (n["en"], n["ru"]) for k, n in nodes.items()} == {
        k: (n["en"], n["ru"]) for k, n in raw_nodes.items()
    }
    assert (nodes[CONSENT_TITLE]["en"], nodes[CONSENT_TITLE]["ru"]) == ("Consent", "Согласие")
    assert nodes[CONSENT]["ru"].startswith("Согласен(на) ли человек")
    letters = set(LANGUAGES[code].letters)
    helps = [k for k, n in nodes.items() if k.endswith("/help")]
    assert helps and [k for k in helps if not letters & set(nodes[k][code].lower())] == []


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_the_interview_guide_page_has_no_fallback(code, case_manager):
    loader.builtin_guides.cache_clear()  # another test may have cached the guides without overlays
    client = Client(headers={"Accept-Language": "en"})
    login = client.post(
        "/accounts/login/", {"username": case_manager.username, "password": PASSWORD}
    )
    assert login.status_code == 302
    page = client.get(
        f"/screening/guides/identification-interview/?language={code}"
    ).content.decode()
    assert LANGUAGES[code].interview[TITLE] in page
    assert LANGUAGES[code].interview[PURPOSE] in page
    assert "Идентификационное интервью" not in page
    assert 'class="fallback"' not in page
