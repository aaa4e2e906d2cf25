"""Backups, restores and key operations leave audit entries; a restore to an older backup is
told apart from a truncation by the entry it writes."""

from __future__ import annotations

import json

import pytest

from amanat.cli import main as amanat
from amanat.config.keyfile import write_keyfile
from amanat.privacy import crypto
from amanat.privacy.audit import audit_verify
from amanat.privacy.models import AuditChainHead, AuditEvent
from tests.fixtures import make_case, make_org, make_user


def last_entry() -> AuditEvent:
    return AuditEvent.objects.order_by("-seq").first()


@pytest.fixture
def user(db):
    return make_user(org=make_org(name="Audit NGO"), roles=["case_manager"])


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_write_entries_naming_the_chain_heads(user, tmp_path, capsys):
    make_case(user=user)
    head = AuditChainHead.objects.get()
    out = tmp_path / "b.json.gz"
    assert amanat(["backup", "--out", str(out)]) == 0
    created = last_entry()
    assert (created.seq, created.action, created.object_type) == (
        head.last_seq + 1,
        "backup.create",
        "backup",
    )
    assert created.extra["backup_seq"] == head.last_seq
    assert created.extra["backup_hash"] == head.last_hash
    assert created.extra["rows"] > 0
    make_case(user=user)  # more entries after the backup, then the restore replaces them
    replaced = AuditChainHead.objects.get()
    assert amanat(["restore", str(out), "--yes"]) == 0
    restored = last_entry()
    assert restored.action == "backup.restore"
    assert restored.seq == head.last_seq + 1  # continues the backup's chain
    assert restored.prev_hash == head.last_hash
    assert {k: restored.extra[k] for k in ("backup_seq", "backup_hash", "replaced_seq")} == {
        "backup_seq": head.last_seq,
        "backup_hash": head.last_hash,
        "replaced_seq": replaced.last_seq,
    }
    assert restored.extra["replaced_hash"] == replaced.last_hash
    assert audit_verify().ok
    assert not AuditEvent.objects.filter(action="backup.create").exists()  # after the backup


@pytest.mark.django_db(transaction=True)
def test_anchors_of_a_chain_a_restore_replaced_do_not_fail_but_a_later_truncation_does(
    user, tmp_path, capsys
):
    anchors = tmp_path / "anchors.jsonl"
    make_case(user=user)
    out = tmp_path / "b.json.gz"
    assert amanat(["backup", "--out", str(out)]) == 0
    make_case(user=user)
    assert amanat(["audit", "anchor", "--out", str(anchors)]) == 0
    anchored = json.loads(anchors.read_text().splitlines()[-1])["seq"]
    assert amanat(["restore", str(out), "--yes"]) == 0
    for _ in range(3):  # the new chain passes the anchored number with other hashes
        make_case(user=user)
    assert last_entry().seq > anchored
    capsys.readouterr()
    assert amanat(["audit", "verify", "--anchor-file", str(anchors)]) == 0
    assert "1 restore(s) recorded" in capsys.readouterr().out
    # An anchor of the restored chain is still enforced.
    assert amanat(["audit", "anchor", "--out", str(anchors)]) == 0
    keep = last_entry().seq - 2
    kept = AuditEvent.objects.get(seq=keep)
    AuditEvent.objects.filter(seq__gt=keep).delete()
    AuditChainHead.objects.update(last_seq=keep, last_hash=kept.entry_hash)
    assert amanat(["audit", "verify", "--anchor-file", str(anchors)]) == 1


@pytest.mark.django_db
def test_key_rotation_and_retirement_write_entries(user, capsys):
    original = list(crypto.keyset().data_keys)
    make_case(user=user)
    try:
        assert amanat(["keys", "rotate"]) == 0
        assert (last_entry().action, last_entry().object_type) == ("keys.rotate", "keyset")
        assert amanat(["keys", "retire"]) == 0
        assert (last_entry().action, last_entry().extra) == ("keys.retire", {"removed": 1})
        assert audit_verify().ok
    finally:
        keys = crypto.keyset()
        keys.data_keys = original
        write_keyfile(keys, keys.path)
        crypto.reset_key_cache()
