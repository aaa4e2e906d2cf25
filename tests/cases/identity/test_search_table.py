"""The search table (issue 12 acceptance): query/record cases across five languages and both
scripts; recall within the first 10 results and namesakes with another birth year ranked below."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import pytest

from amanat.cases.demo_names import FEMALE_FIRST, LAST, MALE_FIRST
from amanat.cases.identity import find_similar_persons
from tests.factories.cases import PersonFactory
from tests.fixtures import make_org, shared_rows

ROWS = list(csv.DictReader((Path(__file__).parent / "search_cases.csv").open(encoding="utf-8")))


def _split(name: str) -> dict:
    words = name.split()
    return {"last": words[0], "first": words[1] if len(words) > 1 else "", "rest": words[2:]}


def _person(org, record: str, latin: str, born: dt.date):
    written, roman = _split(record), _split(latin) if latin else None
    return PersonFactory(
        owner_organisation=org,
        last_name=written["last"],
        first_name=written["first"],
        middle_name=" ".join(written["rest"]),
        last_name_latin=roman["last"] if roman else "",
        first_name_latin=roman["first"] if roman else "",
        birth_date=born,
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with shared_rows(django_db_blocker):
        org, elsewhere = make_org(country="KG"), make_org(country="KZ")
        truth, decoys = {}, {}
        for row in ROWS:
            key = (row["record"], row["record_latin"], row["record_birth_date"])
            if key in truth:
                continue
            born = dt.date.fromisoformat(row["record_birth_date"])
            truth[key] = _person(org, row["record"], row["record_latin"], born).pk
            # The same name, another person: born seven years later.
            decoys[key] = _person(
                org, row["record"], row["record_latin"], born.replace(year=born.year + 7)
            ).pk
            _person(elsewhere, row["record"], row["record_latin"], born)  # never a candidate
        rng = random.Random(12)
        for _ in range(300):  # common demo names around them
            first = rng.choice(MALE_FIRST + FEMALE_FIRST)
            last = rng.choice(LAST)
            born = dt.date(rng.randint(1960, 2005), rng.randint(1, 12), rng.randint(1, 28))
            _person(org, f"{last[0]} {first[0]}", f"{last[1]} {first[1]}", born)
        yield org, elsewhere, truth, decoys


def _search(org, row):
    return find_similar_persons(
        organisation_id=org.pk,
        first_name=row["query"],
        birth_date=dt.date.fromisoformat(row["query_birth_date"]),
        limit=10,
    )


def test_the_table_covers_five_languages_both_scripts_and_the_issue_examples():
    assert len(ROWS) >= 100
    assert {r["language"] for r in ROWS} == {"ru", "kk", "ky", "tg", "uz"}
    queries = " ".join(r["query"] for r in ROWS)
    for example in ("Abdullayev", "Jyldyzbek", "Hojaev", "Xo'jayev", "Kenjebaev", "Rahimov"):
        assert example in queries
    cyrillic_queries = [r for r in ROWS if any("\u0400" <= c <= "\u04ff" for c in r["query"])]
    assert len(cyrillic_queries) >= 30
    assert len(ROWS) - len(cyrillic_queries) >= 60


@pytest.mark.django_db
def test_recall_within_the_first_ten_is_at_least_95_percent(world):
    org, _elsewhere, truth, _decoys = world
    missed = []
    for row in ROWS:
        key = (row["record"], row["record_latin"], row["record_birth_date"])
        found = [m.person_id for m in _search(org, row)]
        if truth[key] not in found:
            missed.append(row["query"])
    recall = 1 - len(missed) / len(ROWS)
    assert recall >= 0.95, missed
    # Measured: every row found (kept exact so a regression shows).
    assert missed == []


@pytest.mark.django_db
def test_a_namesake_born_another_year_never_ranks_above_the_true_person(world):
    org, _elsewhere, truth, decoys = world
    above = []
    for row in ROWS:
        key = (row["record"], row["record_latin"], row["record_birth_date"])
        ranked = [m.person_id for m in _search(org, row)]
        if decoys[key] in ranked and (
            truth[key] not in ranked or ranked.index(decoys[key]) < ranked.index(truth[key])
        ):
            above.append(row["query"])
    assert above == []


@pytest.mark.django_db
def test_the_true_person_is_first_and_says_why(world):
    org, _elsewhere, truth, _decoys = world
    row = next(r for r in ROWS if r["query"] == "Xo'jayev Sardor")
    best = _search(org, row)[0]
    key = (row["record"], row["record_latin"], row["record_birth_date"])
    assert best.person_id == truth[key]
    assert best.organisation_id == org.pk
    assert best.reasons == (
        "name_same_key",
        "name_other_script",
        "birth_date_same",
    )
    assert best.score == 1.0


@pytest.mark.django_db
def test_another_organisations_persons_are_never_candidates(world):
    org, elsewhere, _truth, _decoys = world
    for row in ROWS[:20]:
        assert all(m.organisation_id == org.pk for m in _search(org, row))
    everywhere = find_similar_persons(organisation_id=None, first_name="Абдуллаев Жамшид")
    assert {m.organisation_id for m in everywhere} == {org.pk, elsewhere.pk}
