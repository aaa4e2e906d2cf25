"""Directory import and export: a 5,000-row XLSX with a few bad rows reports each bad row with its
column and reason and imports nothing; fixed, it imports; --skip-invalid; CSV; round trip."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from amanat.accounts.models import Organisation
from amanat.cli import main as amanat
from amanat.privacy.models import AuditEvent
from amanat.referrals import directory_io
from amanat.referrals.models import DirectoryService, OrganisationProfile
from amanat.referrals.services import directory_import
from amanat.referrals.taxonomy import load_taxonomy
from tests.fixtures import make_org

pytestmark = pytest.mark.django_db

TYPES = list(load_taxonomy().service_types)[:10]
REGIONS = {"KZ": ["KZ-75", "KZ-71", "KZ-79"], "KG": ["KG-GB", "KG-O"], "TJ": ["TJ-DU", "TJ-SU"]}


def good_rows(count: int = 5000) -> list[list]:
    rows = []
    for number in range(count):
        org, kind = divmod(number, len(TYPES))
        country = ("KZ", "KG", "TJ")[org % 3]
        rows.append(
            [
                f"Provider {org:04d}",
                "NGO",
                country,
                REGIONS[country][0],
                "Shelter and case management" if kind == 0 else "",
                "Service provider" if kind == 0 else "",
                TYPES[kind],
                ";".join(REGIONS[country][: 1 + number % 2]),
                "Feminine" if number % 7 == 0 else "",
                18 if number % 5 == 0 else None,
                None,
                "",
                "",
                "ru;" + {"KZ": "kk", "KG": "ky", "TJ": "tg"}[country],
                20,
                number % 21,
                "yes" if number % 13 else "no",
                "Mon-Fri 9-18",
                f"Контакт {number}",
                f"+7701{number:07d}",
                f"c{number}@provider.example",
            ]
        )
    return rows


# (row index in the data, column, bad value, expected message)
BAD = [
    (10, "service_type", "spa", "Unknown service type 'spa'."),
    (777, "country", "XX", "'XX' is not an ISO 3166 country code."),
    (1500, "regions", "KZ-99", "'KZ-99' is not a region of"),
    (2600, "age_max", 5, "The maximum age is below the minimum age."),
    (3333, "available", 50, "More places available (50) than the capacity (20)."),
    (4100, "contact_email", "not-an-address", "'not-an-address' is not an e-mail address."),
    (4998, "accepting", "perhaps", "Write yes or no, not 'perhaps'."),
]


def with_bad_rows(rows: list[list]) -> list[list]:
    rows = [list(r) for r in rows]
    index = {name: i for i, name in enumerate(directory_io.COLUMNS)}
    for row, column, value, _message in BAD:
        if row >= len(rows):
            continue
        if column == "age_max":
            rows[row][index["age_min"]] = 18
        rows[row][index[column]] = value
    return rows


def write_xlsx(path, rows) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("directory")
    sheet.append(list(directory_io.COLUMNS))
    for row in rows:
        sheet.append(row)
    workbook.save(path)


@pytest.fixture(scope="module")
def rows():
    return good_rows()


def test_5000_rows_with_bad_rows_import_nothing_until_fixed(tmp_path, rows, capsys):
    bad_file = tmp_path / "directory.xlsx"
    write_xlsx(bad_file, with_bad_rows(rows))
    organisations_before = Organisation.objects.count()
    assert amanat(["directory", "import", str(bad_file)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == len(BAD) + 1
    for line, (row, column, _value, message) in zip(err, BAD, strict=False):
        assert line.startswith(f"{bad_file}: row {row + 2}, column {column}: ")
        assert message in line
    assert err[-1] == (
        "amanat: error: 7 problems in 7 rows; nothing imported. Fix them, or pass "
        "--skip-invalid to import the valid rows only."
    )
    assert DirectoryService.objects.count() == 0
    assert Organisation.objects.count() == organisations_before
    assert not AuditEvent.objects.filter(action="directory.import").exists()

    good_file = tmp_path / "fixed.xlsx"
    write_xlsx(good_file, rows)
    assert amanat(["directory", "import", str(good_file)]) == 0
    out = capsys.readouterr().out
    assert out == (
        "Imported 5000 rows: 5000 services added, 0 updated, 500 organisations registered.\n"
    )
    assert DirectoryService.objects.count() == 5000
    assert OrganisationProfile.objects.count() == 500
    service = DirectoryService.objects.get(
        organisation__name="Provider 0001", service_type=TYPES[3]
    )
    assert (service.country, service.regions, service.languages) == (
        "KG",
        ["KG-GB", "KG-O"],
        ["ky", "ru"],
    )
    assert (service.capacity, service.available, service.contact_email) == (
        20,
        13,
        "c13@provider.example",
    )


def test_skip_invalid_imports_the_good_rows(rows):
    header = list(directory_io.COLUMNS)
    data = [
        (n + 2, dict(zip(header, [directory_io._text(v) for v in r], strict=True)))
        for n, r in enumerate(with_bad_rows(rows[:1000]))
    ]
    result = directory_import(user=None, header=header, rows=data, skip_invalid=True)
    assert result.imported is True
    assert result.skipped_rows == [12, 779]
    assert [(p.row, p.column) for p in result.problems] == [(12, "service_type"), (779, "country")]
    assert DirectoryService.objects.count() == 998


def test_import_updates_and_export_round_trips(tmp_path, capsys):
    rows = good_rows(30)
    source = tmp_path / "small.xlsx"
    write_xlsx(source, rows)
    assert amanat(["directory", "import", str(source)]) == 0
    capsys.readouterr()
    exported = tmp_path / "out.xlsx"
    assert amanat(["directory", "export", "--out", str(exported)]) == 0
    sheet = load_workbook(exported, read_only=True).worksheets[0]
    table = list(sheet.iter_rows(values_only=True))
    assert list(table[0]) == list(directory_io.COLUMNS)
    assert len(table) == 31
    assert amanat(["directory", "import", str(exported)]) == 0
    assert "0 services added, 30 updated, 0 organisations registered" in capsys.readouterr().out
    assert DirectoryService.objects.count() == 30
    assert AuditEvent.objects.filter(action="directory.export").get().fields == [
        "contact_email",
        "contact_name",
        "contact_phone",
    ]
    assert amanat(["directory", "export"]) == 0
    text = capsys.readouterr().out
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == list(directory_io.COLUMNS) and len(parsed) == 31


def test_csv_with_semicolons_and_header_problems(tmp_path, capsys):
    make_org(name="Existing Clinic", country="KZ", org_type="HealthServiceOrganisation")
    path = tmp_path / "d.csv"
    path.write_text(
        "organisation;country;service_type;languages\nExisting Clinic;KZ;medical_care;ru, kk\n",
        encoding="utf-8",
    )
    assert amanat(["directory", "import", str(path)]) == 0
    service = DirectoryService.objects.get()
    assert (service.organisation.name, service.languages) == ("Existing Clinic", ["kk", "ru"])
    capsys.readouterr()
    path.write_text("organisation,colour,service_type\nX,red,shelter\n", encoding="utf-8")
    assert amanat(["directory", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "row 1, column colour: Unknown column." in err
    assert "row 1, column country: Required column is missing." in err


def test_new_organisation_needs_a_type_and_duplicates_are_caught(tmp_path, capsys):
    path = tmp_path / "d.csv"
    path.write_text("organisation,country,service_type\nNew Org,KZ,shelter\n", encoding="utf-8")
    assert amanat(["directory", "import", str(path)]) == 2
    assert (
        "row 2, column organisation_type: Required for an organisation not yet registered."
        in capsys.readouterr().err
    )
    path.write_text(
        "organisation,organisation_type,country,service_type\n"
        "New Org,NGO,KZ,shelter\nNew Org,NGO,KZ,shelter\n",
        encoding="utf-8",
    )
    assert amanat(["directory", "import", str(path)]) == 2
    assert (
        "row 3, column service_type: The same organisation and service type are already on row 2."
    ) in capsys.readouterr().err
    assert not DirectoryService.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("d.txt", b"x", "Unsupported file type '.txt': use .csv or .xlsx."),
        ("d.xlsx", b"not a zip", "The file is not a readable XLSX workbook."),
        ("d.csv", b"\xff\xfe\x00bad", "The CSV file is not UTF-8 text."),
        ("d.csv", b"", "The file is empty."),
    ],
)
def test_unreadable_files_exit_2(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    assert amanat(["directory", "import", str(path)]) == 2
    assert capsys.readouterr().err.strip() == f"amanat: error: {message}"


def test_missing_file_and_bad_export_options(tmp_path, capsys):
    assert amanat(["directory", "import", str(tmp_path / "none.xlsx")]) == 2
    assert "No such file: none.xlsx" in capsys.readouterr().err
    assert amanat(["directory", "export", "--format", "xlsx"]) == 2
    assert "An XLSX export needs --out FILE." in capsys.readouterr().err
