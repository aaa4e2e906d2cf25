"""Cases, persons and unique persons after the coordinator's links: exact figures, suppressed."""

from __future__ import annotations

import polars as pl
import pytest

from amanat.cases.links.graph import components, count_unique
from amanat.cases.links.models import PossibleMatch
from amanat.cases.links.services import confirm_match, record_possible_matches, unlink_persons
from amanat.insights import selectors
from amanat.insights.stats.filters import Filters, PlaceFilter
from amanat.insights.stats.persons import person_counts, with_unique_persons
from tests.cases.links.world import world  # noqa: F401  (fixture)
from tests.fixtures import api_client, make_org, make_user
from tests.insights.helpers import open_case, research_consent


def test_components_are_transitive_and_stable():
    assert components([(5, 9), (1, 5), (2, 3), (3, 2)]) == {1: 1, 5: 1, 9: 1, 2: 2, 3: 2}
    assert components([]) == {}
    assert count_unique([1, 2, 3, 4, 5, 9, 10], components([(5, 9), (1, 5), (2, 3)])) == 4


def _frame(person_ids, representative):
    frame = pl.DataFrame({"personId": person_ids}, schema={"personId": pl.Int64})
    return with_unique_persons(frame, representative)


def test_counts_cases_persons_and_unique_persons():
    links = components([(1, 5), (5, 9), (2, 3)])
    frame = _frame(list(range(1, 13)), links)
    counts = person_counts(frame, threshold=2)
    assert (counts.cases, counts.persons, counts.unique_persons) == (12, 12, 9)
    assert counts.suppressed == {"cases": None, "persons": None, "unique_persons": None}
    merged = frame.sort("personId")["uniquePersonId"].to_list()
    assert merged == [1, 2, 2, 4, 1, 6, 7, 8, 1, 10, 11, 12]


def test_a_small_difference_hides_the_smaller_figure():
    links = components([(1, 5), (5, 9), (2, 3)])
    # 3 persons merged by links: below a threshold of 4, so "unique persons" is hidden.
    counts = person_counts(_frame(list(range(1, 13)), links), threshold=4)
    assert (counts.cases, counts.persons, counts.unique_persons) == (12, 12, None)
    assert counts.suppressed["unique_persons"] == "secondary"
    # Person 1 has two cases (cases - persons = 1): persons is hidden; unique (9) still shown.
    counts = person_counts(_frame([1, *range(1, 13)], links), threshold=2)
    assert (counts.cases, counts.persons, counts.unique_persons) == (13, None, 9)
    # Small totals are hidden like every small cell.
    counts = person_counts(_frame([1, 2, 3], {}), threshold=10)
    assert (counts.cases, counts.persons, counts.unique_persons) == (None, None, None)
    assert counts.suppressed["cases"] == "primary"
    empty = person_counts(_frame([], {}), threshold=10)
    assert (empty.cases, empty.persons, empty.unique_persons) == (0, 0, 0)


@pytest.fixture
def national(db, settings):
    settings.AMANAT_STATS_THRESHOLD = 2
    orgs = [make_org(name=f"Org {c}{i}", country=c) for i, c in enumerate(("KZ", "KZ", "KG"))]
    workers = [make_user(org=o, roles=["case_manager"]) for o in orgs]
    cases = [[open_case(w, citizenship=("UZ",)) for _ in range(4)] for w in workers]
    coordinator = make_user(org=orgs[0], roles=["nrm_coordinator"], username="nat_coord")
    a, b, c = cases
    pairs = [
        (a[0].person_id, b[0].person_id, 0.9, ("name",)),
        (b[0].person_id, c[0].person_id, 0.8, ("name",)),
        (a[1].person_id, b[1].person_id, 0.7, ("name",)),
        (a[2].person_id, c[2].person_id, 0.6, ("name",)),  # stays open: not counted
    ]
    record_possible_matches(pairs=pairs, source="dedup")
    links = [
        confirm_match(actor=coordinator, match_id=m.pk)
        for m in PossibleMatch.objects.filter(score__gte=0.7)
    ]
    return {"workers": workers, "cases": cases, "coordinator": coordinator, "links": links}


def test_statistics_count_unique_persons_through_confirmed_links(national):
    evidence = selectors.evidence(national["coordinator"], names=["gender"])
    p = evidence.persons
    assert (p.cases, p.persons, p.unique_persons) == (12, 12, 9)
    # Undoing one link counts those two records as two persons again, at once (no cache).
    unlink_persons(actor=national["coordinator"], link_id=national["links"][-1].pk)
    p = selectors.evidence(national["coordinator"], names=["gender"]).persons
    assert (p.cases, p.persons, p.unique_persons) == (12, 12, 10)


def test_filters_apply_to_person_counts(national):
    filters = Filters(place=PlaceFilter(countries=("KG",), match="identification"))
    p = selectors.evidence(national["coordinator"], names=["gender"], filters=filters).persons
    # Only KG's four cases: a link to a KZ record does not merge anything inside the scope.
    assert (p.cases, p.persons, p.unique_persons) == (4, 4, 4)


def test_statistics_api_carries_the_person_counts(national):
    body = api_client(national["coordinator"]).get("/api/insights/statistics").json()
    assert body["persons"]["cases"] == 12 and body["persons"]["unique_persons"] == 9
    assert body["persons"]["threshold"] == 2


def test_ctdc_export_counts_unique_persons_among_consented_cases(national):
    a, b, c = national["cases"]
    wa, wb, wc = national["workers"]
    for worker, case in [(wa, a[0]), (wb, b[0]), (wc, c[0]), (wa, a[3]), (wb, b[3])]:
        research_consent(worker, case)
    result = selectors.ctdc_export(national["coordinator"], k=2)
    persons = result.as_dict()["persons"]
    # a0, b0 and c0 are one person (two links); a3 and b3 are not linked.
    assert (persons["cases"], persons["persons"], persons["unique_persons"]) == (5, 5, 3)


def test_researchers_see_the_counts_but_case_workers_have_no_statistics(national):
    researcher = make_user(org=make_org(name="Institute"), roles=["researcher"])
    assert selectors.evidence(researcher, names=["gender"]).persons.unique_persons == 9
    response = api_client(national["workers"][0]).get("/api/insights/statistics")
    assert response.status_code == 404


def _export_counts(cases):
    from amanat.insights.export_persons import export_person_counts

    counts = export_person_counts(cases)
    return counts["cases"], counts["persons"], counts["unique_persons"]


def test_htcds_counts_use_only_links_inside_the_exported_cases(world, settings):  # noqa: F811
    settings.AMANAT_STATS_THRESHOLD = 2
    w = world
    a, b, c = w.case_a.person_id, w.case_b.person_id, w.case_c.person_id
    record_possible_matches(pairs=[(a, b, 0.9, ()), (b, c, 0.9, ())], source="dedup")
    for match in PossibleMatch.objects.all():
        confirm_match(actor=w.coordinator, match_id=match.pk)
    # The three linked records exported together count as one person (and a2 as another).
    assert _export_counts([w.case_a, w.case_b, w.case_c, w.case_a2]) == (4, 4, 2)
    # One unique person is a small cell: hidden.
    assert _export_counts([w.case_a, w.case_b, w.case_c]) == (3, 3, None)
    # Without b, a and c are not joined: a link through a record not in the file counts nothing.
    assert _export_counts([w.case_a, w.case_c]) == (2, 2, 2)
    assert _export_counts([w.case_a, w.case_a2]) == (2, 2, 2)
