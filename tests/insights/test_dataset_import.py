"""`amanat import ctdc`: the shared CTDC file as a named, read-only research dataset in the
database, its problems row by row, and its Central Asian figures against pandas."""

from __future__ import annotations

import pytest

from amanat.cli import main
from amanat.errors import Conflict, NotFound, ValidationError
from amanat.insights.ctdc.reader import read_ctdc
from amanat.insights.models import DatasetPart, DatasetProblem, ResearchDataset
from amanat.insights.selectors import dataset_frame, dataset_get, dataset_list, evidence
from amanat.insights.services import dataset_delete, dataset_import_ctdc
from amanat.insights.stats import Filters, Period, PlaceFilter
from amanat.privacy.models import AuditEvent
from tests.fixtures import make_org, make_user
from tests.insights.ctdc_independent import (
    CENTRAL_ASIA,
    EXPLOITATION_TYPES,
    SHARED_CTDC,
    central_asia,
    multi_select_counts,
    read_csv_text,
    shared_pandas,
    value_counts,
)

pytestmark = pytest.mark.django_db
SHARED_PROBLEMS = [
    (47104, "", None, "empty record: no value in any CTDC column"),
    (47105, "", None, "empty record: no value in any CTDC column"),
    (47106, "yearOfRegistration", "1667367", "impossible year: in the future (after {year})"),
    (47107, "yearOfRegistration", "139912", "impossible year: in the future (after {year})"),
]


@pytest.fixture
def researcher(db):
    return make_user(
        org=make_org(name="Institute", country="KZ"), roles=["researcher"], username="analyst"
    )


def _check_table(table, expected: dict[str, int], threshold: int = 10) -> None:
    """Shown cells equal the independent count; hidden ones are small or secondary."""
    assert set(table.counts) >= {k for k, v in expected.items() if v}
    for key, count in table.counts.items():
        truth = expected.get(key, 0)
        if table.suppressed[key] == "primary":
            assert 0 < truth < threshold, key
        elif table.suppressed[key] is None:
            assert count == truth, key


def test_the_shared_file_imports_with_its_problems_and_central_asian_figures(researcher):
    import datetime as dt

    result = dataset_import_ctdc(actor=researcher, path=SHARED_CTDC)
    ds = result.dataset
    assert ds.name == "ctdc_global_kanon_2018"  # the file's stem
    assert (ds.rows_in_file, ds.records, ds.rows_rejected) == (47106, 47102, 4)
    assert (ds.year_min, ds.year_max) == (2002, 2017)
    year = dt.date.today().year
    expected = [(r, c, v, reason.format(year=year)) for r, c, v, reason in SHARED_PROBLEMS]
    stored = list(
        DatasetProblem.objects.filter(dataset=ds).values_list("row", "column", "value", "reason")
    )
    assert stored == expected
    assert [(p.row, p.column, p.value, p.reason) for p in result.problems] == expected
    assert DatasetPart.objects.filter(dataset=ds).count() == 1

    # What comes back from the database is what the reader read: same rows, same types.
    frame = dataset_frame(ds)
    assert frame.equals(read_ctdc(SHARED_CTDC)[0])

    # The Central Asian part, 2002-2017, against pandas on the raw file.
    pdf = central_asia(shared_pandas())
    assert len(pdf) == 900
    filters = Filters(place=PlaceFilter(tuple(CENTRAL_ASIA), "either"))
    ev = evidence(researcher, ds.name, filters=filters)
    by = {t.statistic: t for t in ev.tables}
    assert by["gender"].records_in_scope == 900
    _check_table(by["gender"], value_counts(pdf, "gender"))
    _check_table(by["citizenship"], value_counts(pdf, "citizenship"))
    _check_table(by["country_of_exploitation"], value_counts(pdf, "CountryOfExploitation"))
    _check_table(by["year"], value_counts(pdf, "yearOfRegistration"))
    _check_table(by["age"], value_counts(pdf, "ageBroad"))
    denominator, counts = multi_select_counts(pdf, EXPLOITATION_TYPES)
    assert by["type_of_exploitation"].denominator == denominator
    _check_table(by["type_of_exploitation"], counts)
    for key, count in by["type_of_exploitation"].counts.items():
        if count is not None:
            assert by["type_of_exploitation"].percentages[key] == round(
                100 * count / denominator, 1
            )
    country = by["country"]
    for code in CENTRAL_ASIA:
        truth = int(((pdf["citizenship"] == code) | (pdf["CountryOfExploitation"] == code)).sum())
        if country.suppressed[code] is None:
            assert country.counts[code] == truth

    # A period filter on top.
    ev = evidence(
        researcher, ds.name, filters=Filters(period=Period(2010, 2017), place=filters.place)
    )
    years = pdf["yearOfRegistration"].astype(int)
    assert ev.tables[0].records_in_scope == int(((years >= 2010) & (years <= 2017)).sum())

    event = AuditEvent.objects.get(action="dataset.import")
    assert (event.actor_id, event.object_id) == (researcher.pk, str(ds.pk))
    assert event.extra == {
        "records": 47102,
        "rows_rejected": 4,
        "problems": 4,
        "sha256": ds.source_sha256,
    }
    assert AuditEvent.objects.filter(action="statistics.view", object_id=ds.name).count() == 2


