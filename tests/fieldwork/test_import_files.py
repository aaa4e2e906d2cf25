"""The import: idempotence, all or nothing, every problem by instanceID and question, and the
file shapes of KoboToolbox and ODK Central."""

from __future__ import annotations

import csv
import io
import json
import random
import uuid

import pytest
from openpyxl import Workbook

from amanat.cases.models import Case
from amanat.core.fieldwork import readers
from amanat.errors import UsageError
from amanat.privacy.models import AuditEvent
from amanat.screening.fieldwork import importer
from amanat.screening.fieldwork.xlsform import xlsform_bytes
from amanat.screening.models import Assessment, FieldSubmission
from tests.fieldwork.walk import fill, kobo_record, read_sheets
from tests.fixtures import make_case, make_user

GUIDE = "identification-interview"


def _records(count: int, seed: int = 5, **kwargs) -> list[dict]:
    survey, choices, _ = read_sheets(xlsform_bytes(GUIDE))
    rng = random.Random(seed)
    return [kobo_record(fill(survey, choices, rng, **kwargs)[0]) for _ in range(count)]


def _read(records) -> list:
    return readers.read_json(json.dumps({"results": records}).encode(), "kobo.json")


def test_importing_the_same_file_twice_creates_nothing_new(case_manager):
    records = _records(4)
    first = importer.submissions_import(
        user=case_manager, guide_id=GUIDE, submissions=_read(records)
    )
    assert len(first.assessment_ids) == 4
    cases, assessments = Case.objects.count(), Assessment.objects.count()
    second = importer.submissions_import(
        user=case_manager, guide_id=GUIDE, submissions=_read(records)
    )
    assert second.assessment_ids == []
    assert second.plan.counts()["duplicate"] == 4
    assert (Case.objects.count(), Assessment.objects.count()) == (cases, assessments)
    assert FieldSubmission.objects.count() == 4


def test_the_same_instance_twice_in_one_file_is_imported_once(case_manager):
    record = _records(1)[0]
    result = importer.submissions_import(
        user=case_manager, guide_id=GUIDE, submissions=_read([record, dict(record)])
    )
    assert len(result.assessment_ids) == 1
    assert result.plan.counts()["duplicate"] == 1


def test_one_broken_submission_is_named_and_nothing_is_imported(case_manager):
    records = _records(3)
    records[1]["personal/age"] = "забыл"
    broken = records[1]["meta/instanceID"]
    before = (Case.objects.count(), Assessment.objects.count(), AuditEvent.objects.count())
    with pytest.raises(importer.SubmissionsRejected) as caught:
        importer.submissions_import(user=case_manager, guide_id=GUIDE, submissions=_read(records))
    assert [(p[0], p[2]) for p in caught.value.plan.problems()] == [(broken, "age")]
    assert f"{broken}: age: 'забыл' is not a number." in caught.value.message
    assert (Case.objects.count(), Assessment.objects.count(), AuditEvent.objects.count()) == before


def test_skip_bad_imports_the_others(case_manager):
    records = _records(3)
    records[0]["personal/gender"] = "Женский"  # a label, not the XML value
    result = importer.submissions_import(
        user=case_manager, guide_id=GUIDE, submissions=_read(records), skip_bad=True
    )
    assert len(result.assessment_ids) == 2
    assert result.plan.problems()[0][2] == "gender"
    assert "export XML values, not labels" in result.plan.problems()[0][3]


def test_answer_out_of_the_guides_bounds_is_reported_by_the_engine(case_manager):
    records = _records(1)
    records[0]["personal/age"] = "130"
    plan = importer.submissions_plan(user=case_manager, guide_id=GUIDE, submissions=_read(records))
    assert [p[2] for p in plan.problems()] == ["age"]
    assert Assessment.objects.count() == 0


def test_another_guide_version_is_refused_with_an_explanation(case_manager):
    records = _records(1)
    records[0]["amanat_form"] = "identification-interview 0.9"
    plan = importer.submissions_plan(user=case_manager, guide_id=GUIDE, submissions=_read(records))
    (problem,) = plan.problems()
    assert problem[2] == "amanat_form"
    assert (
        "'identification-interview 0.9' but the guide is 'identification-interview 1.0'"
        in problem[3]
    )


def test_a_form_of_another_guide_is_refused(case_manager):
    records = _records(1)
    plan = importer.submissions_plan(user=case_manager, guide_id="ilo-forced-labour",
                                     submissions=_read(records))  # fmt: skip
    assert [p[2] for p in plan.problems()] == ["amanat_form"]


def test_central_form_version_mismatch_is_refused(case_manager):
    record = _records(1)[0]
    odata = {"__id": record["meta/instanceID"], "__system": {"formVersion": "2.0"},
             "amanat_form": record["amanat_form"], "consent": {"consent_interview": "yes"}}  # fmt: skip
    subs = readers.read_json(json.dumps({"value": [odata]}).encode(), "central.json")
    plan = importer.submissions_plan(user=case_manager, guide_id=GUIDE, submissions=subs)
    assert "version" in [p[2] for p in plan.problems()]


