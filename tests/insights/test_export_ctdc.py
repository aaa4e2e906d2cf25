"""`amanat export ctdc`: the platform's cases in CTDC v6 columns, k-anonymised, research
consent only; k-anonymity verified independently with pandas."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from amanat.cli import main
from amanat.errors import NotFound, ValidationError
from amanat.insights.ctdc.hierarchy import load_hierarchies
from amanat.insights.ctdc.reader import ctdc_schema, read_ctdc
from amanat.insights.selectors import ctdc_export
from amanat.privacy.models import AuditEvent
from tests.insights.ctdc_independent import is_k_anonymous
from tests.insights.helpers import open_case, research_consent, withdraw, world

pytestmark = pytest.mark.django_db
DEFAULT_QIS = list(load_hierarchies().default_quasi_identifiers)


@pytest.fixture
def w(db):
    w = world()
    cases = []
    # 30 similar men, 6 women of assorted ages, 4 outliers: rare combinations to generalise.
    for i in range(30):
        cases.append(
            open_case(
                w["cm_kz"], birth=f"{1990 + i % 3}-01-01", exploitation_types=["ForcedLabour"]
            )
        )
    for i in range(6):
        cases.append(
            open_case(
                w["cm_kg"],
                gender="Feminine",
                birth=f"{1970 + 7 * i}-01-01",
                citizenship=("KG",),
                identified_on=dt.date(2022 + i % 3, 1, 1),
            )
        )
    for code in ("AF", "BR", "CN", "DE"):
        cases.append(open_case(w["cm_kz"], citizenship=(code,), birth="1960-01-01"))
    w["cases"] = cases
    return w


def consent_all(w, cases):
    for case in cases:
        owner = w["cm_kz"] if case.owner_organisation_id == w["kz"].pk else w["cm_kg"]
        research_consent(owner, case)


def test_only_cases_with_research_consent_in_force_are_exported(w):
    cases = w["cases"]
    consent_all(w, cases[:20])
    research_consent(w["cm_kz"], cases[20], granted=False)  # refused
    withdrawn = research_consent(w["cm_kz"], cases[21])
    withdraw(w["cm_kz"], withdrawn)  # withdrawn: no longer in force
    result = ctdc_export(w["researcher"], k=5)
    assert result.cases_total == 40
    assert result.cases_with_research_consent == 20
    assert result.report.rows_in == 20
    assert list(result.frame.columns) == list(ctdc_schema())  # never a case-only column
    assert "caseId" not in result.frame.columns


def test_the_export_is_k_anonymous_by_an_independent_check(w, tmp_path, capsys):
    consent_all(w, w["cases"])
    out = tmp_path / "amanat-ctdc.csv"
    assert main(["export", "ctdc", "--out", str(out)]) == 0
    report = json.loads(capsys.readouterr().out)
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(written) == report["records_written"]
    assert is_k_anonymous(written, DEFAULT_QIS, 11)
    sizes = written.groupby(DEFAULT_QIS, dropna=False).size()
    assert int(sizes.min()) == report["k_anonymity"]["smallest_group"] >= 11
    kanon = report["k_anonymity"]
    # The four outliers (and more) could not stay as they were: what was done is reported.
    assert kanon["steps"] or kanon["rows_locally_suppressed"] or kanon["rows_dropped"]
    assert kanon["rows_out"] + kanon["rows_dropped"] == 40
    assert report["cases_left_out_without_research_consent"] == 0
    # The file is a valid CTDC v6 file apart from the generalised quasi-identifiers.
    frame, problems = read_ctdc(out)
    assert {p.column for p in problems} <= set(DEFAULT_QIS) | {""}


@pytest.mark.parametrize("k", [2, 5, 11, 25])
def test_k_anonymity_for_other_k_and_quasi_identifiers(w, k):
    consent_all(w, w["cases"])
    qis = ["gender", "ageBroad", "citizenship"]
    result = ctdc_export(None, k=k, quasi_identifiers=qis)
    frame = pd.DataFrame(result.frame.select(qis).to_dict(as_series=False))
    assert is_k_anonymous(frame.fillna("<missing>"), qis, k)
    assert result.report.smallest_group is None or result.report.smallest_group >= k


def test_the_export_is_audited_as_a_transfer_out_without_values(w):
    consent_all(w, w["cases"][:12])
    ctdc_export(w["coordinator"])
    event = AuditEvent.objects.get(action="ctdc.export")
    assert event.actor_id == w["coordinator"].pk
    assert event.extra["cases_left_out_without_consent"] == 28
    assert event.extra["k"] == 11 and "gender" in event.fields
    assert "Тест" not in json.dumps(event.extra, ensure_ascii=False)


def test_who_may_export_and_bad_input(w, capsys, tmp_path):
    out = str(tmp_path / "x.csv")
    with pytest.raises(NotFound):
        ctdc_export(w["cm_kz"])
    with pytest.raises(ValidationError) as error:
        ctdc_export(w["researcher"], quasi_identifiers=["gender", "firstName"])
    assert error.value.field == "quasi_identifiers"
    assert main(["export", "ctdc", "--out", out, "--k", "1"]) == 2
    assert main(["export", "ctdc", "--out", out, "--quasi-identifiers", ","]) == 2
    assert main(["export", "ctdc", "--out", out, "--user", "nobody"]) == 2
    assert main(["export", "ctdc", "--out", out, "--user", "cm_kz"]) == 2
    assert "error" in capsys.readouterr().err
