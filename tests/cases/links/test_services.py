from __future__ import annotations

import pytest

from amanat.cases.links.models import PersonLink, PossibleMatch
from amanat.cases.links.services import (
    confirm_match,
    record_possible_matches,
    reject_match,
    unlink_persons,
)
from amanat.errors import Conflict, NotFound, ValidationError
from amanat.privacy.models import AuditEvent


def _pid(case):
    return case.person_id


def test_record_creates_one_row_per_unordered_pair_across_organisations_only(world):
    a, b, c, a2 = (_pid(world.case_a), _pid(world.case_b), _pid(world.case_c), _pid(world.case_a2))
    counts = record_possible_matches(
        pairs=[
            (b, a, 0.9, ("name_variant", "birth_date")),
            (a, b, 0.8, ("name",)),  # same pair, lower score: the 0.9 is kept
            (a, a2, 0.99, ("name",)),  # one organisation: the in-organisation warning's job
            (a, a, 1.0, ()),
            (a, 999_999, 0.7, ()),
            (c, a, 0.75, ("birth_date",)),
        ],
        source="dedup",
    )
    assert counts == {
        "received": 5,
        "created": 2,
        "updated": 0,
        "reopened": 0,
        "unchanged": 0,
        "skipped_same_organisation": 1,
        "skipped_unknown_person": 1,
        "skipped_linked": 0,
        "skipped_self": 1,
    }
    rows = list(
        PossibleMatch.objects.order_by("id").values_list(
            "person_low", "person_high", "score", "reasons", "status", "source"
        )
    )
    assert rows == [
        (min(a, b), max(a, b), 0.9, ["name_variant", "birth_date"], "open", "dedup"),
        (min(a, c), max(a, c), 0.75, ["birth_date"], "open", "dedup"),
    ]
    event = AuditEvent.objects.filter(action="person_match.record").get()
    assert event.extra["created"] == 2 and event.extra["source"] == "dedup"
    assert event.object_id == ""


def test_record_is_idempotent_and_keeps_the_highest_score(world):
    a, b = _pid(world.case_a), _pid(world.case_b)
    record_possible_matches(pairs=[(a, b, 0.7, ("name",))], source="dedup")
    again = record_possible_matches(pairs=[(a, b, 0.7, ("name",))], source="index_scan")
    assert again["unchanged"] == 1 and again["created"] == 0
    lower = record_possible_matches(pairs=[(b, a, 0.5, ("phone",))], source="index_scan")
    assert lower["unchanged"] == 1
    higher = record_possible_matches(pairs=[(b, a, 0.8, ("phone",))], source="index_scan")
    assert higher["updated"] == 1
    match = PossibleMatch.objects.get()
    assert (match.score, match.reasons, match.source) == (0.8, ["phone"], "index_scan")


def test_rejected_pair_reopens_only_on_clearly_higher_score(world):
    a, b = _pid(world.case_a), _pid(world.case_b)
    record_possible_matches(pairs=[(a, b, 0.7, ("name",))], source="dedup")
    match = PossibleMatch.objects.get()
    reject_match(actor=world.coordinator, match_id=match.pk)
    assert record_possible_matches(pairs=[(a, b, 0.74, ())], source="dedup")["unchanged"] == 1
    match.refresh_from_db()
    assert match.status == "rejected" and match.score == 0.7
    assert record_possible_matches(pairs=[(a, b, 0.75, ())], source="dedup")["reopened"] == 1
    match.refresh_from_db()
    assert (match.status, match.score, match.decided_by_id) == ("open", 0.75, None)


def test_confirm_links_and_transitively_linked_pairs_are_skipped(world):
    a, b, c = _pid(world.case_a), _pid(world.case_b), _pid(world.case_c)
    record_possible_matches(pairs=[(a, b, 0.9, ()), (b, c, 0.9, ())], source="dedup")
    for match in PossibleMatch.objects.all():
        confirm_match(actor=world.coordinator, match_id=match.pk)
    assert PersonLink.objects.filter(unlinked_at__isnull=True).count() == 2
    counts = record_possible_matches(pairs=[(a, c, 0.99, ("name",))], source="dedup")
    assert counts["skipped_linked"] == 1 and counts["created"] == 0
    with pytest.raises(Conflict):
        confirm_match(actor=world.coordinator, match_id=PossibleMatch.objects.first().pk)


