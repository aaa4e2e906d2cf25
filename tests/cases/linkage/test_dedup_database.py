"""`amanat dedup --database`: pairs of database persons with reasons, audited with counts only."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json

import pytest

from amanat.cases.linkage.database import candidate_pairs, dedup_database
from amanat.cli import main as amanat
from amanat.errors import UsageError
from amanat.privacy.models import AuditEvent
from tests.fixtures import make_case

pytestmark = pytest.mark.django_db

QUEUE = importlib.util.find_spec("amanat.cases.links") is not None


def _register(case_manager, other_case_manager):
    same = {
        "first_name": "Жылдызбек",
        "last_name": "Абдуллаев",
        "birth_date": dt.date(1990, 3, 5),
        "gender": "Masculine",
        "phone": "+996555123456",
    }
    mine = make_case(user=case_manager, person=same)
    theirs = make_case(
        user=other_case_manager,
        person={
            "first_name_latin": "Jyldyzbek",
            "last_name_latin": "Abdullayev",
            "birth_date": dt.date(1990, 5, 3),  # day and month swapped
            "gender": "Masculine",
            "phone": "+996 555 12-34-56",
        },
    )
    stranger = make_case(
        user=other_case_manager,
        person={"first_name": "Олег", "last_name": "Смирнов", "birth_date": dt.date(1970, 1, 1)},
    )
    return mine.person_id, theirs.person_id, stranger.person_id


def test_candidate_pairs_name_the_persons_with_reasons_and_audit_counts_only(
    case_manager, other_case_manager
):
    mine, theirs, stranger = _register(case_manager, other_case_manager)
    pairs, persons = candidate_pairs(threshold=0.9)
    assert persons == 3
    assert [(min(a, b), max(a, b)) for a, b, _p, _r in pairs] == [
        (min(mine, theirs), max(mine, theirs))
    ]
    _a, _b, probability, reasons = pairs[0]
    assert probability >= 0.9
    # Cyrillic and Latin names fold to one key ("name"); the swapped day and month; one phone
    assert reasons == ("name", "birth_date_similar", "phone")
    assert all(stranger not in (a, b) for a, b, _p, _r in pairs)
    event = AuditEvent.objects.get(action="persons.dedup")
    assert event.extra == {"persons": 3, "pairs": 1, "threshold": 0.9}
    assert "first_name" in event.fields and "phone" in event.fields
    stored = json.dumps([event.extra, event.fields, event.purpose], ensure_ascii=False)
    for value in ("Жылдызбек", "Abdullayev", "555", "1990"):
        assert value not in stored


def test_fewer_than_two_persons_gives_no_pairs_but_is_audited(case_manager):
    make_case(user=case_manager)
    assert candidate_pairs() == ([], 1)
    assert AuditEvent.objects.get(action="persons.dedup").extra["persons"] == 1


@pytest.mark.skipif(QUEUE, reason="the coordinator queue is installed: tested below")
def test_without_the_coordinator_queue_the_command_exits_2_and_reads_nothing(capsys):
    with pytest.raises(UsageError, match="the coordinator queue is not available"):
        dedup_database()
    assert amanat(["dedup", "--database"]) == 2
    assert "the coordinator queue is not available" in capsys.readouterr().err
    assert not AuditEvent.objects.filter(action="persons.dedup").exists()


@pytest.mark.skipif(not QUEUE, reason="amanat.cases.links (the coordinator queue) not installed")
def test_database_run_fills_the_coordinator_queue(case_manager, other_case_manager, capsys):
    from amanat.cases.links.models import PossibleMatch

    mine, theirs, _ = _register(case_manager, other_case_manager)
    assert amanat(["dedup", "--database", "--threshold", "0.9"]) == 0
    assert "Coordinator queue: persons 3" in capsys.readouterr().out
    match = PossibleMatch.objects.get()
    assert {match.person_low_id, match.person_high_id} == {mine, theirs}
    assert match.source == "dedup"


def test_a_run_that_fails_part_way_is_still_audited(case_manager, other_case_manager, monkeypatch):
    from amanat.cases.linkage import pipeline

    _register(case_manager, other_case_manager)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline, "link_features", broken)
    with pytest.raises(RuntimeError):
        candidate_pairs()
    assert AuditEvent.objects.get(action="persons.dedup").extra == {
        "persons": 3,
        "pairs": 0,
        "threshold": 0.99,
    }
