"""Acceptance for the needs assessment guide as a field form (ADR 0546): exported, converted by
pyxform (and ODK Validate where Java is), filled by walking its survey sheet, imported, and the
stored needs assessments equal assessing the same answers directly with the needs engine."""

from __future__ import annotations

import io
import json
import random
import shutil
import uuid
import zipfile

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert as pyxform_convert

from amanat.assistance import config
from amanat.assistance.fieldwork.adapter import NeedsAdapter
from amanat.assistance.models import IdentifiedNeed, NeedsAssessment, NeedsFieldSubmission
from amanat.assistance.needs import assess_needs
from amanat.cases.fieldwork import importer
from amanat.cases.models import Case
from amanat.cli import main
from amanat.core.fieldwork import odk_crypto, readers
from amanat.privacy.models import AuditEvent, Consent
from tests.fieldwork.test_encrypted import encrypt_like_collect, instance_xml
from tests.fieldwork.walk import fill, kobo_record, odata_record, read_sheets
from tests.fixtures import make_case

FORM = "needs-assessment"


def xlsform(languages=None, **kwargs) -> bytes:
    return NeedsAdapter().xlsform(languages, public_key_pem=kwargs.get("public_key_pem"),
                                  submission_url=kwargs.get("submission_url", ""))  # fmt: skip


def _made(rng, count, case_code="", consent="yes", overrides=None):
    survey, choices, _settings = read_sheets(xlsform())
    return [fill(survey, choices, rng, case_code=case_code if n % 2 else "", consent=consent,
                 overrides=overrides) for n in range(count)]  # fmt: skip


def _merged(values: dict) -> set[tuple[str, str, str]]:
    """(category, service type, urgency) as the service stores them: most urgent per pair."""
    from amanat.assistance import codes

    guide = config.needs_guide()
    answers = {k: v for k, v in values.items() if k in guide.questions}
    result = assess_needs(answers, group=values["respondent_group"], guide=guide)
    merged: dict[tuple[str, str], str] = {}
    for f in result.needs:
        key = (f.category, f.service_type)
        if key not in merged or codes.urgency_rank(f.urgency) < codes.urgency_rank(merged[key]):
            merged[key] = f.urgency
    return {(c, s, u) for (c, s), u in merged.items()}


def _import(user, records, shape="kobo", **kwargs):
    wrap = kobo_record if shape == "kobo" else odata_record
    payload = {"results" if shape == "kobo" else "value": [wrap(r) for r in records]}
    subs = readers.read_json(json.dumps(payload).encode(), "export.json")
    result = importer.submissions_import(adapter=NeedsAdapter(), user=user, submissions=subs,
                                         **kwargs)  # fmt: skip
    return subs, result


def test_workbook_sheets_consent_first_and_version():
    survey, choices, settings = read_sheets(xlsform("ru,en"))
    assert settings["form_id"] == FORM
    assert settings["version"] == config.needs_guide().version
    assert settings["default_language"] == "Russian (ru)"
    names = [row["name"] for row in survey]
    assert names[:3] == ["amanat_form", "consent", "consent_help"]
    consent = next(row for row in survey if row["name"] == "consent_assistance")
    assert consent["required"] == "yes"
    assert consent["label::Russian (ru)"].startswith("Согласен(на) ли человек")
    assert consent["label::English (en)"].startswith("Does the person consent")
    assert names.index("consent_assistance") < names.index("amanat_case")
    gated = [row for row in survey if row["type"] == "begin_group" and row["name"] != "consent"]
    assert gated and all(row["relevant"] == "${consent_assistance} = 'yes'" for row in gated)
    assert set(choices["need_scale"]) == set(config.needs_guide().options)
    guardian = [row for row in survey if row["name"] in config.needs_guide().questions
                and set(config.needs_guide().questions[row["name"]].applies_to) == {"child"}]  # fmt: skip
    assert guardian and all(r["relevant"] == "${respondent_group} = 'child'" for r in guardian)
    assert "label::English (en)" in survey[0]


def test_pyxform_converts_without_warnings(tmp_path):
    path = tmp_path / f"{FORM}.xlsx"
    path.write_bytes(xlsform("ru,en,kk"))
    warnings: list[str] = []
    result = pyxform_convert(xlsform=str(path), warnings=warnings)
    assert warnings == []
    assert f'id="{FORM}"' in result.xform
    assert f'version="{config.needs_guide().version}"' in result.xform


