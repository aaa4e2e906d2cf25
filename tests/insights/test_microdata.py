"""`amanat export microdata` (issue 15, point 6): de-identified microdata with labels, only people
whose research consent is in force, k-anonymous on the declared quasi-identifiers, checked here
independently of the anonymiser (group by the quasi-identifiers, smallest group)."""

from __future__ import annotations

import json
import random

import openpyxl
import pandas as pd
import pyreadstat
import pytest
from docx import Document

from amanat.cli import main
from amanat.errors import NotFound, ValidationError
from amanat.insights.microdata.spec import load_spec
from amanat.insights.selectors.microdata import microdata_export
from amanat.privacy.models import AuditEvent
from tests.insights.helpers import open_case, research_consent, withdraw, world

pytestmark = pytest.mark.django_db
QIS = list(load_spec().quasi_identifiers)


@pytest.fixture
def w(db):
    w = world()
    rng = random.Random(15)
    w["consented"] = 0
    for i in range(48):
        user = w["cm_kz"] if i % 3 else w["cm_kg"]
        region = rng.choice(["KZ-75", "KZ-71", ""]) if user is w["cm_kz"] else "KG-GB"
        case = open_case(
            user,
            name=f"Тест{i}",
            gender=rng.choice(["Masculine", "Feminine", "Feminine", "NonConforming"]),
            birth=f"{rng.randint(1965, 2008)}-03-01",
            citizenship=(rng.choice(["KZ", "KG", "UZ", "TJ"]),),
            **({"region": region} if region else {"country": user.organisation.country}),
            exploitation_types=[rng.choice(["ForcedLabour", "SexualExploitation"])],
            recruitment_methods=[rng.choice(["ThroughOnlineSocialNetworks", "AtWork"])],
        )
        person = case.person
        person.marital_status = rng.choice(["Single", "Married", "Divorced", ""])
        person.number_of_children = rng.choice([0, 1, 2, 3, 5, None])
        person.ethnicity = rng.choice(["kazakh", "uzbek", "russian", "kyrgyz", "unknown"])
        person.urban_rural = rng.choice(["urban", "rural", ""])
        person.disability = rng.choice(["yes", "no"])
        person.disability_onset = "during_exploitation" if person.disability == "yes" else ""
        if i % 8 == 0:
            # The people without research consent in force carry a value nobody else has.
            person.disability = "prefer_not_to_say"
            person.disability_onset = ""
            if i % 16 == 0:
                withdraw(user, research_consent(user, case))
        else:
            research_consent(user, case)
            w["consented"] += 1
        person.save()
    return w


def _read(path, **kwargs):
    reader = {"sav": pyreadstat.read_sav, "dta": pyreadstat.read_dta}[path.suffix[1:]]
    return reader(str(path), **kwargs)


def _smallest_group(frame: pd.DataFrame) -> int:
    """Independent check: records per combination of the quasi-identifiers."""
    return int(frame.groupby(QIS, dropna=False).size().min())


@pytest.mark.parametrize("k", [2, 5, 11])
def test_sav_is_k_anonymous_labelled_and_holds_only_consenting_people(w, tmp_path, capsys, k):
    out = tmp_path / "micro.sav"
    command = ["export", "microdata", "--format", "sav", "--k", str(k), "--out", str(out)]
    assert main([*command, "--user", "research"]) == 0
    summary = json.loads(capsys.readouterr().out)
    frame, meta = _read(out, user_missing=True)
    assert list(frame.columns) == ["record_id", *QIS, *load_spec().variables]
    assert _smallest_group(frame) >= k
    # Every consenting person is a record unless the anonymiser had to drop them (reported).
    report = summary["k_anonymity"]
    assert len(frame) == w["consented"] - report["rows_dropped"] == summary["records_written"]
    assert summary["cases_left_out_without_research_consent"] == 48 - w["consented"]
    # Nobody without research consent in force: their marker value never appears.
    labels = meta.variable_value_labels
    assert "Prefers not to say" not in labels["disability"].values()
    assert set(frame["disability"]) <= {1.0, 2.0, -1.0}
    assert meta.column_names_to_labels["age_band"] == "Age at identification (band)"
    assert labels["disability"][1.0] == "Yes (a lot of difficulty or cannot do at all in a domain)"
    assert labels["forced_labour"] == {0.0: "No", 1.0: "Yes", -1.0: "Not recorded"}
    assert labels["gender"][-9.0] == "Suppressed for k-anonymity"
    assert {int(v) for v in frame["record_id"]} == set(range(1, len(frame) + 1))


