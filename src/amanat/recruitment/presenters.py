"""What the pages and the API show of a screen: the explanation and the highlighted text."""

from __future__ import annotations

from django.utils.translation import gettext as _

from amanat.core import geography, vocabularies
from amanat.core.language import active
from amanat.recruitment.engine import LANGUAGES, Result, get_screener, normalise


def ui_language() -> str:
    return active()


def level_label(level: str) -> str:
    return {"low": _("low"), "medium": _("medium"), "high": _("high")}.get(level, level)


def language_name(code: str | None) -> str:
    if not code:
        return _("not detected")
    return {
        "ru": _("Russian"),
        "en": _("English"),
        "kk": _("Kazakh"),
        "ky": _("Kyrgyz"),
        "tg": _("Tajik"),
        "uz-Latn": _("Uzbek (Latin)"),
        "uz-Cyrl": _("Uzbek (Cyrillic)"),
    }.get(code, code)


def language_choices() -> list[tuple[str, str]]:
    return [("auto", _("Detect automatically"))] + [(c, language_name(c)) for c in LANGUAGES]


def platform_choices() -> list[tuple[str, str]]:
    return [("", "—")] + vocabularies.choices("websites_apps")


def highlight(text: str, result: Result) -> list[dict]:
    """The text in segments, each `{"text", "indicator"}` (indicator "" when not matched), so a
    template can mark the matched phrases while escaping everything. Phrases are found in the
    lower-cased text; when lower-casing changes the length (rare letters such as "İ"), the
    positions would not match the original, so nothing is marked."""
    normalised = normalise(text)
    if len(normalised) != len(text):
        return [{"text": text, "indicator": ""}]
    marks: list[tuple[int, int, str]] = []
    for match in result.matches:
        for phrase in match.phrases:
            start = normalised.find(phrase)
            while start != -1:
                marks.append((start, start + len(phrase), match.indicator))
                start = normalised.find(phrase, start + len(phrase))
    segments: list[dict] = []
    position = 0
    for start, end, indicator in sorted(marks):
        if start < position:
            continue  # overlaps a phrase already marked
        if start > position:
            segments.append({"text": text[position:start], "indicator": ""})
        segments.append({"text": text[start:end], "indicator": indicator})
        position = end
    if position < len(text):
        segments.append({"text": text[position:], "indicator": ""})
    return segments


def result_view(text: str, result: Result) -> dict:
    grades = get_screener().rules.grades
    return {
        "score": result.score,
        "level": result.level,
        "level_label": level_label(result.level),
        "language": result.language,
        "language_name": language_name(result.language),
        "indicators": [
            {
                "id": m.indicator,
                "label": m.label,
                "grade": m.grade,
                "grade_text": grades.get(m.grade, ""),
                "weight": m.weight,
                "source": m.source,
                "phrases": list(m.phrases),
                "countries": [geography.country_name(c) for c in m.countries],
            }
            for m in result.matches
        ],
        "negated": list(result.negated),
        "destinations": [geography.country_name(c) for c in result.destinations],
        "disclaimer": result.disclaimer,
        "version": result.version,
        "raised_by_model": result.raised_by_model,
        "model_probability": result.model_probability,
        "segments": highlight(text, result),
        "levels": get_screener().rules.levels,
    }


def screen_text(text: str, language: str | None) -> Result:
    return get_screener().screen(text, language, ui_language())
