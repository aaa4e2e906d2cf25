"""Deferred sealing (ADR 0020): entries appended without a lock, each with its own MAC, and
chained in order later. Tampering with sealed and unsealed entries alike is detected, except
the deletion of an entry not sealed yet, which is the documented window."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from amanat.cli import main as amanat
from amanat.privacy.audit import audit_record, audit_verify
from amanat.privacy.audit_chain import compute_mac, seal_pending
from amanat.privacy.models import AuditChainHead, AuditCheckpoint, AuditEvent


@pytest.fixture
def deferred(settings, db):
    settings.AMANAT_AUDIT_SEALING = "deferred"
    return settings


def _write(count: int, start: int = 0) -> list[AuditEvent]:
    return [
        audit_record(action="case.view", object_type="case", object_id=start + n, fields=["x"])
        for n in range(count)
    ]


def _sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_a_deferred_entry_is_one_insert_without_the_head(deferred, django_assert_num_queries):
    with django_assert_num_queries(1):
        event = audit_record(action="case.view", object_type="case", object_id=7)
    row = AuditEvent.objects.get(pk=event.pk)
    assert (row.seq, row.prev_hash, row.entry_hash) == (None, "", "")
    assert len(row.nonce) == 32 and row.mac == compute_mac(row)
    assert not AuditChainHead.objects.exists()
    result = audit_verify()
    assert (result.ok, result.checked, result.unsealed) == (True, 0, 1)


def test_sealing_chains_waiting_entries_in_insertion_order(deferred, capsys):
    events = _write(5)
    assert amanat(["audit", "verify"]) == 0
    assert "5 entries not sealed yet" in capsys.readouterr().out
    assert seal_pending() == 5
    rows = list(AuditEvent.objects.order_by("seq"))
    assert [r.pk for r in rows] == [e.pk for e in events]
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5]
    assert AuditChainHead.objects.get().last_seq == 5
    result = audit_verify()
    assert (result.ok, result.checked, result.unsealed) == (True, 5, 0)
    assert seal_pending() == 0


def test_sealing_writes_checkpoints_every_n_entries(deferred):
    deferred.AMANAT_AUDIT_CHECKPOINT_EVERY = 2
    _write(5)
    seal_pending(batch=2)
    assert list(AuditCheckpoint.objects.values_list("seq", flat=True)) == [2, 4]
    assert audit_verify().anchors_checked == 2


def test_an_altered_unsealed_entry_is_detected_and_never_sealed(deferred, capsys):
    events = _write(3)
    _sql("UPDATE privacy_auditevent SET action = %s WHERE id = %s", ["case.edit", events[1].pk])
    result = audit_verify()
    assert (result.ok, result.reason) == (
        False,
        f"unsealed entry id {events[1].pk} was altered (its MAC fails)",
    )
    assert amanat(["audit", "verify"]) == 1
    assert "BROKEN among the entries not sealed yet" in capsys.readouterr().out
    assert seal_pending() == 2  # the others are chained; the altered one is not laundered
    assert AuditEvent.objects.get(pk=events[1].pk).seq is None
    assert not audit_verify().ok


def test_an_entry_inserted_without_the_key_is_detected(deferred):
    _write(2)
    forged = AuditEvent.objects.create(
        at=AuditEvent.objects.first().at, action="case.view", nonce="0" * 32, mac="f" * 64
    )
    result = audit_verify()
    assert (result.ok, result.reason) == (
        False,
        f"unsealed entry id {forged.pk} was altered (its MAC fails)",
    )


def test_a_copied_unsealed_entry_is_refused_by_the_database(deferred):
    (event,) = _write(1)
    copy = AuditEvent.objects.get(pk=event.pk)
    copy.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save(force_insert=True)
    assert AuditEvent.objects.count() == 1


def test_deleting_an_unsealed_entry_is_the_window_the_adr_names(deferred):
    events = _write(3)
    _sql("DELETE FROM privacy_auditevent WHERE id = %s", [events[1].pk])
    result = audit_verify()
    # Not detectable before sealing: the ADR's stated limit. Sealing closes the window.
    assert (result.ok, result.unsealed) == (True, 2)
    seal_pending()
    _sql("DELETE FROM privacy_auditevent WHERE id = %s", [events[2].pk])
    result = audit_verify()
    assert (result.ok, result.reason) == (
        False,
        "entries after #1 are missing (the chain head records #2)",
    )


@pytest.fixture
def sealed(deferred):
    events = _write(4)
    seal_pending()
    _write(2, start=10)  # and an unsealed tail after the sealed part
    return [AuditEvent.objects.get(pk=e.pk) for e in events]


def test_a_deleted_sealed_entry_is_detected(sealed):
    _sql("DELETE FROM privacy_auditevent WHERE seq = %s", [2])
    assert audit_verify().reason == "entry #2 is missing"


def test_a_modified_sealed_entry_is_detected(sealed):
    _sql("UPDATE privacy_auditevent SET object_id = %s WHERE seq = %s", ["99", 3])
    assert audit_verify().reason == "entry #3 was altered"


def test_reordered_sealed_entries_are_detected(sealed):
    _sql("UPDATE privacy_auditevent SET seq = -2 WHERE seq = 2", [])
    _sql("UPDATE privacy_auditevent SET seq = 2 WHERE seq = 3", [])
    _sql("UPDATE privacy_auditevent SET seq = 3 WHERE seq = -2", [])
    assert audit_verify().reason == "entry #2 does not follow entry #1"


def test_an_entry_inserted_into_the_sealed_part_is_detected(sealed):
    _sql("UPDATE privacy_auditevent SET seq = seq + 100 WHERE seq >= 3", [])
    _sql("UPDATE privacy_auditevent SET seq = seq - 99 WHERE seq >= 103", [])
    donor = AuditEvent.objects.filter(seq__isnull=True).order_by("id").first()
    _sql(
        "UPDATE privacy_auditevent SET seq = 3, prev_hash = %s WHERE id = %s",
        [
            sealed[1].entry_hash,
            donor.pk,
        ],
    )
    assert audit_verify().reason == "entry #3 was altered"


def test_unsealing_a_sealed_entry_is_detected(sealed):
    _sql("UPDATE privacy_auditevent SET seq = NULL WHERE seq = %s", [4])
    result = audit_verify()
    assert (result.ok, result.reason) == (
        False,
        "entries after #3 are missing (the chain head records #4)",
    )


def test_an_unsealed_entry_claiming_a_place_in_the_chain_is_detected(sealed):
    donor = AuditEvent.objects.filter(seq__isnull=True).order_by("id").first()
    _sql(
        "UPDATE privacy_auditevent SET seq = 5, prev_hash = %s WHERE id = %s",
        [
            sealed[3].entry_hash,
            donor.pk,
        ],
    )
    assert audit_verify().reason == "entry #5 was altered"


def test_an_entry_from_before_sealing_without_a_mac_still_verifies(db):
    """Chains written before ADR 0020 carry no MAC: sealed when written, they verify as they are."""
    _write(3)  # inline (the test default): sealed at once
    _sql("UPDATE privacy_auditevent SET mac = NULL, nonce = %s", [""])
    assert audit_verify().ok and audit_verify().checked == 3


@pytest.mark.django_db(transaction=True)
def test_writers_never_wait_for_the_head_lock(settings):
    """While a sealer holds the chain head, another connection still appends (PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write on its own database lock")
    settings.AMANAT_AUDIT_SEALING = "deferred"
    _write(1)
    seal_pending()
    held, release, wrote = threading.Event(), threading.Event(), []

    def sealer() -> None:
        with transaction.atomic():
            AuditChainHead.objects.select_for_update().get(id=1)
            held.set()
            release.wait(10)
        connection.close()

    def writer() -> None:
        with transaction.atomic():
            wrote.append(audit_record(action="case.view", object_type="case", object_id=2))
        connection.close()

    lock_holder = threading.Thread(target=sealer)
    lock_holder.start()
    held.wait(5)
    appender = threading.Thread(target=writer)
    appender.start()
    appender.join(5)
    finished_while_locked = not appender.is_alive()
    release.set()
    lock_holder.join(5)
    assert finished_while_locked and len(wrote) == 1
    assert seal_pending() == 1 and audit_verify().ok


def test_a_large_batch_is_written_in_a_few_statements_and_verifies(deferred):
    """ADR 0045: sealed entries are written by one UPDATE per 500, not one CASE per row."""
    events = _write(1_203)
    with CaptureQueriesContext(connection) as queries:
        assert seal_pending() == 1_203
    table = AuditEvent._meta.db_table
    updates = [q["sql"] for q in queries if q["sql"].startswith(f'UPDATE "{table}"')]
    assert len(updates) == 3  # chunks of 500, 500 and 203
    assert not any("CASE WHEN" in sql for sql in updates)
    rows = list(AuditEvent.objects.order_by("seq").values_list("pk", "seq"))
    assert rows == [(event.pk, n) for n, event in enumerate(events, start=1)]
    result = audit_verify()
    assert (result.ok, result.checked, result.unsealed) == (True, 1_203, 0)
