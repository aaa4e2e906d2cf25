"""Every analysis table obeys the small-cell rule: no published count from 1 to threshold-1,
and no hidden count recoverable from the totals published with it."""

from __future__ import annotations

import polars as pl

from amanat.insights.analysis.needs import NeedsData, analyse_needs
from amanat.insights.analysis.recruitment import analyse_recruitment
from amanat.insights.analysis.reintegration import analyse_reintegration
from tests.insights.analysis.data import published_counts_are_safe

T = 10


def _needs_with_a_small_country():
    # 60 cases in KZ, 55 in KG, 4 in TJ; "legal_aid" only 6 times in all.
    countries = ["KZ"] * 60 + ["KG"] * 55 + ["TJ"] * 4
    cases = pl.DataFrame({"case_id": list(range(119)), "country": countries})
    rows = [(i, "shelter") for i in range(0, 119, 2)] + [(i, "medical_care") for i in range(70)]
    rows += [(i, "legal_aid") for i in (1, 2, 3, 61, 62, 117)]
    needs = pl.DataFrame(rows, schema=["case_id", "need"], orient="row")
    return analyse_needs(NeedsData(cases, needs), by=("country",), threshold=T).as_dict()


def test_needs_small_counts_are_hidden_and_not_recoverable():
    result = _needs_with_a_small_country()
    legal = next(r for r in result["needs"] if r["need"] == "legal_aid")
    assert legal == {
        "need": "legal_aid",
        "n": None,
        "prevalence": None,
        "ci_low": None,
        "ci_high": None,
        "suppressed": True,
    }
    published = {r["need"]: r["n"] for r in result["needs"]}
    for row in result["by"]["country"]:
        groups = row["groups"]
        assert published_counts_are_safe([g["cases"] for g in groups], T)
        assert published_counts_are_safe([g["with_need"] for g in groups], T)
        # Column lines: the groups' counts with their published total never miss exactly one.
        hidden_with = sum(g["with_need"] is None for g in groups)
        if published[row["need"]] is not None:
            assert hidden_with != 1, row
        assert sum(g["cases"] is None for g in groups) != 1, row
        # Without the need = cases - with: the same rule on the complementary column.
        without = [
            None if g["cases"] is None or g["with_need"] is None else g["cases"] - g["with_need"]
            for g in groups
        ]
        assert sum(v is None for v in without) != 1, row
        tj = next(g for g in groups if g["group"] == "TJ")
        assert (tj["cases"], tj["suppressed"]) == (None, True)
        assert tj["with_need"] in (None, 0)  # zeros are shown (the platform's rule)
    # A hidden need is left out of Cochran's Q, McNemar and the clusters.
    assert all("legal_aid" not in (p["need_a"], p["need_b"]) for p in result["pairwise"])
    assert all("legal_aid" not in c["needs"] for c in result["clusters"])


def test_a_test_on_a_table_with_a_hidden_cell_is_not_published():
    result = _needs_with_a_small_country()
    legal = next(r for r in result["by"]["country"] if r["need"] == "legal_aid")
    assert (legal["test"], legal["statistic"], legal["pvalue"], legal["cramers_v"]) == (
        None,
        None,
        None,
        None,
    )
    assert legal["suppressed"] is True


def test_fewer_cases_than_the_threshold_publish_nothing():
    cases = pl.DataFrame({"case_id": list(range(9)), "country": ["KZ"] * 9})
    needs = pl.DataFrame({"case_id": [1], "need": ["shelter"]})
    result = analyse_needs(NeedsData(cases, needs), by=("country",), threshold=T).as_dict()
    assert (result["n_cases"], result["needs"], result["by"], result["cochran_q"]) == (
        None,
        [],
        {},
        None,
    )


