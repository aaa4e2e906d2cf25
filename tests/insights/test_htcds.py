"""HTCDS v2.0 exchange: export (research with consent, transfer with a legal basis) and import
(all or nothing), JSON and CSV, with the access, consent and audit rules."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from amanat.cases.models import Case, CaseEvent
from amanat.cli import main
from amanat.errors import NotFound, PermissionDenied, ValidationError
from amanat.insights import htcds
from amanat.insights.exports import allowed_purposes
from amanat.insights.services import HtcdsRejected, htcds_export, htcds_import, parse_htcds
from amanat.privacy.models import AuditEvent
from tests.fixtures import make_user
from tests.insights.helpers import (
    EXPORT_PASSWORD,
    open_case,
    referral_consent,
    research_consent,
    unzip,
    world,
)

pytestmark = pytest.mark.django_db
PERSONAL = {
    "prs_FirstName",
    "prs_MiddleName",
    "prs_SecondName",
    "amanat_FirstNameLatin",
    "amanat_SecondNameLatin",
    "prs_Birthdate",
    "prs_IdentityNumber",
    "prs_Email",
    "prs_MobilePhone",
    "prs_MailingStreet",
    "cas_ReasonForCaseClosure",
    "cco_CaseComment",
}


@pytest.fixture
def w(db):
    w = world()
    w["a"] = open_case(
        w["cm_kz"],
        name="Айбек",
        birth="1991-02-03",
        region="KZ-75",
        exploitation_types=["ForcedLabour", "Servitude"],
        recruitment_methods=["ThroughOnlineSocialNetworks"],
        recruitment_websites=["Telegram"],
        country_of_origin="UZ",
        transit_countries=["KZ"],
        exploitation_countries=["RU", "TR"],
        narrative="Рассказ о вербовке",
        labour_industry="F_Construction",
    )
    w["b"] = open_case(w["cm_kz"], name="Мадина", gender="Feminine")
    w["c_kg"] = open_case(w["cm_kg"], name="Жылдыз", gender="Feminine", citizenship=("KG",))
    for case in (w["a"], w["b"]):
        referral_consent(w["cm_kz"], case, w["kg"])
    referral_consent(w["cm_kg"], w["c_kg"], w["kz"])
    return w


def transfer(w, user="cm_kz", to="kg", **kwargs):
    kwargs.setdefault("legal_basis", "consent")
    return htcds_export(
        user=w[user],
        purpose="transfer",
        recipient_organisation_id=w[to].pk,
        password=EXPORT_PASSWORD,
        **kwargs,
    )


def test_transfer_exports_own_cases_with_the_legal_basis_audited(w):
    result = transfer(w, fmt="json", legal_basis="public_task")
    assert [r["amanat_CaseCode"] for r in result.records] == [w["a"].code, w["b"].code]
    first = result.records[0]
    assert first["prs_FirstName"] == "Айбек" and first["prs_Birthdate"] == "1991-02-03"
    assert first["vic_TypeOfExploitation"] == ["ForcedLabour", "Servitude"]
    assert first["cco_CaseComment"] == "Рассказ о вербовке"
    assert first[htcds.EVENTS] == [
        {"hte_Type": "Recruitment", "hte_Country": "UZ"},
        {"hte_Type": "Transit", "hte_Country": "KZ"},
        {"hte_Type": "Exploitation", "hte_Country": "RU"},
        {"hte_Type": "Exploitation", "hte_Country": "TR"},
    ]
    document = json.loads(unzip(result.content)[1])
    assert document["standard"] == "HTCDS v2.0" and document["legal_basis"] == "public_task"
    assert document["recipient_organisation"] == "KG NGO"
    event = AuditEvent.objects.get(action="htcds.export")
    assert event.purpose == "transfer (HTCDS json); legal basis: public_task"
    assert event.extra["case_ids"] == [w["a"].pk, w["b"].pk]
    assert "first_name" in event.fields and "birth_date" in event.fields
    assert "Айбек" not in json.dumps(event.extra, ensure_ascii=False)
    data = {"standard": "HTCDS v2.0", "format": "json", "purpose": "transfer"}
    kinds = CaseEvent.objects.filter(kind="case.transferred").values_list("case_id", "data")
    assert sorted(kinds) == [
        (w["a"].pk, {**data, "recipient_organisation_id": w["kg"].pk}),
        (w["b"].pk, {**data, "recipient_organisation_id": w["kg"].pk}),
    ]


def test_a_transfer_without_a_legal_basis_exports_nothing(w):
    with pytest.raises(ValidationError) as error:
        transfer(w, legal_basis="  ")
    assert error.value.field == "legal_basis"
    assert not AuditEvent.objects.filter(action="htcds.export").exists()
    with pytest.raises(ValidationError):
        transfer(w, legal_basis="x" * 201)
    with pytest.raises(ValidationError) as error:
        htcds_export(user=w["cm_kz"], purpose="marketing")
    assert error.value.field == "purpose"


def test_the_row_level_research_extract_is_refused(w, tmp_path, capsys):
    """Issue 15: the pseudonymised research extract was row level (56 of 65 demo rows unique on
    four fields); research data now leave only k-anonymised (`amanat export microdata`)."""
    research_consent(w["cm_kz"], w["a"])
    for fmt in ("json", "csv"):
        with pytest.raises(ValidationError) as error:
            htcds_export(user=w["cm_kz"], purpose="research", fmt=fmt)
        assert error.value.field == "purpose"
        assert error.value.code == "research_extract_replaced"
    assert not AuditEvent.objects.filter(action="htcds.export").exists()
    out = tmp_path / "r.json"
    command = ["export", "htcds", "--out", str(out), "--user", "cm_kz", "--purpose", "research"]
    assert main(command) == 2
    assert "amanat export microdata" in capsys.readouterr().err
    assert not out.exists()
    assert "research" not in allowed_purposes()


def test_cases_of_another_organisation_are_never_exported(w):
    records = transfer(w, user="cm_kg", to="kz").records
    assert [r["amanat_CaseCode"] for r in records] == [w["c_kg"].code]
    with pytest.raises(NotFound):
        transfer(w, user="cm_kg", to="kz", case_ids=[w["a"].pk])
    with pytest.raises(NotFound):
        transfer(w, user="cm_kg", to="kz", case_ids=["x"])
    for role in ("researcher", "coordinator", "admin"):
        if not w[role].can("case.view"):
            with pytest.raises(NotFound):
                transfer(w, user=role)
    # The coordinator may see cases, but may not export identifiable data.
    with pytest.raises(PermissionDenied):
        transfer(w, user="coordinator")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_round_trip(w, fmt):
    exported = transfer(w, fmt=fmt, case_ids=[w["a"].pk])
    receiver = w["cm_kg"]
    text = unzip(exported.content)[1]
    result = htcds_import(user=receiver, records=parse_htcds(text, fmt), fmt=fmt)
    (case,) = result.cases
    case = Case.objects.select_related("person").get(pk=case.pk)
    assert case.owner_organisation_id == w["kg"].pk and case.code != w["a"].code
    assert case.person.first_name == "Айбек" and case.person.birth_date == dt.date(1991, 2, 3)
    assert case.exploitation_types == ["ForcedLabour", "Servitude"]
    assert case.exploitation_countries == ["RU", "TR"] and case.country_of_origin == "UZ"
    assert (case.country, case.region) == ("KZ", "KZ-75")
    assert case.narrative == "Рассказ о вербовке"
    assert CaseEvent.objects.filter(case=case, kind="case.imported").count() == 1
    assert AuditEvent.objects.get(action="htcds.import").extra["case_ids"] == [case.pk]


def test_import_is_all_or_nothing_with_every_problem_listed(w):
    records = [
        {"prs_FirstName": "Ок", "prs_Gender": "Masculine"},
        {
            "prs_FirstName": "Плохо",
            "prs_Gender": "Robot",
            "prs_Citizenship": ["XX"],
            "vic_AgeWhenTrafficked": "many",
            "shoeSize": "42",
        },
        {"prs_Gender": "Feminine", htcds.EVENTS: [{"hte_Type": "Holiday", "hte_Country": "TR"}]},
        {"prs_FirstName": "Статус", "vic_TraffickingStatus": "ActualVictimOfTrafficking"},
    ]
    before = Case.objects.count()
    with pytest.raises(HtcdsRejected) as error:
        htcds_import(user=w["cm_kz"], records=records, fmt="json")
    assert [(p.record, p.field) for p in error.value.problems] == [
        (2, "shoeSize"),
        (2, "prs_Gender"),
        (2, "prs_Citizenship"),
        (2, "vic_AgeWhenTrafficked"),
        (3, "hte_Type"),
        (3, "prs_FirstName"),
        (4, "vic_TraffickingStatusDecisionMakingOrg"),
    ]
    assert error.value.as_dict()["problems"][0] == {
        "record": 2,
        "field": "shoeSize",
        "message": "not an HTCDS v2.0 field this system knows",
    }
    assert Case.objects.count() == before


def test_trafficking_status_needs_the_right_role(w):
    provider = make_user(org=w["kz"], roles=["service_provider", "case_manager"])
    record = {
        "prs_FirstName": "С",
        "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
        "vic_TraffickingStatusDecisionMakingOrg": "NGO",
    }
    (case,) = htcds_import(user=provider, records=[record], fmt="json").cases
    case.refresh_from_db()
    assert case.trafficking_status == "PossibleVictimOfTrafficking"
    police = make_user(org=w["kz"], roles=["service_provider"])
    with pytest.raises(NotFound):
        htcds_import(user=police, records=[record], fmt="json")
    with pytest.raises(NotFound):
        htcds_import(user=w["researcher"], records=[record], fmt="json")


@pytest.mark.parametrize(
    ("text", "fmt"),
    [("{not json", "json"), ('{"records": 5}', "json"), ("", "csv"), ("a,b\n1,2,3\n", "csv")],
)
def test_unreadable_files_are_a_validation_error(text, fmt):
    with pytest.raises(ValidationError) as error:
        parse_htcds(text, fmt)
    assert error.value.field == "file"


def test_cli_export_and_import(w, tmp_path, capsys):
    secret = tmp_path / "password.txt"
    secret.write_text(EXPORT_PASSWORD + "\n", encoding="utf-8")
    archive = tmp_path / "cases.zip"
    command = ["export", "htcds", "--out", str(archive), "--user", "cm_kz", "--purpose"]
    command += ["transfer", "--legal-basis", "consent", "--recipient", str(w["kg"].pk)]
    assert main([*command, "--format", "csv", "--password-file", str(secret)]) == 0
    assert "Wrote 2 HTCDS v2.0 record(s) (transfer)" in capsys.readouterr().out
    assert archive.stat().st_mode & 0o777 == 0o600
    out = tmp_path / "cases.csv"
    out.write_text(unzip(archive.read_bytes())[1], encoding="utf-8")
    assert main(["import", "htcds", str(out), "--user", "cm_kg"]) == 0
    assert "Imported 2 case(s): " in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("prs_FirstName,prs_Gender\nА,Masculine\nБ,Robot\n", encoding="utf-8")
    assert main(["import", "htcds", str(bad), "--user", "cm_kg"]) == 2
    captured = capsys.readouterr()
    assert "record 3, prs_Gender: 'Robot' is not an allowed value." in captured.out
    # No recipient, no legal basis, a .csv instead of a .zip, a missing password file: exit 2.
    assert main([*command[:-2], "--password-file", str(secret)]) == 2
    assert main([*command[:-4], "--password-file", str(secret)]) == 2
    assert main([*command[:3], str(out), *command[4:], "--password-file", str(secret)]) == 2
    assert main([*command, "--password-file", str(tmp_path / "none.txt")]) == 2
    assert (
        main(
            [
                "export",
                "htcds",
                "--out",
                str(tmp_path / "x.txt"),
                "--user",
                "cm_kz",
                "--purpose",
                "research",
            ]
        )
        == 2
    )
    assert main(["import", "htcds", str(tmp_path / "none.csv"), "--user", "cm_kg"]) == 2
