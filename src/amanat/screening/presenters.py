"""What the screening pages show: guides, interview sections, results and comparisons as plain
structures for the templates. Guide content comes in the interview language (with a visible mark
where a label fell back to another language); the page itself follows the user's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amanat.core import geography
from amanat.screening.engine import (
    Guide,
    GuideError,
    builtin_guides,
    condition_to_dict,
    get_builtin,
    resolve,
)
from amanat.screening.engine.conditions import Group, Leaf, referenced
from amanat.screening.engine.messages import template
from amanat.screening.engine.model import DelphiScoring, VulnerabilityScoring

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

    def __str__(self) -> str:
        return self.text


def label(text, language: str) -> Label | None:
    if not text:
        return None
    resolved = resolve(text, language)
    return Label(resolved.text, resolved.language, resolved.is_fallback)


def language_name(code: str) -> str:
    return geography.language_name(code) or code


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


# --- the interview form -------------------------------------------------------------------


def yes_no_choices(language: str) -> list[tuple[str, str]]:
    return [
        ("yes", template("option_yes", language)),
        ("no", template("option_no", language)),
        ("unknown", template("option_unknown", language)),
    ]


def _combined(section, question):
    if section.show_if is None:
        return question.show_if
    if question.show_if is None:
        return section.show_if
    return Group("all", (section.show_if, question.show_if))


@dataclass
class QuestionView:
    id: str
    type: str
    label: Label
    help: Label | None
    options: list[tuple[str, Label]]
    condition: Any  # the combined (section and question) condition, or None
    depends_on_page: bool  # its condition reads an answer on the same page
    hint: str = ""  # the condition written out, for browsers without JavaScript
    field_name: str = ""
    bound: Any = None  # the form's bound field, set by the view

    @property
    def condition_json(self) -> dict | None:
        return condition_to_dict(self.condition) if self.condition is not None else None


@dataclass
class SectionView:
    id: str
    title: Label
    help: Label | None
    questions: list[QuestionView] = field(default_factory=list)
    number: int = 0
    hint: str = ""  # the section's own condition, written out


def _option_label(question, value, language: str) -> str:
    if question.type == "yes_no":
        return template(f"option_{value}", language)
    for option in question.options:
        if option.id == value:
            return resolve(option.label, language).text
    return str(value)


def describe_condition(condition, guide: Guide, language: str) -> str:
    """A skip-logic condition for people: question labels (interview language) and values."""
    if isinstance(condition, Group):
        if condition.kind == "not":
            return _("not (%(condition)s)") % {
                "condition": describe_condition(condition.items[0], guide, language)
            }
        joiner = _(" or ") if condition.kind == "any" else _(" and ")
        return joiner.join(describe_condition(item, guide, language) for item in condition.items)
    if not isinstance(condition, Leaf) or condition.kind != "question":
        return condition.describe()
    question = next((q for q in guide.questions() if q.id == condition.subject), None)
    if question is None:
        return condition.describe()
    name = f"«{resolve(question.label, language).text}»"
    op, value = condition.op, condition.value
    if op == "answered":
        return (_("%(question)s is answered") if value else _("%(question)s is not answered")) % {
            "question": name
        }
    if op == "equals":
        return f"{name} = {_option_label(question, value, language)}"
    if op == "in":
        values = ", ".join(_option_label(question, v, language) for v in value)
        return _("%(question)s is one of: %(values)s") % {"question": name, "values": values}
    if op == "includes":
        return _("%(question)s includes %(value)s") % {
            "question": name,
            "value": _option_label(question, value, language),
        }
    symbol = {"lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}[op]
    return f"{name} {symbol} {value}"


def interview_sections(guide: Guide, language: str) -> list[SectionView]:
    sections = []
    for number, section in enumerate(guide.sections, start=1):
        view = SectionView(
            section.id,
            label(section.title, language),
            label(section.help, language),
            number=number,
            hint=describe_condition(section.show_if, guide, language)
            if section.show_if is not None
            else "",
        )
        on_page = {q.id for q in section.questions}
        for question in section.questions:
            condition = _combined(section, question)
            depends = bool(condition is not None and referenced(condition, "question") & on_page)
            view.questions.append(QuestionView(
                id=question.id, type=question.type, label=label(question.label, language),
                help=label(question.help, language),
                options=[(o.id, label(o.label, language)) for o in question.options],
                condition=condition, depends_on_page=depends,
                hint=describe_condition(question.show_if, guide, language)
                if question.show_if is not None else "",
                field_name=f"q-{question.id}",
            ))  # fmt: skip
        sections.append(view)
    return sections


def page_script_data(section: SectionView, answers: dict) -> dict:
    """What interview.js needs: this page's questions in order with their conditions, and the
    saved answers to earlier questions that those conditions read (nothing else)."""
    on_page = {q.id for q in section.questions}
    needed: set[str] = set()
    for question in section.questions:
        if question.condition is not None:
            needed |= referenced(question.condition, "question")
    known = {qid: answers[qid] for qid in sorted(needed - on_page) if qid in answers}
    return {
        "questions": [
            {"id": q.id, "type": q.type, "field": q.field_name, "show_if": q.condition_json}
            for q in section.questions
        ],
        "known": known,
    }


def answer_display(guide: Guide, answers: dict, language: str) -> list[dict]:
    """Answers per section, for the review page: [{section, title, rows: [(label, value)]}]."""
    out = []
    for section in guide.sections:
        rows = []
        for question in section.questions:
            if question.id not in answers:
                continue
            value = answers[question.id]
            if question.type == "multiple_choice":
                shown = "; ".join(_option_label(question, v, language) for v in value)
            elif question.type in ("yes_no", "single_choice"):
                shown = _option_label(question, value, language)
            else:
                shown = str(value)
            rows.append((label(question.label, language), shown))
        out.append({"id": section.id, "title": label(section.title, language), "rows": rows})
    return out


# --- indicator checklists (guides without questions) ---------------------------------------


def indicator_groups(guide: Guide, language: str) -> list[dict]:
    """Indicators grouped by Delphi dimension or vulnerability level, for a checklist form."""
    scoring = guide.scoring
    groups: list[dict] = []
    if isinstance(scoring, DelphiScoring):
        for dimension in guide.dimensions:
            groups.append(
                {
                    "id": f"d{dimension.id}",
                    "title": label(dimension.label, language),
                    "number": dimension.id,
                    "items": [],
                }
            )
        by_key = {f"d{d.id}": g for d, g in zip(guide.dimensions, groups, strict=True)}
        for indicator in guide.indicators:
            by_key[f"d{indicator.dimension}"]["items"].append(_indicator_item(indicator, language))
    elif isinstance(scoring, VulnerabilityScoring):
        for level in scoring.levels:
            items = [_indicator_item(i, language) for i in guide.indicators if i.level == level.id]
            groups.append({"id": level.id, "title": label(level.label, language), "items": items})
    else:
        groups.append(
            {
                "id": "all",
                "title": label(guide.title, language),
                "items": [_indicator_item(i, language) for i in guide.indicators],
            }
        )
    return groups


def _indicator_item(indicator, language: str) -> dict:
    return {
        "id": indicator.id,
        "label": label(indicator.label, language),
        "grade": indicator.grade,
        "grade_label": GRADE_LABELS.get(indicator.grade or "", ""),
        "kind": indicator.kind,
        "kind_label": KIND_LABELS.get(indicator.kind or "", ""),
        "weight": indicator.weight,
        "note": label(indicator.note, language),
    }


def guide_facts(guide: Guide) -> list[str]:
    """The facts a checklist guide's rules read, asked next to the indicators."""
    scoring = guide.scoring
    facts: set[str] = set()
    if isinstance(scoring, DelphiScoring):
        facts = referenced(scoring.conclusion, "fact") | {"age"}
    elif isinstance(scoring, VulnerabilityScoring):
        for category in scoring.categories:
            facts |= referenced(category.condition, "fact")
    return [name for name in ("age", "act_established", "presumed_victim") if name in facts]


