"""The field form: skip logic as XPath, and the server as the authority on hidden answers."""

from __future__ import annotations

import json
import random

from amanat.core.fieldwork import readers
from amanat.screening.engine import get_builtin
from amanat.screening.engine.conditions import Scope, parse_condition
from amanat.screening.fieldwork import importer
from amanat.screening.fieldwork.form import field_form
from amanat.screening.fieldwork.xlsform import xlsform_bytes
from amanat.screening.fieldwork.xpath import to_xpath
from amanat.screening.models import Assessment
from tests.fieldwork.walk import fill, kobo_record, read_sheets

GUIDE = "identification-interview"


def test_conditions_as_xpath():
    guide = get_builtin(GUIDE)
    questions = {q.id: q for q in guide.questions()}
    scope = Scope(questions=questions)

    def x(raw):
        return to_xpath(parse_condition(raw, scope, "t"), questions)

    assert x({"question": "age", "lt": 18}) == "(${age} != '' and ${age} < 18)"
    assert x({"question": "recruitment_method", "includes": "ThroughAnOnlineAdvertisement"}) == (
        "selected(${recruitment_method}, 'ThroughAnOnlineAdvertisement')"
    )
    assert x({"question": "current_situation", "in": ["returned", "stranded"]}) == (
        "(${current_situation} = 'returned' or ${current_situation} = 'stranded')"
    )
    assert x({"not": {"question": "recruitment_apps", "answered": True}}) == (
        "not(${recruitment_apps} != '')"
    )
    assert x(
        {"all": [{"question": "worked", "equals": "yes"}, {"question": "age", "gte": 18}]}
    ) == ("(${worked} = 'yes' and (${age} != '' and ${age} >= 18))")


def test_every_group_after_consent_is_gated_on_consent():
    form = field_form(GUIDE)
    assert form.groups[0].name == "consent"
    assert all(g.relevant.startswith("${consent_interview} = 'yes'") for g in form.groups[1:])
    checklist = field_form("ilo-delphi-labour-child")
    assert [f.name for f in checklist.groups[0].fields if f.kind == "consent"][-1] == (
        "consent_interview"
    )
    assert [g.name for g in checklist.groups[2:]][:2] == ["indicators_d1", "indicators_d2"]


def test_an_answer_to_a_hidden_question_is_not_kept(case_manager):
    survey, choices, _ = read_sheets(xlsform_bytes(GUIDE))
    record, _values = fill(survey, choices, random.Random(7),
                           overrides={"gender": "masculine"})  # fmt: skip
    record["personal/pregnant"] = "yes"  # a stale or tampered answer the form hides for men
    subs = readers.read_json(json.dumps([kobo_record(record)]).encode(), "x.json")
    importer.submissions_import(user=case_manager, guide_id=GUIDE, submissions=subs)
    stored = Assessment.objects.get()
    assert "pregnant" not in stored.answers["answers"]
    assert stored.answers["answers"]["gender"] == "masculine"
