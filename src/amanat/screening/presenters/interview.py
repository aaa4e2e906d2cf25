"""The interview's pages: its sections and questions (with their skip-logic conditions written
out for people and for interview.js), and the answers per section for the review page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from amanat.core.language import draft_sources
from amanat.screening.engine import Guide, condition_to_dict, resolve
from amanat.screening.engine.conditions import Group, Leaf, referenced
from amanat.screening.engine.messages import template
from amanat.screening.presenters.indicators import indicator_index
from amanat.screening.presenters.labels import FACT_LABELS, Label, guide_file, label


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
    drafts = draft_sources(guide_file(guide), language)  # marked "draft translation" (ADR 1404)
    for number, section in enumerate(guide.sections, start=1):
        view = SectionView(
            section.id,
            label(section.title, language, drafts),
            label(section.help, language, drafts),
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
                id=question.id, type=question.type, label=label(question.label, language, drafts),
                help=label(question.help, language, drafts),
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


def review_view(guide: Guide, stored: dict, language: str) -> dict:
    """What the review page lists: answers per section, indicators present, facts, consent."""
    index = indicator_index(guide, language)
    answers = stored.get("answers") or {}
    return {
        "sections": answer_display(guide, answers, language),
        "present": [index.get(i, {}).get("label") or i for i in stored.get("present") or ()],
        "facts": [(FACT_LABELS.get(k, k), v) for k, v in (stored.get("facts") or {}).items()],
        "consented": answers.get("consent_interview") == "yes",
    }