# --- results ---------------------------------------------------------------------------------


def indicator_index(guide: Guide | None, language: str) -> dict[str, dict]:
    """Indicator id -> {label, grade, level, kind} over a guide and the guides it feeds."""
    index: dict[str, dict] = {}
    if guide is None:
        return index
    for source in (guide, *guide.fed_guides):
        for indicator in source.indicators:
            index.setdefault(
                indicator.id,
                {
                    "label": label(indicator.label, language),
                    "grade": indicator.grade,
                    "kind": indicator.kind,
                    "guide": source.id,
                },
            )
    return index


def _delphi_grades(result: dict) -> dict[str, str]:
    """Grades of the Delphi list that decided (the composite's main component)."""
    main = result.get("guide")
    for component in result.get("components") or ():
        if component.get("method") == "delphi" and component.get("dimensions") == result.get(
            "dimensions"
        ):
            main = component.get("guide")
            break
    guide = guide_or_none(main) if main else None
    return {i.id: i.grade for i in guide.indicators} if guide else {}


def _named(ids, index: dict, language: str) -> list[dict]:
    return [
        {"id": iid, "label": index.get(iid, {}).get("label") or Label(iid, language, False)}
        for iid in ids
    ]


def result_view(assessment, language_for_ui: str) -> dict:
    """Everything the result page explains, from the stored result of a completed assessment."""
    result = assessment.result or {}
    language = result.get("language") or assessment.language
    guide = guide_or_none(assessment.guide_id)
    index = indicator_index(guide, language)
    grades = _delphi_grades(result)
    dimensions = []
    for dimension in result.get("dimensions") or ():
        indicators = [
            {
                **item,
                "grade": grades.get(item["id"]),
                "grade_label": GRADE_LABELS.get(grades.get(item["id"]) or "", ""),
            }
            for item in _named(dimension["present"], index, language)
        ]
        dimensions.append({**dimension, "indicators": indicators})
    levels = []
    for level in result.get("levels") or ():
        levels.append(
            {
                **level,
                "profile_ui": PROFILE_LABELS.get(level.get("profile") or "", ""),
                "risk_named": _named(level.get("risk") or (), index, language),
                "protective_named": _named(level.get("protective") or (), index, language),
            }
        )
    overall = result.get("overall")
    fallback_languages = sorted(set(result.get("text_languages") or ()) - {language})
    components = [
        {
            "guide": c["guide"],
            "title": guide_title(c["guide"], language),
            "presumed_victim": c["conclusion"]["presumed_victim"],
            "method": c["method"],
        }
        for c in result.get("components") or ()
        if c.get("method") == "delphi"
    ]
    return {
        "result": result,
        "language": language,
        "language_name": language_name(language),
        "fallback_languages": [language_name(code) for code in fallback_languages],
        "presumed_victim": (result.get("conclusion") or {}).get("presumed_victim"),
        "conclusion": result.get("conclusion") or {},
        "dimensions": dimensions,
        "checklist_present": [item for item in result.get("checklist") or () if item["present"]],
        "checklist_total": len(result.get("checklist") or ()),
        "levels": [
            lv for lv in levels if lv["id"] != "structural" or lv["risk"] or lv["protective"]
        ],
        "overall": {**overall, "profile_ui": PROFILE_LABELS.get(overall.get("profile") or "", "")}
        if overall
        else None,
        "categories": result.get("categories") or [],
        "rules": result.get("rules") or [],
        "disclaimer": result.get("disclaimer") or "",
        "components": components,
        "answers_ignored": result.get("answers_ignored") or [],
    }