def test_stata_and_csv_open_with_the_same_records(w, tmp_path, capsys):
    sav, dta, csv = (tmp_path / f"m.{ext}" for ext in ("sav", "dta", "csv"))
    for path in (sav, dta, csv):
        args = ["export", "microdata", "--format", path.suffix[1:], "--k", "5"]
        assert main([*args, "--out", str(path)]) == 0
    capsys.readouterr()
    from_sav, _ = _read(sav, user_missing=True)
    from_dta, meta = _read(dta)
    assert len(from_dta) == len(from_sav) and list(from_dta.columns) == list(from_sav.columns)
    assert meta.column_names_to_labels["region"] == "Region of identification"
    assert meta.variable_value_labels["gender"][-9] == "Suppressed for k-anonymity"
    text = pd.read_csv(csv, dtype=str, keep_default_na=False)
    assert len(text) == len(from_sav) and _smallest_group(text) >= 5
    assert set(text["gender"]) <= {"Masculine", "Feminine", "OtherOrUnknown", "*", ""}


def test_codebook_and_report_are_written_beside_the_file_in_russian(w, tmp_path, capsys):
    out = tmp_path / "data.sav"
    args = ["export", "microdata", "--format", "sav", "--k", "5", "--lang", "ru"]
    assert main([*args, "--out", str(out)]) == 0
    capsys.readouterr()
    book = openpyxl.load_workbook(tmp_path / "data-codebook.xlsx")
    assert book.sheetnames == ["Переменные", "Значения", "Обезличивание"]
    names = [row[0].value for row in book["Переменные"].iter_rows(min_row=2)]
    assert names == ["record_id", *QIS, *load_spec().variables]
    document = Document(tmp_path / "data-codebook.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "age_band: Возраст на момент выявления (группа)" in text
    assert "sdcMicro" in text
    report = json.loads((tmp_path / "data-anonymisation.json").read_text())
    assert report["k_anonymity"]["k"] == 5 and report["out"] == str(out)
    _frame, meta = _read(out)
    assert meta.column_names_to_labels["gender"] == "Пол"


def test_the_export_is_audited_without_values(w, tmp_path, capsys):
    out = tmp_path / "m.csv"
    assert main(["export", "microdata", "--format", "csv", "--k", "5", "--out", str(out)]) == 0
    capsys.readouterr()
    event = AuditEvent.objects.get(action="microdata.export")
    assert event.extra["k"] == 5 and event.extra["records"] == len(out.read_text().splitlines()) - 1
    assert "person.ethnicity" in event.fields
    assert "uzbek" not in json.dumps(event.extra) and "Тест" not in json.dumps(event.extra)


def test_only_statistics_users_may_export(w):
    with pytest.raises(NotFound):
        microdata_export(w["cm_kz"], k=5)
    with pytest.raises(ValidationError) as error:
        microdata_export(w["researcher"], k=1)
    assert error.value.field == "k"
    assert not AuditEvent.objects.filter(action="microdata.export").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--format", "sav", "--k", "1"], "--k must be at least 2"),
        (["--format", "sav", "--k", "abc"], "invalid int value"),
        (["--format", "xls", "--k", "5"], "invalid choice"),
        (["--format", "dta", "--k", "5"], "--out must end in .dta"),
        (["--format", "sav", "--max-suppressed", "2"], "--max-suppressed must be between"),
        (["--format", "sav", "--user", "nobody"], "no active user"),
    ],
)
def test_bad_arguments_exit_2_naming_the_problem(w, tmp_path, capsys, argv, message):
    out = tmp_path / "m.sav"
    try:
        code = main(["export", "microdata", *argv, "--out", str(out)])
    except SystemExit as exit_:  # argparse's own checks (type, choices) exit directly
        code = exit_.code
    assert code == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert not AuditEvent.objects.filter(action="microdata.export").exists()


def test_a_missing_folder_exits_2(w, tmp_path, capsys):
    out = tmp_path / "no" / "m.sav"
    assert main(["export", "microdata", "--format", "sav", "--out", str(out)]) == 2
    assert "no such folder" in capsys.readouterr().err
