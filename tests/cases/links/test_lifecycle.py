"""Links and pairs through retention erasure, transfer, and backup/restore."""

from __future__ import annotations

import datetime as dt

from amanat.cases.consent import consent_record
from amanat.cases.lifecycle import case_transfer
from amanat.cases.links.models import PersonLink, PossibleMatch
from amanat.cases.links.selectors import link_representatives
from amanat.cases.links.services import confirm_match, record_possible_matches
from amanat.cases.models import Case
from amanat.cases.retention import retention_apply
from amanat.platform.backup import backup_restore, backup_write
from amanat.privacy.models import AuditEvent


def _link_ab_and_propose_bc(w):
    a, b, c = w.case_a.person_id, w.case_b.person_id, w.case_c.person_id
    record_possible_matches(pairs=[(a, b, 0.9, ("name",)), (b, c, 0.6, ())], source="dedup")
    link = confirm_match(actor=w.coordinator, match_id=PossibleMatch.objects.get(score=0.9).pk)
    return link


def test_retention_erasure_removes_the_persons_pairs_and_links(world):
    w = world
    _link_ab_and_propose_bc(w)
    record_possible_matches(
        pairs=[(w.case_a2.person_id, w.case_c.person_id, 0.5, ())], source="index_scan"
    )
    Case.objects.filter(pk=w.case_b.pk).update(retention_until=dt.date(2000, 1, 1))
    assert retention_apply()["cases"] == 1
    # Person b's link (to a) and pair (with c) are gone; a2~c, not involving b, stays.
    assert PersonLink.objects.count() == 0
    assert list(PossibleMatch.objects.values_list("person_low", "person_high")) == [
        tuple(sorted((w.case_a2.person_id, w.case_c.person_id)))
    ]
    event = AuditEvent.objects.get(action="person_link.erase")
    assert (event.object_id, event.extra) == (str(w.case_b.person_id), {"links": 1, "matches": 2})
    assert link_representatives() == {}
    # An anonymised person is never proposed again.
    counts = record_possible_matches(
        pairs=[(w.case_a.person_id, w.case_b.person_id, 0.99, ())], source="dedup"
    )
    assert counts["skipped_unknown_person"] == 1 and counts["created"] == 0


def test_retention_of_an_unlinked_person_touches_no_pair(world):
    w = world
    _link_ab_and_propose_bc(w)
    Case.objects.filter(pk=w.case_a2.pk).update(retention_until=dt.date(2000, 1, 1))
    assert retention_apply()["cases"] == 1
    assert (PersonLink.objects.count(), PossibleMatch.objects.count()) == (1, 2)
    assert not AuditEvent.objects.filter(action="person_link.erase").exists()


def test_a_transferred_case_keeps_its_link(world):
    w = world
    link = _link_ab_and_propose_bc(w)
    consent_record(
        user=w.worker_a,
        case_id=w.case_a.pk,
        purpose="referral",
        method="written",
        recipient_organisation_id=w.org_c.pk,
    )
    case_transfer(user=w.worker_a, case_id=w.case_a.pk, to_organisation_id=w.org_c.pk)
    w.case_a.person.refresh_from_db()
    assert w.case_a.person.owner_organisation_id == w.org_c.pk
    link.refresh_from_db()
    assert link.unlinked_at is None
    assert link_representatives() == {
        w.case_a.person_id: min(w.case_a.person_id, w.case_b.person_id),
        w.case_b.person_id: min(w.case_a.person_id, w.case_b.person_id),
    }


def test_backup_and_restore_carry_pairs_and_links(world, tmp_path):
    w = world
    link = _link_ab_and_propose_bc(w)
    before_matches = list(PossibleMatch.objects.order_by("id").values())
    before_links = list(PersonLink.objects.order_by("id").values())
    counts = backup_write(tmp_path / "b.json.gz")
    assert counts["cases.possiblematch"] == 2 and counts["cases.personlink"] == 1
    PersonLink.objects.all().delete()
    PossibleMatch.objects.all().delete()
    backup_restore(tmp_path / "b.json.gz")
    assert list(PossibleMatch.objects.order_by("id").values()) == before_matches
    assert list(PersonLink.objects.order_by("id").values()) == before_links
    assert PersonLink.objects.get().pk == link.pk
