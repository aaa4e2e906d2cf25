"""Acceptance for the follow-up visit form (ADR 0546): the reintegration sustainability
indicators filled in the field, imported as visits whose assessments equal scoring the same
answers directly with the instrument."""

from __future__ import annotations

import json
import random
import shutil

import pytest
from pyxform.xls2xform import convert as pyxform_convert

from amanat.assistance import config
from amanat.assistance.fieldwork.adapter import VisitAdapter
from amanat.assistance.models import FollowUpVisit, ReintegrationAssessment
from amanat.assistance.reintegration import score_answers
from amanat.cases.consent import consent_record
from amanat.cases.fieldwork import importer
from amanat.cases.models import Case
from amanat.core.fieldwork import readers
from amanat.privacy.models import Consent
from tests.fieldwork.walk import fill, kobo_record, read_sheets
from tests.fixtures import make_case

FORM = "followup-visit"


def _made(rng, count, case_code, **overrides):
    data = VisitAdapter().xlsform(None, public_key_pem=None, submission_url="")
    survey, choices, _settings = read_sheets(data)
    return [fill(survey, choices, rng, case_code=case_code,
                 overrides={"number": "", **overrides}) for _ in range(count)]  # fmt: skip


def _import(user, records, **kwargs):
    """Kobo records (`wrapped` as exported, with their instanceIDs) or survey records."""
    wrapped = [r if "meta/instanceID" in r else kobo_record(r) for r in records]
    payload = json.dumps({"results": wrapped}).encode()
    subs = readers.read_json(payload, "export.json")
    return subs, importer.submissions_import(adapter=VisitAdapter(), user=user,
                                             submissions=subs, **kwargs)  # fmt: skip


def test_pyxform_converts_the_visit_form(tmp_path, monkeypatch):
    path = tmp_path / f"{FORM}.xlsx"
    path.write_bytes(VisitAdapter().xlsform("ru,en", public_key_pem=None, submission_url=""))
    warnings: list[str] = []
    result = pyxform_convert(xlsform=str(path), warnings=warnings)
    assert warnings == []
    assert f'id="{FORM}"' in result.xform
    if shutil.which("java"):
        monkeypatch.chdir(tmp_path)
        pyxform_convert(xlsform=str(path), warnings=warnings, validate=True)
        assert warnings == []


def test_round_trip_equals_direct_scoring(case_manager, case):
    made = _made(random.Random(1), 3, case.code)
    exported = [kobo_record(r) for r, _v in made]
    subs, result = _import(case_manager, exported)
    assert result.plan.problems() == []
    assert result.created_cases == []
    instrument = config.instrument()
    for (_record, values), pk in zip(made, result.record_ids, strict=True):
        visit = FollowUpVisit.objects.get(pk=pk)
        assert (visit.case_id, visit.mode, visit.visited_on.isoformat()) == (
            case.pk, values["mode"], values["visited_on"])  # fmt: skip
        answers = {k: v for k, v in values.items() if k in instrument.indicators}
        expected = score_answers(answers, instrument=instrument)
        stored = ReintegrationAssessment.objects.get(visit=visit)
        assert stored.answers == answers
        assert (stored.economic, stored.social, stored.psychosocial, stored.composite) == (
            expected.economic, expected.social, expected.psychosocial, expected.composite)  # fmt: skip
    assert Consent.objects.filter(case=case, purpose="assistance").count() == 1
    # Twice: nothing new.
    _subs, again = _import(case_manager, exported)
    assert again.plan.counts()["duplicate"] == 3 and again.record_ids == []
    assert FollowUpVisit.objects.count() == 3


def test_consent_in_force_is_not_recorded_again(case_manager, case):
    consent_record(user=case_manager, case_id=case.pk, purpose="assistance", method="written")
    _import(case_manager, [r for r, _v in _made(random.Random(2), 1, case.code)])
    assert list(Consent.objects.filter(case=case).values_list("method", flat=True)) == ["written"]


def test_a_visit_without_a_case_code_is_refused_and_registers_nobody(case_manager):
    made = _made(random.Random(3), 2, "")
    with pytest.raises(importer.SubmissionsRejected) as caught:
        _import(case_manager, [r for r, _v in made])
    assert {p[2] for p in caught.value.plan.problems()} == {"amanat_case_code"}
    assert Case.objects.count() == 0 and FollowUpVisit.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("number", "3", "no scheduled visit with this number"),
        ("mode", "by_pigeon", "is not one of"),
        ("visited_on", "2099-01-01", "cannot be in the future"),
        ("economic_satisfaction", "great", "is not one of"),
    ],
)
def test_one_broken_visit_imports_nothing(field, value, message, case_manager, case):
    made = _made(random.Random(4), 3, case.code)
    record = made[1][0]
    key = next((k for k in record if k.split("/")[-1] == field), f"visit/{field}")
    record[key] = value
    with pytest.raises(importer.SubmissionsRejected) as caught:
        _import(case_manager, [r for r, _v in made])
    problems = caught.value.plan.problems()
    assert [(q, message in m) for _i, _w, q, m in problems] == [(field, True)]
    assert FollowUpVisit.objects.count() == 0 and Consent.objects.count() == 0


def test_a_closed_or_foreign_case_is_refused(case_manager, other_case_manager):
    theirs = make_case(user=other_case_manager)
    with pytest.raises(importer.SubmissionsRejected) as caught:
        _import(case_manager, [r for r, _v in _made(random.Random(5), 1, theirs.code)])
    assert caught.value.plan.problems()[0][2:] == (
        "amanat_case_code", f"no case with code {theirs.code} that you may update.")  # fmt: skip
    ours = make_case(user=case_manager)
    Case.objects.filter(pk=ours.pk).update(status="Closed")  # setup: a closed case of ours
    with pytest.raises(importer.SubmissionsRejected) as caught:
        _import(case_manager, [r for r, _v in _made(random.Random(6), 1, ours.code)])
    assert caught.value.plan.problems()[0][2:] == (
        "amanat_case_code", "this case is closed: reopen it first.")  # fmt: skip
    assert FollowUpVisit.objects.count() == 0 and Consent.objects.count() == 0
