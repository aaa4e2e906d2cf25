"""The statistics frame costs its size once, not per edit or per statistic (issue 13,
server memory per process; ADR 0040)."""

from __future__ import annotations

import polars as pl
import pytest

from amanat.cases.services import case_update
from amanat.insights import casedata
from amanat.insights.ctdc.from_cases import CASE_ID, PERSON
from amanat.insights.selectors import evidence
from amanat.insights.selectors.ctdc import ctdc_export
from amanat.insights.stats import Filters, Period, apply_filters
from amanat.insights.stats.persons import UNIQUE_PERSON, with_unique_persons
from tests.insights.helpers import open_case, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db, monkeypatch):
    monkeypatch.setattr(casedata, "MAP_CHUNK", 4)  # 14 cases: pieces of 4, 4, 4 and 2
    casedata.clear_cache()
    w = world()
    for i in range(14):
        open_case(w["cm_kz"], region="KZ-75" if i % 2 else "KZ-71")
    yield w
    casedata.clear_cache()


def _parts():
    return casedata._cache["cases"].parts


def test_an_edit_rewrites_only_the_piece_holding_the_case(w):
    first = casedata.case_frame()
    before = _parts()
    assert [p.height for p in before] == [4, 4, 4, 2] and first.height == 14
    edited = int(before[1][CASE_ID][0])
    case_update(user=w["cm_kz"], case_id=edited, changes={"labour_industry": "C_Manufacturing"})
    second = casedata.case_frame()
    after = _parts()
    # The three pieces without the case are the very same objects (no copy); the edited one
    # lost its row, and the new row is a piece of its own.
    assert after[0] is before[0] and after[2] is before[2] and after[3] is before[3]
    assert after[1] is not before[1] and after[1].height == 3
    assert edited not in after[1][CASE_ID].to_list()
    assert after[4][CASE_ID].to_list() == [edited]
    assert second.height == 14 and second[CASE_ID].n_unique() == 14
    row = second.filter(pl.col(CASE_ID) == edited)
    assert row["labourIndustry"].to_list() == ["C_Manufacturing"]
    # The frame handed out points at the pieces: not rechunked into a copy.
    assert second.n_chunks() >= 5


def test_many_small_edits_are_merged_into_one_piece(w, monkeypatch):
    monkeypatch.setattr(casedata, "MAX_SMALL_PARTS", 2)
    monkeypatch.setattr(casedata, "MAP_CHUNK", 40)  # every piece counts as small now
    casedata.case_frame()
    ids = casedata.case_frame()[CASE_ID].to_list()
    for case_id in ids[:3]:
        case_update(user=w["cm_kz"], case_id=case_id, changes={"labour_industry": "P_Education"})
        casedata.case_frame()
    assert len(_parts()) <= 3
    frame = casedata.case_frame()
    assert sorted(frame[CASE_ID].to_list()) == sorted(ids)
    assert (
        frame.filter(pl.col(CASE_ID).is_in(ids[:3]))["labourIndustry"].to_list()
        == ["P_Education"] * 3
    )


def test_coded_text_is_categorical_and_leaves_as_text(w):
    frame = casedata.case_frame()
    assert frame.schema["gender"] == pl.Categorical
    assert frame.schema["regionOfIdentification"] == pl.Categorical
    assert pl.String not in frame.schema.values()
    # Comparisons with plain strings still work on it.
    assert frame.filter(pl.col("regionOfIdentification") == "KZ-75").height == 7
    exported = ctdc_export(w["coordinator"]).frame
    assert pl.Categorical not in exported.schema.values()
    assert casedata.plain(frame).schema["gender"] == pl.String


def test_statistics_are_unchanged_by_the_compact_frame(w):
    tables = {t.statistic: t for t in evidence(w["coordinator"]).all_tables}
    assert tables["country"].counts == {"KZ": 14}
    assert tables["gender"].counts == {"Male": 14}


def test_filters_read_only_the_columns_asked_for():
    frame = pl.DataFrame(
        {
            "yearOfRegistration": [2023, 2024, 2024],
            "gender": ["Male", "Female", None],
            "x": [1, 2, 3],
        }
    )
    scoped = apply_filters(frame, Filters(period=Period(2024, 2024)), ["gender"])
    assert scoped.columns == ["gender"] and scoped["gender"].to_list() == ["Female", None]
    assert apply_filters(frame, None, ["x"]).columns == ["x"]
    assert apply_filters(frame, None) is frame


def test_unique_persons_keep_the_rows_and_add_one_column():
    frame = pl.DataFrame({CASE_ID: [1, 2, 3], PERSON: [10, 11, 12], "g": ["a", "b", "c"]})
    linked = with_unique_persons(frame, {11: 10})
    assert linked.columns == [CASE_ID, PERSON, "g", UNIQUE_PERSON]
    assert linked[UNIQUE_PERSON].to_list() == [10, 10, 12]
    assert linked[CASE_ID].to_list() == [1, 2, 3]  # the same order: no join
