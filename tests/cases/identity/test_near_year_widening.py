"""The widening pass (skeleton, head/tail keys) of a search with a birth date reads only the
postings of persons born within a year of it or of unknown birth year (ADR 0122): a record
with a typo, born in the year asked for, is found behind more namesakes born in other years
than the candidate cap holds."""

from __future__ import annotations

import datetime as dt

import pytest

from amanat.cases.identity import find_similar_persons
from amanat.cases.identity.index import person_names_index
from amanat.cases.identity.search import CANDIDATE_CAP
from amanat.cases.models import Person
from tests.fixtures import make_org

pytestmark = pytest.mark.django_db


def _person(org, last: str, first: str, born: dt.date | None) -> Person:
    person = Person.objects.create(
        owner_organisation=org,
        last_name=last,
        first_name=first,
        birth_date=born,
        birth_year=born.year if born else None,
    )
    person_names_index(person)
    return person


def test_a_typo_born_in_the_year_asked_for_is_found_behind_more_namesakes_than_the_cap():
    org = make_org()
    namesakes = [
        _person(org, "Абдуллаев", "Шерзод", dt.date(1960 + i % 30, 1, 1))
        for i in range(CANDIDATE_CAP + 20)
        if 1960 + i % 30 not in (1989, 1990, 1991)
    ]
    assert len(namesakes) > CANDIDATE_CAP
    typo = _person(org, "Абдуллаеф", "Шерзод", dt.date(1990, 3, 4))
    unknown_year = _person(org, "Абдулаеф", "Шерзод", None)
    other_org_typo = _person(make_org(), "Абдуллаеф", "Шерзод", dt.date(1990, 3, 4))

    found = find_similar_persons(
        organisation_id=org.pk,
        first_name="Шерзод",
        last_name="Абдуллаев",
        birth_date=dt.date(1990, 3, 4),
        limit=200,
    )
    ids = [m.person_id for m in found]
    assert ids[0] == typo.pk
    assert "birth_date_same" in found[0].reasons
    assert "name_similar" in found[0].reasons
    assert unknown_year.pk in ids
    assert other_org_typo.pk not in ids
    # The exact pass still offers the namesakes of other years, below the typo.
    assert set(ids) >= {p.pk for p in namesakes[:CANDIDATE_CAP]} - {typo.pk}


def test_without_a_birth_date_the_widening_pass_reads_every_year():
    org = make_org()
    old = _person(org, "Абдуллаеф", "Шерзод", dt.date(1950, 1, 1))
    ids = [
        m.person_id
        for m in find_similar_persons(organisation_id=org.pk, first_name="Абдуллаев Шерзод")
    ]
    assert ids == [old.pk]