def test_unlink_keeps_history_and_marks_pair_rejected(world):
    a, b = _pid(world.case_a), _pid(world.case_b)
    record_possible_matches(pairs=[(a, b, 0.9, ())], source="dedup")
    match = PossibleMatch.objects.get()
    link = confirm_match(actor=world.coordinator, match_id=match.pk)
    unlink_persons(actor=world.coordinator, link_id=link.pk)
    link.refresh_from_db()
    match.refresh_from_db()
    assert link.unlinked_by_id == world.coordinator.pk and link.unlinked_at is not None
    assert match.status == "rejected"
    with pytest.raises(Conflict):
        unlink_persons(actor=world.coordinator, link_id=link.pk)
    with pytest.raises(Conflict):
        reject_match(actor=world.coordinator, match_id=match.pk)
    # Confirmed again: a new link row, the old one stays as history.
    confirm_match(actor=world.coordinator, match_id=match.pk)
    assert PersonLink.objects.count() == 2
    assert PersonLink.objects.filter(unlinked_at__isnull=True).count() == 1
    actions = list(
        AuditEvent.objects.filter(action__startswith="person_").values_list("action", flat=True)
    )
    assert actions == [
        "person_match.record",
        "person_match.confirm",
        "person_link.unlink",
        "person_match.confirm",
    ]


@pytest.mark.parametrize(
    ("pairs", "field"),
    [
        ([(1, 2, 0.5)], "pairs[0]"),
        ([("x", 2, 0.5, ())], "pairs[0]"),
        ([(1, 2, 1.5, ())], "pairs[0].score"),
        ([(1, 2, float("nan"), ())], "pairs[0].score"),
        ([(1, 2, True, ())], "pairs[0].score"),
        ([(1, 2, "0.5", ())], "pairs[0].score"),
        ([(1, 2, 0.5, "name")], "pairs[0].reasons"),
        ([(1, 2, 0.5, ("Ivanov Ivan",))], "pairs[0].reasons"),
        ([None], "pairs[0]"),
    ],
)
def test_bad_pairs_change_nothing(world, pairs, field):
    good = (_pid(world.case_a), _pid(world.case_b), 0.9, ("name",))
    with pytest.raises(ValidationError) as error:
        record_possible_matches(pairs=[good, *pairs], source="dedup")
    assert error.value.field == field.replace("[0]", "[1]")
    assert PossibleMatch.objects.count() == 0
    assert not AuditEvent.objects.filter(action="person_match.record").exists()


def test_unknown_source_is_refused(world):
    with pytest.raises(ValidationError) as error:
        record_possible_matches(pairs=[], source="guess")
    assert error.value.field == "source"


def test_only_the_coordinator_of_the_country_decides(world):
    a, b, c = _pid(world.case_a), _pid(world.case_b), _pid(world.case_c)
    a2 = _pid(world.case_a2)
    record_possible_matches(pairs=[(a, b, 0.9, ()), (c, a2, 0.8, ())], source="dedup")
    ab, ca2 = PossibleMatch.objects.order_by("-score")
    for user in (world.worker_a, world.worker_b):
        with pytest.raises(NotFound):
            confirm_match(actor=user, match_id=ab.pk)
        with pytest.raises(NotFound):
            reject_match(actor=user, match_id=ab.pk)
    # A KG coordinator sees the KZ/KG pair (one side is theirs), not the KZ/KZ one.
    from tests.fixtures import make_user

    kg = make_user(org=world.org_c, roles=["nrm_coordinator"], username="kg_coord")
    with pytest.raises(NotFound):
        confirm_match(actor=kg, match_id=ab.pk)
    confirm_match(actor=kg, match_id=ca2.pk)
    for bad in ("abc", "-1", "0", "99999999999999999999", None, ab.pk + 1000):
        with pytest.raises(NotFound):
            reject_match(actor=world.coordinator, match_id=bad)
    ab.refresh_from_db()
    assert ab.status == "open"