def test_reintegration_small_groups_are_hidden_with_a_second_group():
    import datetime as dt

    rows = []
    for case, country in enumerate(["KZ"] * 30 + ["KG"] * 15 + ["TJ"] * 3):
        for visit in (1, 2):
            rows.append(
                {
                    "case_id": case,
                    "assessed_on": dt.date(2025, 1, 1) + dt.timedelta(days=90 * visit),
                    "composite": 0.3 + 0.01 * (case % 7) + 0.05 * visit,
                    "economic": 0.5,
                    "social": 0.5,
                    "psychosocial": 0.5,
                    "visit": visit if case < 40 else None,
                    "country": country,
                }
            )
    result = analyse_reintegration(pl.DataFrame(rows), by=("country",), threshold=T).as_dict()
    groups = {g["group"]: g for g in result["by"]["country"]["groups"]}
    # TJ (3) is hidden; KG (15) too, else 48 - 30 - 15 would give TJ back.
    assert [(k, g["cases"], g["composite"]) for k, g in sorted(groups.items())] == [
        ("KG", None, None),
        ("KZ", 30, groups["KZ"]["composite"]),
        ("TJ", None, None),
    ]
    composite = next(t for t in result["by"]["country"]["tests"] if t["score"] == "composite")
    assert composite["test"] is None  # one group left: nothing to compare
    # Visits: 40 cases each (the others have no visit number).
    assert [(r["visit"], r["cases"]) for r in result["trajectory"]] == [(1, 40), (2, 40)]


def test_recruitment_small_cells_hidden_in_every_table():
    rows = [
        {"case_id": str(i), "year": 2016 + i % 2, "gender": "Male", "channel": ch, "websites": ws}
        for i, (ch, ws) in enumerate(
            [("online", ["VKontakte"])] * 12
            + [("online", ["Telegram"])] * 3
            + [("personal", [])] * 40
        )
    ]
    result = analyse_recruitment(pl.DataFrame(rows), threshold=T).as_dict()
    telegram = next(w for w in result["websites"] if w["website"] == "Telegram")
    assert (telegram["cases"], telegram["share_of_online"], telegram["suppressed"]) == (
        None,
        None,
        True,
    )
    # The website rows have no published total, but the one hidden row forces a second.
    assert all(w["cases"] is None for w in result["websites"])
    for table in result["channels"].values():
        for row in table["rows"]:
            assert published_counts_are_safe([*row["counts"], row["total"]], T)
            assert sum(v is None for v in [*row["counts"], row["total"]]) != 1
    for row in result["share_online_by_year"]:
        assert published_counts_are_safe([row["online"], row["recorded"]], T)


def test_group_sizes_are_hidden_alike_in_every_needs_table():
    # Groups of 19, 20 and 30 cases; needs whose small cells fall in different groups. Each
    # need's table hid different group sizes (found by a search over random tables), so one
    # table showed what another hid to protect a small cell.
    sizes = {"KG": 19, "KZ": 20, "TJ": 30}
    with_need = {"a": (19, 0, 4), "b": (16, 19, 7), "c": (6, 18, 13)}
    case_rows, need_rows, first = [], [], 0
    for g, (country, size) in enumerate(sizes.items()):
        ids = list(range(first, first + size))
        case_rows += [(i, country) for i in ids]
        for need, counts in with_need.items():
            need_rows += [(i, need) for i in ids[: counts[g]]]
        first += size
    data = NeedsData(
        pl.DataFrame(case_rows, schema=["case_id", "country"], orient="row"),
        pl.DataFrame(need_rows, schema=["case_id", "need"], orient="row"),
    )
    result = analyse_needs(data, by=("country",), threshold=T).as_dict()
    shown_sizes = {
        tuple((g["group"], g["cases"]) for g in row["groups"]) for row in result["by"]["country"]
    }
    assert shown_sizes == {(("KG", 19), ("KZ", 20), ("TJ", 30))}
    for row in result["by"]["country"]:
        groups = row["groups"]
        assert published_counts_are_safe([g["with_need"] for g in groups], T)
        assert sum(g["with_need"] is None for g in groups) != 1
        without = [
            None if g["cases"] is None or g["with_need"] is None else g["cases"] - g["with_need"]
            for g in groups
        ]
        assert sum(v is None for v in without) != 1