# --- comparison over time ----------------------------------------------------------------


def _cell(value, previous, *, first: bool) -> dict:
    return {"value": value, "changed": not first and value != previous}


def comparison_view(assessments: list, language: str) -> dict:
    """Rows of what changed between completed assessments of one guide (oldest first)."""
    if not assessments:
        return {"columns": [], "rows": [], "changes": []}
    guide = guide_or_none(assessments[0].guide_id)
    index = indicator_index(guide, language)
    results = [a.result or {} for a in assessments]
    rows: list[dict] = []

    def add(title, values, kind="text"):
        cells = [_cell(v, values[n - 1] if n else None, first=n == 0) for n, v in enumerate(values)]
        rows.append({"title": title, "cells": cells, "kind": kind})

    add(
        _("Presumed victim of trafficking (engine)"),
        [(r.get("conclusion") or {}).get("presumed_victim") for r in results],
        "bool",
    )
    dimension_ids: list[tuple[int, str]] = []
    for r in results:
        for d in r.get("dimensions") or ():
            if d["id"] not in [i for i, _l in dimension_ids]:
                dimension_ids.append((d["id"], d["label"]))
    for number, title in dimension_ids:
        values = []
        for r in results:
            found = next((d for d in r.get("dimensions") or () if d["id"] == number), None)
            values.append(None if found is None else (found["positive"], len(found["present"])))
        add(_("Dimension %(id)s: %(label)s") % {"id": number, "label": title}, values, "dimension")
    if any(r.get("checklist") for r in results):
        add(
            _("Forced-labour indicators present"),
            [sum(1 for c in r.get("checklist") or () if c["present"]) for r in results],
        )
    if any(r.get("overall") for r in results):
        add(
            _("Overall vulnerability"),
            [
                ((r.get("overall") or {}).get("profile"), (r.get("overall") or {}).get("score"))
                for r in results
            ],
            "profile",
        )
        level_ids = [lv["id"] for lv in results[-1].get("levels") or () if lv["id"] != "structural"]
        level_titles = {lv["id"]: lv["label"] for r in results for lv in r.get("levels") or ()}
        for level_id in level_ids:
            values = []
            for r in results:
                lv = next((x for x in r.get("levels") or () if x["id"] == level_id), None)
                values.append((lv["profile"], lv["score"]) if lv else None)
            add(level_titles.get(level_id, level_id), values, "profile")
        add(
            _("Categories"),
            [tuple(c["label"] for c in r.get("categories") or ()) for r in results],
            "list",
        )
    changes = []
    for n in range(1, len(results)):
        before = set(results[n - 1].get("present") or ())
        after = set(results[n].get("present") or ())
        changes.append(
            {
                "assessment": assessments[n],
                "previous": assessments[n - 1],
                "added": _named(sorted(after - before), index, language),
                "removed": _named(sorted(before - after), index, language),
            }
        )
    return {
        "columns": assessments,
        "rows": rows,
        "changes": changes,
        "profile_labels": PROFILE_LABELS,
    }
