"""Acceptance: every guide exported, converted by pyxform, filled by walking its survey sheet,
imported, and the stored assessments equal scoring the same answers directly with the engine."""

from __future__ import annotations

import json
import random
import shutil

import pytest
from pyxform.xls2xform import convert as pyxform_convert

from amanat.core.fieldwork import readers
from amanat.screening.engine import builtin_guides, get_builtin, screen
from amanat.screening.fieldwork import importer
from amanat.screening.fieldwork.xlsform import xlsform_bytes
from amanat.screening.models import Assessment, FieldSubmission
from tests.fieldwork.walk import answer_set, fill, kobo_record, odata_record, read_sheets
from tests.fixtures import make_case

GUIDES = sorted(builtin_guides())


@pytest.mark.parametrize("guide_id", GUIDES)
def test_pyxform_converts_every_guide_without_warnings(guide_id, tmp_path):
    path = tmp_path / f"{guide_id}.xlsx"
    path.write_bytes(xlsform_bytes(guide_id, "ru,en,kk"))
    warnings: list[str] = []
    result = pyxform_convert(xlsform=str(path), warnings=warnings)
    assert warnings == []
    assert f'id="{guide_id}"' in result.xform
    assert 'version="1.0"' in result.xform
    assert "jr:itext" in result.xform  # labels travel as translations


@pytest.mark.skipif(shutil.which("java") is None, reason="ODK Validate needs Java")
@pytest.mark.parametrize("guide_id", GUIDES)
def test_odk_validate_accepts_every_guide(guide_id, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # pyxform writes the XForm next to the working directory
    path = tmp_path / f"{guide_id}.xlsx"
    path.write_bytes(xlsform_bytes(guide_id))
    warnings: list[str] = []
    pyxform_convert(xlsform=str(path), warnings=warnings, validate=True)
    assert warnings == []


def _submissions(guide_id: str, rng: random.Random, count: int, case_code: str = ""):
    survey, choices, _settings = read_sheets(xlsform_bytes(guide_id))
    made = []
    for n in range(count):
        record, values = fill(survey, choices, rng, case_code=case_code if n % 2 else "")
        made.append((record, values))
    return made


@pytest.mark.parametrize("guide_id", GUIDES)
@pytest.mark.parametrize("shape", ["kobo", "odata"])
def test_round_trip_equals_direct_scoring(guide_id, shape, case_manager, case):
    rng = random.Random(f"{guide_id}-{shape}")
    made = _submissions(guide_id, rng, 6, case_code=case.code)
    wrap = kobo_record if shape == "kobo" else odata_record
    records = [wrap(record) for record, _values in made]
    payload = {"results": records} if shape == "kobo" else {"value": records}
    subs = readers.read_json(json.dumps(payload).encode(), "export.json")
    result = importer.submissions_import(user=case_manager, guide_id=guide_id, submissions=subs)
    assert result.plan.problems() == []
    assert len(result.assessment_ids) == 6
    assert len(result.created_cases) == 3
    guide = get_builtin(guide_id)
    for (record, values), sub, assessment_id in zip(made, subs, result.assessment_ids, strict=True):
        stored = Assessment.objects.get(pk=assessment_id)
        expected_set = answer_set(guide, values)
        expected = screen(guide, expected_set, language="ru").to_dict()
        assert stored.status == "completed"
        assert stored.result == expected
        assert FieldSubmission.objects.get(assessment=stored).instance_id == sub.instance_id
        if record.get("amanat_case/amanat_case_code"):
            assert stored.case_id == case.pk


def test_consent_refused_imports_nothing_and_hides_everything(case_manager):
    survey, choices, _ = read_sheets(xlsform_bytes("identification-interview"))
    record, values = fill(survey, choices, random.Random(1), consent="no")
    assert set(values) <= {"informed_purpose", "informed_data_use", "informed_research_use",
                           "informed_right_to_access", "informed_retention",
                           "informed_withdrawal", "consent_interview"}  # fmt: skip
    subs = readers.from_records([kobo_record(record)], "x.json")
    result = importer.submissions_import(
        user=case_manager, guide_id="identification-interview", submissions=subs
    )
    assert result.plan.counts()["no_consent"] == 1
    assert result.assessment_ids == []
    assert Assessment.objects.count() == 0


def test_existing_case_only_by_its_code(case_manager):
    case = make_case(user=case_manager)
    survey, choices, _ = read_sheets(xlsform_bytes("ilo-forced-labour"))
    record, _values = fill(survey, choices, random.Random(2), case_code=case.code.lower())
    subs = readers.from_records([kobo_record(record)], "x.json")
    result = importer.submissions_import(
        user=case_manager, guide_id="ilo-forced-labour", submissions=subs
    )
    assert result.created_cases == []
    assert Assessment.objects.get().case_id == case.pk
