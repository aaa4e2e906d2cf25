"""A follow-up visit with its reintegration sustainability assessment as a field form (ADR 0546).

Outreach workers make follow-up visits in the field: the visit (date, how, which scheduled visit)
and the instrument's indicators (`rss_indicators.yaml`), one group per dimension, each indicator a
`select_one` of its scale followed by the answers that are recorded but not scored. The visit
belongs to an existing case (its code is required), after the same consent as the needs form.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amanat.assistance import config
from amanat.assistance.fieldwork.form import YES_NO_LIST, consent_group, guide_text, yes_no
from amanat.assistance.models import VisitMode
from amanat.assistance.reintegration.instrument import Instrument
from amanat.core.fieldwork.form import (
    TEXT_MAX,
    Choice,
    Field,
    FieldForm,
    Group,
    case_group,
    fixed,
    tag_field,
)

FORM_ID = "followup-visit"
_FORMS: dict[tuple[str, str], FieldForm] = {}


def visit_field_form() -> FieldForm:
    """The instrument in use as a field form (kept per instrument file: version and digest)."""
    instrument = config.instrument()
    key = (instrument.version, instrument.digest)
    if key not in _FORMS:
        _FORMS[key] = _build(instrument)
    return _FORMS[key]


def _build(instrument: Instrument) -> FieldForm:
    consent, gate = consent_group()
    modes = tuple(Choice(value, fixed(label)) for value, label in VisitMode.choices)
    visit = Group("visit", fixed(_("Follow-up visit")), gate, (
        Field("disclaimer", "note", "note", label=guide_text(instrument.disclaimer)),
        Field("visited_on", "setting", "date", label=fixed(_("Date of the visit")),
              required="yes", constraint=". <= today()",
              constraint_message=fixed(_("The date cannot be in the future."))),
        Field("mode", "setting", "select_one mode", label=fixed(_("How")), choices=modes,
              required="yes"),
        Field("number", "setting", "integer", label=fixed(_("Scheduled visit number")),
              hint=fixed(_("Leave empty for a visit outside the schedule.")),
              constraint=". >= 1 and . <= 99",
              constraint_message=fixed(_("Enter a number from 1 to 99."))),
        Field("notes", "setting", "text", label=fixed(_("Notes")),
              constraint=f"string-length(.) <= {TEXT_MAX}",
              constraint_message=fixed(_("At most 2000 characters."))),
    ))  # fmt: skip
    lists: dict[str, tuple[Choice, ...]] = {}
    groups = []
    for code, dimension in instrument.dimensions.items():
        fields = []
        for indicator in instrument.indicators_of(code):
            lists.setdefault(indicator.scale, tuple(
                Choice(o.code, guide_text(o.label)) for o in indicator.options.values()))  # fmt: skip
            fields.append(Field(indicator.code, "question", f"select_one {indicator.scale}",
                                label=guide_text(indicator.question),
                                hint=guide_text(indicator.label), question=indicator))  # fmt: skip
        groups.append(Group(f"rss_{code}", guide_text(dimension.label), gate, tuple(fields)))
    return FieldForm(
        form_id=FORM_ID, version=instrument.version,
        title=fixed(_("Follow-up visit and reintegration assessment")),
        tag=tag_field(FORM_ID, instrument.version),
        groups=(consent, case_group(gate, new_persons=False), visit, *groups),
        lists={**lists, YES_NO_LIST: yes_no()}, source=instrument,
    )  # fmt: skip
