"""The needs assessment guide (ADR 0544) as a field form (ADR 0546).

Order: the form tag; the consent checklist and the consent to assistance (required; nothing
after it is shown unless it is "yes", and a note says to stop); the case; the assessment (stage,
date, respondent group, reintegration setting); one group per category of needs, each question a
`select_one` of the guide's one answer scale, shown to the respondent groups it applies to; notes.
Child wording and interviewer guidance travel as hints; the guidance per audience as notes.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amanat.assistance import config
from amanat.assistance.models import AssessmentStage
from amanat.assistance.needs import NeedQuestion, NeedsGuide
from amanat.assistance.rulemodels import Label as GuideLabel
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
    ref,
    tag_field,
)
from amanat.privacy.models import CONSENT_CHECKLIST

FORM_ID = "needs-assessment"
CONSENT_GROUP = "consent"
CONSENT_QUESTION = "consent_assistance"
YES_NO_LIST = "yes_no"
SCALE_LIST = "need_scale"
GROUP_FIELD = "respondent_group"
ASSESSMENT_GROUP = "assessment"


def guide_text(label: GuideLabel) -> Label:
    """The guide's text in a language: English for English, else Russian (the guide has both;
    the region's shared working language stands in for languages it lacks, as elsewhere)."""
    return lambda language: label.get("en" if language == "en" else "ru")


def yes_no() -> tuple[Choice, ...]:
    return (Choice("yes", fixed(_("Yes"))), Choice("no", fixed(_("No"))))


def _joined(*parts: Label | None) -> Label | None:
    present = [p for p in parts if p is not None]
    if not present:
        return None
    return lambda language: "\n".join(p(language) for p in present)


def consent_group() -> tuple[Group, str]:
    """The consent checklist and the consent to assistance (shared by the visit form)."""
    gate = f"{ref(CONSENT_QUESTION)} = 'yes'"
    fields: list[Field] = [
        Field(
            "consent_help",
            "note",
            "note",
            label=fixed(
                _(
                    "Read each point to the person before starting. For a child, seek the child's "
                    "assent and the consent of a parent or guardian unless this would put the child at "
                    "risk."
                )
            ),
        )  # fmt: skip
    ]
    for key, label in CONSENT_CHECKLIST:
        fields.append(Field(key, "checklist", f"select_one {YES_NO_LIST}", label=fixed(label)))
    fields.append(
        Field(CONSENT_QUESTION, "consent", f"select_one {YES_NO_LIST}",
              label=fixed(_("Does the person consent (or, for a child, assent) to the needs "
                            "assessment and to assistance?")),
              hint=fixed(_("If not, stop here: no further question is shown.")),
              required="yes",
              required_message=fixed(_("Ask for consent before anything else.")))
    )  # fmt: skip
    fields.append(consent_refused_note("consent_refused", CONSENT_QUESTION, gate))
    return Group(CONSENT_GROUP, fixed(_("Consent")), "", tuple(fields)), gate


def _assessment_group(guide: NeedsGuide, gate: str) -> Group:
    stages = tuple(Choice(value, fixed(label)) for value, label in AssessmentStage.choices)
    groups = tuple(Choice(code, guide_text(g.label)) for code, g in guide.groups.items())
    settings = tuple(Choice(code, guide_text(s.label)) for code, s in guide.settings.items())
    audience_of = {"children": f"{ref(GROUP_FIELD)} = 'child'",
                   "men": f"{ref(GROUP_FIELD)} = 'adult'",
                   "women": f"{ref(GROUP_FIELD)} = 'adult'"}  # fmt: skip
    notes = [
        Field(f"guidance_{audience}", "note", "note", label=guide_text(text),
              relevant=audience_of.get(audience, ""))
        for audience, text in guide.guidance.items()
    ]  # fmt: skip
    return Group(
        ASSESSMENT_GROUP,
        fixed(_("Needs assessment")),
        gate,
        (
            Field("disclaimer", "note", "note", label=guide_text(guide.disclaimer)),
            Field("stage", "setting", "select_one stage", label=fixed(_("Stage")),
                  choices=stages, required="yes"),
            Field("assessed_on", "setting", "date", label=fixed(_("Date of the assessment")),
                  required="yes", constraint=". <= today()",
                  constraint_message=fixed(_("The date cannot be in the future."))),
            Field(GROUP_FIELD, "setting", f"select_one {GROUP_FIELD}",
                  label=fixed(_("Who is answering")),
                  hint=fixed(_("A person under 18 on the day of the assessment is a child.")),
                  choices=groups, required="yes"),
            Field("reintegration_setting", "setting", "select_one reintegration_setting",
                  label=fixed(_("Where the person will rebuild their life")), choices=settings),
            *notes,
        ),
    )  # fmt: skip


def _question(question: NeedQuestion, groups: tuple[str, ...]) -> Field:
    relevant = ""
    if set(groups) - set(question.applies_to):
        relevant = " or ".join(f"{ref(GROUP_FIELD)} = '{g}'" for g in question.applies_to)
    child = None
    if question.child_text is not None and "child" in question.applies_to:
        text = question.child_text
        child = lambda language: f"{_child_prefix(language)} {guide_text(text)(language)}"  # noqa: E731
    guidance = question.guidance.get("all")
    return Field(
        question.code, "question", f"select_one {SCALE_LIST}",
        label=guide_text(question.text), hint=_joined(child, guide_text(guidance) if guidance
                                                       else None),
        relevant=relevant, question=question,
    )  # fmt: skip


def _child_prefix(language: str) -> str:
    return gettext_in(_("To a child:"), language)


def _category_groups(guide: NeedsGuide, gate: str) -> list[Group]:
    groups = tuple(guide.groups)
    made = []
    for code, category in guide.categories.items():
        fields = tuple(_question(q, groups) for q in guide.questions.values()
                       if q.category == code)  # fmt: skip
        made.append(Group(f"needs_{code}", guide_text(category.label), gate, fields))
    return made


_FORMS: dict[tuple[str, str], FieldForm] = {}


def needs_field_form() -> FieldForm:
    """The needs guide in use as a field form (kept per guide file: version and digest)."""
    guide = config.needs_guide()
    key = (guide.version, guide.digest)
    if key not in _FORMS:
        _FORMS[key] = _build(guide)
    return _FORMS[key]


def _build(guide: NeedsGuide) -> FieldForm:
    consent, gate = consent_group()
    notes = Group("closing", fixed(_("Notes")), gate, (
        Field("notes", "setting", "text", label=fixed(_("Notes")),
              constraint=f"string-length(.) <= {TEXT_MAX}",
              constraint_message=fixed(_("At most 2000 characters."))),
    ))  # fmt: skip
    scale = tuple(Choice(code, guide_text(o.label)) for code, o in guide.options.items())
    return FieldForm(
        form_id=FORM_ID, version=guide.version, title=fixed(_("Needs assessment")),
        tag=tag_field(FORM_ID, guide.version),
        groups=(consent, case_group(gate), _assessment_group(guide, gate),
                *_category_groups(guide, gate), notes),
        lists={YES_NO_LIST: yes_no(), SCALE_LIST: scale}, source=guide,
    )  # fmt: skip
