"""A guide as a field form: the one description read by the XLSForm writer and by the import.

Order (ADR 0360): the calculated form tag (guide id and version, carried by every submission in
every export format), the consent checklist, then, only when consent is given, the case the
interview belongs to and the guide's sections (questions) or indicator groups (checklists).
A guide without its own consent section gets the identification interview's, the project's one
consent checklist.
"""

from __future__ import annotations

from functools import cache

from django.utils.translation import gettext_lazy as _

from amanat.core.fieldwork.form import (
    TEXT_MAX,
    Choice,
    Field,
    FieldForm,
    Group,
    Label,
    case_group,
    consent_refused_note,
    fixed,
    gettext_in,
    tag_field,
)
from amanat.screening.engine import Guide, get_builtin, resolve
from amanat.screening.engine.messages import template
from amanat.screening.engine.model import (
    DelphiScoring,
    Question,
    VulnerabilityScoring,
)
from amanat.screening.fieldwork.xpath import literal, ref, to_xpath
from amanat.screening.presenters.indicators import checklist_indicator_ids, guide_facts
from amanat.screening.presenters.labels import FACT_LABELS

CONSENT_SECTION = "consent"
CONSENT_QUESTION = "consent_interview"
CONSENT_SOURCE_GUIDE = "identification-interview"
YES_NO_LIST = "yes_no"


def content(text) -> Label:
    return lambda language: resolve(text, language).text


def yes_no_choices() -> tuple[Choice, ...]:
    return tuple(
        Choice(value, lambda language, key=f"option_{value}": template(key, language))
        for value in ("yes", "no", "unknown")
    )


def _consent_questions(guide: Guide) -> tuple[tuple[Question, ...], object, object, bool]:
    """The consent questions, the section title and help, and whether the guide owns them."""
    for source, own in ((guide, True), (get_builtin(CONSENT_SOURCE_GUIDE), False)):
        for section in source.sections:
            if section.id == CONSENT_SECTION:
                return section.questions, section.title, section.help, own
    raise LookupError("no consent checklist")  # pragma: no cover - the built-in guide has one


def _question_field(question: Question, *, kind: str, relevant: str = "") -> list[Field]:
    common = {"label": content(question.label), "question": question, "relevant": relevant}
    if question.help:
        common["hint"] = content(question.help)
    if question.type == "yes_no":
        fields = [Field(question.id, kind, f"select_one {YES_NO_LIST}", **common)]
    elif question.type in ("single_choice", "multiple_choice"):
        select = "select_one" if question.type == "single_choice" else "select_multiple"
        choices = tuple(Choice(o.id, content(o.label)) for o in question.options)
        fields = [Field(question.id, kind, f"{select} {question.id}", choices=choices, **common)]
    elif question.type == "number":
        whole = question.sets_fact == "age" or all(
            b is None or float(b).is_integer() for b in (question.minimum, question.maximum)
        )
        constraint, message = _bounds(question)
        fields = [
            Field(question.id, kind, "integer" if whole else "decimal", constraint=constraint,
                  constraint_message=message, **common)
        ]  # fmt: skip
    elif question.type == "date":
        fields = [Field(question.id, kind, "date", **common)]
    else:
        fields = [
            Field(question.id, kind, "text", constraint=f"string-length(.) <= {TEXT_MAX}",
                  constraint_message=fixed(_("At most 2000 characters.")), **common)
        ]  # fmt: skip
    if question.sets_fact:
        fields.append(_derived_fact(question))
    return fields


def _bounds(question: Question) -> tuple[str, Label | None]:
    low, high = question.minimum, question.maximum
    if low is None and high is None:
        return "", None
    parts = []
    if low is not None:
        parts.append(f". >= {literal(low, question)}")
    if high is not None:
        parts.append(f". <= {literal(high, question)}")
    shown = {"min": literal(low, question) if low is not None else "…",
             "max": literal(high, question) if high is not None else "…"}  # fmt: skip
    message = _("Enter a number from %(min)s to %(max)s.")
    return " and ".join(parts), lambda language: gettext_in(message, language) % shown


def _derived_fact(question: Question) -> Field:
    """The fact a question sets, as a calculate: for analysts reading the collection server's
    data. The import re-derives facts from the answers with the engine and ignores it."""
    name = f"fact_{question.sets_fact}"
    if question.type == "number":
        calculation = ref(question.id)
    else:
        calculation = (
            f"if({ref(question.id)} = 'yes', 'true', if({ref(question.id)} = 'no', 'false', ''))"
        )
    return Field(name, "derived", "calculate", calculation=calculation)


