"""Case creation does not read the organisation's country when no phone number is given
(issue 13: per-request repeats of case creation)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from amanat.cases.duplicates import PossibleDuplicate
from amanat.cases.models import Person
from amanat.cases.services import case_open


def _org_reads(queries) -> int:
    return sum(
        1
        for q in queries.captured_queries
        if 'FROM "accounts_organisation"' in q["sql"] and '"country"' in q["sql"]
    )


def test_no_phone_no_read_of_the_organisation(case_manager):
    with CaptureQueriesContext(connection) as queries:
        case = case_open(
            user=case_manager,
            person={"first_name": "Dana", "last_name": "Serikova", "gender": "Feminine"},
            case={"country": "KZ", "region": "KZ-75"},
        )
    assert case.pk and _org_reads(queries) == 0


def test_a_phone_is_still_read_in_the_organisations_country(case_manager):
    first = case_open(
        user=case_manager,
        person={"first_name": "Aigerim", "last_name": "Nurova", "phone": "8 701 234 5678"},
        case={"country": "KZ"},
    )
    with (
        CaptureQueriesContext(connection) as queries,
        pytest.raises(PossibleDuplicate) as warning,
    ):
        case_open(
            user=case_manager,
            person={"first_name": "Zhanna", "last_name": "Omarova", "phone": "87012345678"},
            case={"country": "KZ"},
        )
    # The same phone in national form: found only because it is read in Kazakhstan's format.
    assert [c.case_id for c in warning.value.candidates] == [first.pk]
    assert _org_reads(queries) == 1
    assert Person.objects.count() == 1