def _small_file(tmp_path, changes: dict | None = None, rows: int = 30):
    frame = read_csv_text(SHARED_CTDC).head(rows)
    for (row, column), value in (changes or {}).items():
        frame.loc[row, column] = value
    path = tmp_path / "small.csv"
    frame.to_csv(path, index=False)
    return path


def test_cli_reports_problems_row_by_row_and_names_default_to_the_stem(tmp_path, capsys):
    path = _small_file(tmp_path, {(2, "yearOfRegistration"): "1875", (4, "gender"): "Robot"})
    assert main(["import", "ctdc", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Imported research dataset 'small' from small.csv: 28 records loaded, 2 rows not" in out
    assert "  row 4, column yearOfRegistration: '1875': impossible year: before 1990" in out
    assert "  row 6, column gender: 'Robot': not a gender category" in out
    assert ResearchDataset.objects.get(name="small").records == 28


def test_a_name_is_taken_once_and_datasets_are_never_overwritten(tmp_path, capsys):
    path = _small_file(tmp_path)
    assert main(["import", "ctdc", str(path), "--name", "kz-2017"]) == 0
    before = list(DatasetPart.objects.values_list("pk", flat=True))
    assert main(["import", "ctdc", str(path), "--name", "kz-2017"]) == 2
    assert "exists already; datasets are read-only" in capsys.readouterr().err
    assert list(DatasetPart.objects.values_list("pk", flat=True)) == before
    with pytest.raises(Conflict):
        dataset_import_ctdc(actor=None, path=path, name="kz-2017")


@pytest.mark.parametrize("name", ["cases", "bad name", "-x", "x" * 81, "имя"])
def test_bad_names_are_refused_naming_the_field(tmp_path, name):
    with pytest.raises(ValidationError) as error:
        dataset_import_ctdc(actor=None, path=_small_file(tmp_path), name=name)
    assert error.value.field == "name"
    assert ResearchDataset.objects.count() == 0


def test_strict_import_refuses_the_whole_file_and_stores_nothing(tmp_path, capsys):
    path = _small_file(tmp_path, {(2, "yearOfRegistration"): "1875"})
    assert main(["import", "ctdc", str(path), "--strict"]) == 2
    assert "row 4, column yearOfRegistration: '1875'" in capsys.readouterr().err
    assert ResearchDataset.objects.count() == DatasetProblem.objects.count() == 0


@pytest.mark.parametrize("content", ["", "a,b\n1,2\n", "\x00\x01garbage"])
def test_unreadable_files_exit_2_and_store_nothing(tmp_path, capsys, content):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    assert main(["import", "ctdc", str(path)]) == 2
    # progress lines may come first (stderr); the error is one line, the last
    errors = capsys.readouterr().err.splitlines()
    assert errors[-1].startswith("amanat: error: ")
    assert [e for e in errors if e.startswith("amanat: error")] == errors[-1:]
    assert ResearchDataset.objects.count() == 0


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["import", "ctdc", str(tmp_path / "none.csv")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_only_users_allowed_statistics_import_list_and_read_datasets(tmp_path, researcher):
    caseworker = make_user(org=make_org(name="NGO", country="KZ"), roles=["case_manager"])
    path = _small_file(tmp_path)
    with pytest.raises(NotFound):
        dataset_import_ctdc(actor=caseworker, path=path)
    dataset_import_ctdc(actor=researcher, path=path, name="ok")
    with pytest.raises(NotFound):
        dataset_list(caseworker)
    with pytest.raises(NotFound):
        dataset_get(caseworker, "ok")
    with pytest.raises(NotFound):
        evidence(caseworker, "ok")
    assert [d.name for d in dataset_list(researcher)] == ["ok"]
    with pytest.raises(NotFound):
        dataset_get(researcher, "missing")


def test_datasets_list_show_and_delete(tmp_path, capsys, researcher):
    path = _small_file(tmp_path, {(2, "yearOfRegistration"): "1875"})
    dataset_import_ctdc(actor=researcher, path=path, name="one")
    assert main(["datasets", "list"]) == 0
    assert capsys.readouterr().out.startswith("one\t29 records\t1 rows rejected\t")
    assert main(["datasets", "show", "one"]) == 0
    assert '"reason": "impossible year: before 1990"' in capsys.readouterr().out
    assert main(["datasets", "show", "nope"]) == 2
    dataset_delete(actor=researcher, name="one")
    assert ResearchDataset.objects.count() == DatasetPart.objects.count() == 0
    assert DatasetProblem.objects.count() == 0
    assert AuditEvent.objects.filter(action="dataset.delete").count() == 1