def test_another_organisations_case_code_answers_like_a_missing_one(
    case_manager, other_case_manager
):
    theirs = make_case(user=other_case_manager)
    problems = []
    for code in (theirs.code, "ZZZZ-ZZZZ"):
        records = _records(1, case_code=code)
        plan = importer.submissions_plan(
            user=case_manager, guide_id=GUIDE, submissions=_read(records)
        )
        problems.append([(p[2], p[3].replace(code, "X")) for p in plan.problems()])
    assert (
        problems[0]
        == problems[1]
        == [("amanat_case_code", "no case with code X that you may update.")]
    )
    assert Assessment.objects.filter(case=theirs).count() == 0


def test_a_role_without_case_creation_cannot_register_new_persons(org):
    provider = make_user(org=org, roles=("service_provider",))
    records = _records(1)
    plan = importer.submissions_plan(user=provider, guide_id=GUIDE, submissions=_read(records))
    assert [p[2] for p in plan.problems()] == ["amanat_case_code"]


def test_a_researcher_cannot_import(org):
    researcher = make_user(org=org, roles=("researcher",))
    from amanat.errors import NotFound

    with pytest.raises(NotFound):
        importer.submissions_import(user=researcher, guide_id=GUIDE, submissions=_read(_records(1)))


def _table_rows(records: list[dict], separator: str, instance_column: str):
    keys = sorted(
        {k for r in records for k in r if not k.startswith("_") and k != "meta/instanceID"}
    )
    header = [k.replace("/", separator) for k in keys] + [instance_column]
    rows = [[r.get(k, "") for k in keys] + [r["meta/instanceID"]] for r in records]
    return header, rows


@pytest.mark.parametrize("flavour", ["kobo-csv", "central-csv", "kobo-xlsx"])
def test_table_exports(flavour, case_manager, tmp_path):
    records = _records(3)
    if flavour == "central-csv":
        header, rows = _table_rows(records, "-", "meta-instanceID")
    else:
        header, rows = _table_rows(records, "/", "meta/instanceID")
    if flavour.endswith("xlsx"):
        book = Workbook()
        book.active.append(header)
        for row in rows:
            book.active.append(row)
        path = tmp_path / "export.xlsx"
        book.save(path)
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";" if flavour == "kobo-csv" else ",")
        writer.writerow(header)
        writer.writerows(rows)
        path = tmp_path / "export.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
    subs = readers.read_submissions(path)
    assert [s.instance_id for s in subs] == [r["meta/instanceID"] for r in records]
    result = importer.submissions_import(user=case_manager, guide_id=GUIDE, submissions=subs)
    assert len(result.assessment_ids) == 3
    again = readers.read_upload(path.read_bytes(), path.name)
    assert [s.values for s in again] == [s.values for s in subs]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.json", b"", "not valid JSON"),
        ("bad.json", b'{"results": [1]}', "record 1: expected an object"),
        ("wrong.json", b'{"data": []}', "'results' (KoboToolbox) or 'value'"),
        ("latin1.csv", "meta/instanceID;age\nuuid:x;é".encode("latin-1"), "not UTF-8"),
        ("noid.csv", b"a,b\n1,2\n", "no instanceID column"),
        ("rowid.csv", b"meta/instanceID,age\n,3\n", "row 2"),
        ("notes.txt", b"x", "unsupported file type"),
        ("broken.zip", b"PK not a zip", "not a readable .zip"),
        ("noid.json", b'{"results": [{"age": 3}]}', "no instanceID"),
    ],
)
def test_malformed_files_exit_2_naming_the_problem(name, content, expected, tmp_path):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UsageError) as caught:
        readers.read_submissions(path)
    assert expected in caught.value.message


def test_instance_ids_are_canonical():
    bare = str(uuid.uuid4())
    assert readers.canonical_instance_id(bare.upper()) == f"uuid:{bare}"
    assert readers.canonical_instance_id(f"uuid:{bare}") == f"uuid:{bare}"


def test_a_new_person_the_organisation_may_hold_is_reported_not_registered(case_manager):
    existing = make_case(
        user=case_manager, person={"first_name": "Айгуль", "last_name": "Садыкова"}
    )
    records = _records(2)
    for record in records:  # both name the person already registered
        record["amanat_case/amanat_first_name"] = "Айгуль"
        record["amanat_case/amanat_last_name"] = "Садыкова"
    before = Case.objects.count()
    result = importer.submissions_import(
        user=case_manager, guide_id=GUIDE, submissions=_read(records)
    )
    assert result.assessment_ids == []
    assert result.plan.counts()["possible_duplicate"] == 2
    assert [codes for _i, _w, codes in result.plan.possible_duplicates()] == [[existing.code]] * 2
    assert Case.objects.count() == before
    assert AuditEvent.objects.filter(action="person.duplicate_warning_shown").exists()
    # Not recorded as imported: asked again with confirmation, they are registered.
    confirmed = importer.submissions_import(
        user=case_manager, guide_id=GUIDE, submissions=_read(records), confirm_new=True
    )
    assert len(confirmed.assessment_ids) == 2
    assert Case.objects.count() == before + 2


def test_the_same_new_person_twice_in_one_file_is_registered_once(case_manager):
    records = _records(2)
    for record in records:
        record["amanat_case/amanat_first_name"] = "Дильшод"
        record["amanat_case/amanat_last_name"] = "Юсупов"
    result = importer.submissions_import(
        user=case_manager, guide_id=GUIDE, submissions=_read(records)
    )
    assert len(result.created_cases) == 1
    assert result.plan.counts()["possible_duplicate"] == 1
    assert Assessment.objects.count() == 1