def _consent_group(guide: Guide) -> tuple[Group, str]:
    questions, title, help_text, own = _consent_questions(guide)
    fields: list[Field] = []
    if help_text:
        fields.append(Field("amanat_consent_help", "note", "note", label=content(help_text)))
    for question in questions:
        made = _question_field(question, kind="question" if own else "consent")
        if question.id == CONSENT_QUESTION:
            made[0] = Field(
                **{**made[0].__dict__, "required": "yes",
                   "required_message": fixed(_("Ask for consent before anything else."))}
            )  # fmt: skip
        fields += made
    gate = f"{ref(CONSENT_QUESTION)} = 'yes'"
    fields.append(consent_refused_note("amanat_consent_refused", CONSENT_QUESTION, gate))
    return Group(CONSENT_SECTION, content(title), "", tuple(fields)), gate


def _section_groups(guide: Guide, gate: str) -> list[Group]:
    questions = {q.id: q for q in guide.questions()}
    groups = []
    for section in guide.sections:
        if section.id == CONSENT_SECTION:
            continue
        relevant = gate
        if section.show_if is not None:
            own = to_xpath(section.show_if, questions)
            relevant = own if own == gate else f"{gate} and {own}"
        fields: list[Field] = []
        if section.help:
            fields.append(Field(f"{section.id}_help", "note", "note", label=content(section.help)))
        for question in section.questions:
            shown = to_xpath(question.show_if, questions) if question.show_if else ""
            fields += _question_field(question, kind="question", relevant=shown)
        groups.append(Group(section.id, content(section.title), relevant, tuple(fields)))
    return groups


def _indicator_sets(guide: Guide) -> list[tuple[str, object, list]]:
    asked = set(checklist_indicator_ids(guide))
    scoring = guide.scoring
    if isinstance(scoring, DelphiScoring):
        sets = [(f"d{d.id}", d.label, [i for i in guide.indicators if i.dimension == d.id])
                for d in guide.dimensions]  # fmt: skip
    elif isinstance(scoring, VulnerabilityScoring):
        sets = [(lv.id, lv.label, [i for i in guide.indicators if i.level == lv.id])
                for lv in scoring.levels]  # fmt: skip
    else:
        sets = [("all", guide.title, list(guide.indicators))]
    return [(gid, title, [i for i in items if i.id in asked]) for gid, title, items in sets]


def _checklist_groups(guide: Guide, gate: str) -> list[Group]:
    groups = []
    for gid, title, indicators in _indicator_sets(guide):
        if not indicators:
            continue
        choices = tuple(Choice(i.id, content(i.label)) for i in indicators)
        name = f"present_{gid}"
        present = Field(
            name, "present", f"select_multiple {name}", label=fixed(_("Indicators present")),
            hint=fixed(_("Mark each indicator the person's account shows.")),
            choices=choices, subject=gid,
        )  # fmt: skip
        groups.append(Group(f"indicators_{gid}", content(title), gate, (present,)))
    facts: list[Field] = []
    for name in guide_facts(guide):
        if name == "age":
            facts.append(
                Field("fact_age", "fact", "integer", label=fixed(FACT_LABELS[name]),
                      constraint=". >= 0 and . <= 120",
                      constraint_message=fixed(_("Enter an age from 0 to 120.")), subject=name)
            )  # fmt: skip
        else:
            facts.append(
                Field(f"fact_{name}", "fact", f"select_one {YES_NO_LIST}",
                      label=fixed(FACT_LABELS[name]), subject=name)
            )  # fmt: skip
    if facts:
        groups.append(Group("facts", fixed(_("Facts the guide's rules read")), gate, tuple(facts)))
    return groups


@cache
def field_form(guide_id: str) -> FieldForm:
    """The field form of a built-in guide (cached: guides are loaded once per process)."""
    guide = get_builtin(guide_id)
    consent, gate = _consent_group(guide)
    body = _section_groups(guide, gate) if guide.sections else _checklist_groups(guide, gate)
    return FieldForm(
        form_id=guide.id, version=str(guide.version), title=content(guide.title),
        tag=tag_field(guide.id, str(guide.version)), groups=(consent, case_group(gate), *body),
        lists={YES_NO_LIST: yes_no_choices()}, source=guide,
    )  # fmt: skip