@pytest.mark.skipif(shutil.which("java") is None, reason="ODK Validate needs Java")
def test_odk_validate_accepts_the_needs_form(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / f"{FORM}.xlsx"
    path.write_bytes(xlsform())
    warnings: list[str] = []
    pyxform_convert(xlsform=str(path), warnings=warnings, validate=True)
    assert warnings == []


@pytest.mark.parametrize("shape", ["kobo", "odata"])
def test_round_trip_equals_direct_assessment(shape, case_manager, case):
    made = _made(random.Random(f"needs-{shape}"), 6, case_code=case.code)
    subs, result = _import(case_manager, [r for r, _v in made], shape)
    assert result.plan.problems() == []
    assert len(result.record_ids) == 6
    assert len(result.created_cases) == 3
    guide = config.needs_guide()
    for (record, values), sub, pk in zip(made, subs, result.record_ids, strict=True):
        stored = NeedsAssessment.objects.get(pk=pk)
        answers = {k: v for k, v in values.items() if k in guide.questions}
        assert stored.answers == answers
        assert stored.respondent_group == values["respondent_group"]
        assert stored.stage == values["stage"]
        assert stored.assessed_on.isoformat() == values["assessed_on"]
        assert stored.guide_version == guide.version
        found = set(IdentifiedNeed.objects.filter(assessment=stored)
                    .values_list("category", "service_type", "urgency"))  # fmt: skip
        assert found == _merged(values)
        assert NeedsFieldSubmission.objects.get(needs_assessment=stored).instance_id == (
            sub.instance_id
        )
        # The form's consent is recorded as the person's consent to assistance, once per case.
        assert Consent.objects.filter(case=stored.case, purpose="assistance", granted=True,
                                      method="verbal").count() == 1  # fmt: skip
        if record.get("amanat_case/amanat_case_code"):
            assert stored.case_id == case.pk
    event = AuditEvent.objects.get(action="fieldwork.import")
    assert event.purpose == "assistance"
    assert event.extra["needs_assessment_ids"] == result.record_ids
    assert sorted(event.fields) == ["answers", "instance_id"]


def test_importing_twice_creates_nothing_new(case_manager):
    records = [r for r, _v in _made(random.Random(3), 4)]
    payload = json.dumps({"results": [kobo_record(r) for r in records]}).encode()
    for _round in range(2):
        subs = readers.read_json(payload, "export.json")
        result = importer.submissions_import(adapter=NeedsAdapter(), user=case_manager,
                                             submissions=subs)  # fmt: skip
    assert result.plan.counts()["duplicate"] == 4
    assert result.record_ids == []
    assert NeedsAssessment.objects.count() == 4
    assert Case.objects.count() == 4


@pytest.mark.parametrize(
    ("override", "question", "message"),
    [
        ({"safety": "Needs this"}, "safety", "is not one of"),
        ({"assessed_on": "2025-13-01"}, "assessed_on", "is not a date"),
        ({"assessed_on": "2099-01-01"}, "assessed_on", "cannot be in the future"),
        ({"stage": "later"}, "stage", "is not one of"),
        ({"amanat_form": "needs-assessment 0.9"}, "amanat_form", "export the form again"),
    ],
)
def test_one_broken_submission_imports_nothing(override, question, message, case_manager):
    records = [r for r, _v in _made(random.Random(4), 3)]
    key = next(k for k in records[1] if k.split("/")[-1] == question) if question in str(
        records[1]) else question  # fmt: skip
    records[1][key] = override[question]
    cases_before = Case.objects.count()
    with pytest.raises(importer.SubmissionsRejected) as caught:
        _import(case_manager, records)
    problems = caught.value.plan.problems()
    assert [(q, message in m) for _i, _w, q, m in problems] == [(question, True)]
    assert problems[0][0] == caught.value.plan.items[1].submission.instance_id
    assert NeedsAssessment.objects.count() == 0
    assert Case.objects.count() == cases_before
    assert Consent.objects.count() == 0


def test_a_question_not_asked_of_the_group_is_refused(case_manager):
    records = [r for r, _v in _made(random.Random(5), 1, overrides={"respondent_group": "adult"})]
    child_only = next(c for c, q in config.needs_guide().questions.items()
                      if q.applies_to == ("child",))  # fmt: skip
    records[0][f"needs_x/{child_only}"] = "needed"
    with pytest.raises(importer.SubmissionsRejected) as caught:
        _import(case_manager, records)
    assert [p[2] for p in caught.value.plan.problems()] == [child_only]


def test_consent_refused_imports_nothing(case_manager):
    made = _made(random.Random(6), 2, consent="no")
    assert all(set(v) <= {"consent_assistance", "informed_purpose", "informed_use",
                          "informed_research", "informed_access_right", "informed_retention",
                          "informed_withdrawal"} for _r, v in made)  # fmt: skip
    _subs, result = _import(case_manager, [r for r, _v in made])
    assert result.plan.counts()["no_consent"] == 2
    assert NeedsAssessment.objects.count() == 0
    assert Case.objects.count() == 0


def test_another_organisations_case_answers_like_a_missing_one(case_manager, other_case_manager):
    theirs = make_case(user=other_case_manager)
    records = [r for r, _v in _made(random.Random(7), 2, case_code=theirs.code)]
    missing = [r for r, _v in _made(random.Random(7), 2, case_code="ZZZZ-ZZZZ")]
    messages = []
    for batch in (records, missing):
        with pytest.raises(importer.SubmissionsRejected) as caught:
            _import(case_manager, batch)
        messages.append([(q, m.replace(theirs.code, "ZZZZ-ZZZZ"))
                         for _i, _w, q, m in caught.value.plan.problems()])  # fmt: skip
    assert messages[0] == messages[1]
    assert NeedsAssessment.objects.count() == 0


def test_a_new_person_the_organisation_may_hold_is_left_out(case_manager):
    existing = make_case(user=case_manager, person={"first_name": "Айгуль",
                                                    "last_name": "Садыкова"})  # fmt: skip
    overrides = {"amanat_first_name": "Айгуль", "amanat_last_name": "Садыкова"}
    made = _made(random.Random(8), 1, overrides=overrides)
    _subs, result = _import(case_manager, [r for r, _v in made])
    assert result.plan.possible_duplicates()[0][2] == [existing.code]
    assert NeedsAssessment.objects.count() == 0
    _subs, result = _import(case_manager, [r for r, _v in made], confirm_new=True)
    assert NeedsAssessment.objects.count() == 1


def test_encrypted_round_trip(case_manager):
    from cryptography.hazmat.primitives.asymmetric import rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    made = _made(random.Random(9), 3)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n, (record, _values) in enumerate(made):
            instance = f"uuid:{uuid.UUID(int=random.Random(n).getrandbits(128))}"
            manifest, files = encrypt_like_collect(
                instance_xml(record, instance), instance, private.public_key(), {}
            )
            archive.writestr(f"instances/needs_{n}/submission.xml", manifest)
            for name, content in files.items():
                archive.writestr(f"instances/needs_{n}/{name}", content)

    def decrypt(root, flat, files, where):
        return odk_crypto.decrypt_instance(private, root, flat, files, where)

    subs = readers.read_upload(buffer.getvalue(), "instances.zip", decrypt)
    assert all(s.decrypted for s in subs)
    result = importer.submissions_import(adapter=NeedsAdapter(), user=case_manager,
                                         submissions=subs)  # fmt: skip
    assert result.plan.problems() == []
    for (_record, values), pk in zip(made, result.record_ids, strict=True):
        stored = NeedsAssessment.objects.get(pk=pk)
        found = set(IdentifiedNeed.objects.filter(assessment=stored)
                    .values_list("category", "service_type", "urgency"))  # fmt: skip
        assert found == _merged(values)


def test_cli_exports_and_imports_the_needs_form(case_manager, tmp_path, capsys):
    out = tmp_path / "needs.xlsx"
    assert main(["guides", "xlsform", FORM, "--out", str(out), "--langs", "en,ru"]) == 0
    rows = list(load_workbook(out)["settings"].iter_rows(values_only=True))
    assert dict(zip(rows[0], rows[1], strict=True))["form_id"] == FORM
    records = [kobo_record(r) for r, _v in _made(random.Random(10), 2)]
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"results": records}))
    args = ["import", "submissions", str(path), "--guide", FORM, "--user", case_manager.username]
    assert main([*args, "--preview"]) == 0
    assert NeedsAssessment.objects.count() == 0
    assert main(args) == 0
    assert "Imported 2 needs assessment(s)." in capsys.readouterr().out
    assert NeedsAssessment.objects.count() == 2
    assert main(args) == 0
    assert NeedsAssessment.objects.count() == 2


def test_cli_unknown_guide_names_the_needs_form(case_manager, capsys):
    code = main(["import", "submissions", "x.json", "--guide", "needs",
                 "--user", case_manager.username])  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "Unknown guide 'needs'" in err and FORM in err
