"""`amanat persons scan`: cross-organisation pairs from the search index, run as a batch job."""

from __future__ import annotations

import json
import sys
import types
from dataclasses import dataclass

import pytest

from amanat.cases.links import scan
from amanat.cases.links.models import PossibleMatch
from amanat.cli import main as amanat
from amanat.privacy.models import AuditEvent


@dataclass(frozen=True)
class FakeMatch:
    person_id: int
    organisation_id: int
    score: float
    reasons: tuple


@pytest.fixture
def finder(world, monkeypatch):
    """A stand-in for amanat.cases.identity.find_similar_persons with fixed answers."""
    w = world
    calls = []

    people = {
        w.case_a.person_id: w.org_a.pk,
        w.case_b.person_id: w.org_b.pk,
        w.case_c.person_id: w.org_c.pk,
        w.case_a2.person_id: w.org_a.pk,
    }
    a, b, c, a2 = list(people)
    scores = {
        frozenset((a, b)): (0.95, ("name_variant", "Birth_Date", "birth date 1990")),
        frozenset((a, c)): (0.7, ("name",)),
        frozenset((a, a2)): (0.99, ("name",)),  # one organisation: never proposed
    }

    def find(*, organisation_id, limit=10, exclude_person_ids=(), **query):
        calls.append((organisation_id, limit, exclude_person_ids, query))
        me = exclude_person_ids[0]
        found = [
            FakeMatch(other, org, *scores.get(frozenset((me, other)), (0.1, ())))
            for other, org in people.items()
            if other != me
        ]
        return sorted(found, key=lambda m: -m.score)[:limit]

    monkeypatch.setattr(scan, "_finder", lambda: find)
    return calls


def test_scan_proposes_pairs_of_different_organisations_above_the_score(world, finder, capsys):
    w = world
    assert amanat(["persons", "scan", "--quiet"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["persons_scanned"] == 4 and report["created"] == 1
    match = PossibleMatch.objects.get()
    assert {match.person_low_id, match.person_high_id} == {w.case_a.person_id, w.case_b.person_id}
    # "birth date 1990" is not a code: dropped, so no value can reach the queue.
    assert (match.source, match.reasons) == ("index_scan", ["name_variant", "birth_date"])
    assert {call[0] for call in finder} == {None}  # every look-up across all organisations
    assert finder[0][3]["first_name"] == "Айгуль" and finder[0][3]["birth_date"].year == 1990
    event = AuditEvent.objects.get(action="person_match.scan")
    assert event.extra == {"persons_scanned": 4, "proposed": 2, "dry_run": False}
    assert "Айгуль" not in json.dumps(event.extra) + "".join(event.fields)
    # A second run changes nothing.
    assert amanat(["persons", "scan", "--quiet"]) == 0
    assert json.loads(capsys.readouterr().out)["unchanged"] == 1


def test_scan_options(world, finder, capsys):
    assert amanat(["persons", "scan", "--quiet", "--min-score", "0.6", "--dry-run"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["proposed"] == 4 and PossibleMatch.objects.count() == 0
    assert amanat(["persons", "scan", "--quiet", "--organisation", str(world.org_c.pk)]) == 0
    assert json.loads(capsys.readouterr().out)["persons_scanned"] == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--min-score", "1.5"], "--min-score must be from 0 to 1."),
        (["--min-score", "-0.1"], "--min-score must be from 0 to 1."),
        (["--limit", "0"], "--limit must be from 1 to 100."),
        (["--organisation", "abc"], "--organisation must be an organisation id"),
        (["--organisation", "987654"], "No organisation with id 987654."),
    ],
)
def test_scan_bad_options_exit_2_and_change_nothing(world, finder, capsys, argv, message):
    assert amanat(["persons", "scan", "--quiet", *argv]) == 2
    assert message in capsys.readouterr().err
    assert PossibleMatch.objects.count() == 0
    assert not AuditEvent.objects.filter(action="person_match.scan").exists()


def test_scan_without_the_search_index_is_a_usage_error(world, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "amanat.cases.identity", types.ModuleType("identity"))
    assert amanat(["persons", "scan"]) == 2
    assert "needs the cross-organisation search index" in capsys.readouterr().err


def test_scan_with_the_real_search_index(world, capsys):
    """No stand-in: the three records of one person at three organisations become three pairs;
    the second record of organisation A (another person) and A's own records are not paired."""
    w = world
    assert amanat(["persons", "scan", "--quiet", "--min-score", "0.5"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["persons_scanned"] == 4
    pairs = {frozenset((m.person_low_id, m.person_high_id)): m for m in PossibleMatch.objects.all()}
    a, b, c = w.case_a.person_id, w.case_b.person_id, w.case_c.person_id
    assert set(pairs) == {frozenset((a, b)), frozenset((a, c)), frozenset((b, c))}
    assert report["created"] == 3
    ac = pairs[frozenset((a, c))]
    assert "birth_date_same" in ac.reasons and ac.source == "index_scan"
    from amanat.cases.links.reasons import reason_label

    assert reason_label("birth_date_same") == "same birth date"
