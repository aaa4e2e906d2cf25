"""Statistics and chart labels come from the gettext catalogue (ADR 0666), with the same words in
English and Russian as before; no bilingual label is written inline in the code any more."""

from __future__ import annotations

import ast
from pathlib import Path

import polib

import amanat.insights
from amanat.insights import charts, i18n
from amanat.insights.gaps import FLAGS
from amanat.insights.params import describe_filters
from amanat.insights.selectors import OMITTED, PLATFORM_LABEL
from amanat.insights.stats import Filters, Period
from amanat.insights.stats.outcomes import REFERRAL_STATES

APP = Path(amanat.insights.__file__).parent
CATALOGUE = APP / "locale" / "ru" / "LC_MESSAGES" / "django.po"


def _python_files() -> list[Path]:
    return [p for p in APP.rglob("*.py") if "migrations" not in p.parts]


def test_labels_read_the_catalogue_in_both_languages():
    assert i18n.bilingual(REFERRAL_STATES["expired"]) == {
        "en": "Expired without an answer",
        "ru": "Истёк срок ответа",
    }
    assert i18n.bilingual(PLATFORM_LABEL) == {
        "en": "Cases registered in Amanat",
        "ru": "Случаи, зарегистрированные в Amanat",
    }
    assert i18n.bilingual(OMITTED["gaps"])["ru"] == (
        "Анализ пробелов: потребностей в делах пока не записано."
    )
    assert i18n.bilingual(FLAGS["no_service"])["ru"] == (
        "В справочнике нет услуг этого вида для этого региона"
    )
    assert charts._text("suppressed", "ru", n=10) == "скрыто (меньше 10)"
    assert charts._text("more", "en", n=3) == "3 more rows in the table"
    assert describe_filters(Filters(period=Period(2020, 2023)), "ru") == ["Годы 2020-2023"]
    assert describe_filters(Filters(), "en") == ["All records"]


def test_a_context_keeps_a_statistics_label_apart_from_the_same_word_elsewhere():
    # "Accepted" as a referral outcome is neuter in Russian; another app's "Accepted" must not win.
    assert i18n.text(REFERRAL_STATES["accepted"], "ru") == "Принято"


def test_every_marked_label_has_its_russian_translation():
    catalogue = polib.pofile(str(CATALOGUE))
    marked = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "pgettext_lazy"
                and all(isinstance(a, ast.Constant) for a in node.args)
            ):
                marked.append((node.args[0].value, node.args[1].value))
    assert len(marked) >= 45
    missing = [m for m in marked if not (e := catalogue.find(m[1], msgctxt=m[0])) or not e.msgstr]
    assert missing == []


def test_no_bilingual_label_is_written_inline():
    """A dict literal {"en": "...", "ru": "..."} of constants is a label gettext cannot see."""
    inline = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                constant = [
                    v for v in node.values if isinstance(v, ast.Constant | ast.JoinedStr | ast.Dict)
                ]
                if {"en", "ru"} <= keys and constant:
                    inline.append(f"{path.relative_to(APP)}:{node.lineno}")
    assert inline == []
