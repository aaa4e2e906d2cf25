"""Labels shared by the screening pages: guide text in a language (with a visible mark where it
fell back to another one), guide titles and choices, and the translated grade, profile and fact
names. Guide content comes in the interview language; the page itself follows the user's."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy

from amanat.core import geography
from amanat.screening.engine import Guide, GuideError, builtin_guides, get_builtin, resolve
from amanat.screening.engine.loader import BUILTIN_DIR
from amanat.screening.engine.messages import template

GRADE_LABELS = {
    "strong": gettext_lazy("strong"),
    "medium": gettext_lazy("medium"),
    "weak": gettext_lazy("weak"),
}
PROFILE_LABELS = {
    "low": gettext_lazy("low"),
    "medium": gettext_lazy("medium"),
    "high": gettext_lazy("high"),
}
KIND_LABELS = {"risk": gettext_lazy("risk factor"), "protective": gettext_lazy("protective factor")}
FACT_LABELS = {
    "age": gettext_lazy("Age (years)"),
    "act_established": gettext_lazy(
        "Act established (recruitment, transport, transfer, harbouring or receipt)"
    ),
    "presumed_victim": gettext_lazy("Presumed victim of trafficking (from a Delphi screening)"),
}


@dataclass(frozen=True)
class Label:
    text: str
    language: str  # the language the text is in
    fallback: bool  # not in the requested language
    draft: bool = False  # in the requested language, but no native speaker has reviewed it

    def __str__(self) -> str:
        return self.text


def label(text, language: str, drafts: frozenset[str] = frozenset()) -> Label | None:
    """`text` in `language`; `drafts`: the English sources whose translation is a draft
    (`amanat.core.language.draft_sources` of the guide's file)."""
    if not text:
        return None
    resolved = resolve(text, language)
    draft = not resolved.is_fallback and text.get("en") in drafts
    return Label(resolved.text, resolved.language, resolved.is_fallback, draft)


def language_name(code: str) -> str:
    return geography.language_name(code) or code


def guide_file(guide: Guide) -> Path:
    """The guide's rule file (a built-in guide records only its file name)."""
    path = Path(guide.file)
    return path if path.is_absolute() else BUILTIN_DIR / path.name


def guide_or_none(guide_id: str) -> Guide | None:
    try:
        return get_builtin(guide_id)
    except GuideError:
        return None


def guide_title(guide_id: str, language: str) -> str:
    guide = guide_or_none(guide_id)
    return resolve(guide.title, language).text if guide else guide_id


def guide_choices(language: str) -> list[tuple[str, str]]:
    guides = builtin_guides()
    # The interview first: it is what a caseworker runs; the lists are for specialists.
    order = sorted(guides.values(), key=lambda g: (g.method != "composite", g.id))
    return [(g.id, resolve(g.title, language).text) for g in order]


def yes_no_choices(language: str) -> list[tuple[str, str]]:
    return [
        ("yes", template("option_yes", language)),
        ("no", template("option_no", language)),
        ("unknown", template("option_unknown", language)),
    ]


def named_indicators(ids, index: dict, language: str) -> list[dict]:
    """Indicator ids with their labels from `index` (the id itself when the guide lost it)."""
    return [
        {"id": iid, "label": index.get(iid, {}).get("label") or Label(iid, language, False)}
        for iid in ids
    ]
