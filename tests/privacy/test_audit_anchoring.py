"""Anchoring the audit chain outside the database: attacks that keep the chain self-consistent
(truncating the tail and rewriting the head, deleting everything, forging a chain) are refused
once a checkpoint, an anchor or an expected head says what the chain held."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection, transaction
from django.utils import timezone

from amanat.cli import main as amanat
from amanat.privacy.anchoring import Anchor, anchor_of, checkpoint_write
from amanat.privacy.audit import _canonical, audit_record, audit_verify
from amanat.privacy.models import AuditChainHead, AuditCheckpoint, AuditEvent
from tests.fixtures import make_case


@pytest.fixture
def audited(case_manager):
    make_case(user=case_manager)
    make_case(user=case_manager)
    return list(AuditEvent.objects.order_by("seq"))


def truncate_and_rewrite_head(keep: int) -> None:
    """The attack: drop every entry after #keep and make the head agree with #keep."""
    kept = AuditEvent.objects.get(seq=keep)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_auditevent WHERE seq > %s", [keep])
        cursor.execute(
            "UPDATE privacy_auditchainhead SET last_seq = %s, last_hash = %s",
            [keep, kept.entry_hash],
        )


def delete_everything() -> None:
    with connection.cursor() as cursor:
        for table in ("privacy_auditevent", "privacy_auditchainhead", "privacy_auditcheckpoint"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names


def test_without_anchors_the_truncation_goes_unnoticed_which_is_why_anchors_exist(audited):
    truncate_and_rewrite_head(len(audited) - 3)
    assert audit_verify().ok  # the limit of a chain checked only against itself


def test_truncating_the_tail_and_rewriting_the_head_breaks_a_checkpoint(audited, capsys):
    checkpoint = checkpoint_write(publish=False)
    assert checkpoint.seq == len(audited)
    truncate_and_rewrite_head(len(audited) - 3)
    result = audit_verify()
    assert not result.ok
    assert result.reason == (
        f"the chain ends at entry #{len(audited) - 3} but its checkpoint records entry "
        f"#{len(audited)}: entries were removed"
    )
    assert amanat(["audit", "verify"]) == 1
    assert "BROKEN" in capsys.readouterr().out


def test_truncation_that_also_deletes_checkpoints_is_caught_by_the_anchor_file(
    audited, tmp_path, capsys
):
    anchors = tmp_path / "anchors.jsonl"
    assert amanat(["audit", "anchor", "--out", str(anchors)]) == 0
    assert stat.S_IMODE(anchors.stat().st_mode) == 0o600
    line = json.loads(anchors.read_text().splitlines()[0])
    assert (line["seq"], line["entry_hash"]) == (len(audited), audited[-1].entry_hash)
    assert amanat(["audit", "verify", "--anchor-file", str(anchors)]) == 0
    # The checkpoint row and its copy in the file.
    assert "2 checkpoint(s) and anchor(s) held" in capsys.readouterr().out

    truncate_and_rewrite_head(len(audited) - 3)
    AuditCheckpoint.objects.all().delete()
    assert amanat(["audit", "verify"]) == 0  # the database alone now looks fine
    capsys.readouterr()
    assert amanat(["audit", "verify", "--anchor-file", str(anchors)]) == 1
    out = capsys.readouterr().out
    assert f"its anchor records entry #{len(audited)}: entries were removed" in out


def test_the_configured_anchor_file_is_checked_by_default(audited, tmp_path, settings, capsys):
    settings.AMANAT_AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.jsonl")
    assert amanat(["audit", "anchor"]) == 0
    AuditCheckpoint.objects.all().delete()
    truncate_and_rewrite_head(2)
    capsys.readouterr()
    assert amanat(["audit", "verify"]) == 1
    assert "entries were removed" in capsys.readouterr().out


def test_an_expected_head_kept_elsewhere_catches_truncation(audited, capsys):
    head = audited[-1]
    assert amanat(["audit", "verify", "--expect-head", head.entry_hash]) == 0
    truncate_and_rewrite_head(len(audited) - 1)
    capsys.readouterr()
    assert amanat(["audit", "verify", "--expect-head", head.entry_hash]) == 1
    assert f"no entry has the expected head hash {head.entry_hash}" in capsys.readouterr().out
    argv = ["audit", "verify", "--expect-head", head.entry_hash, "--expect-seq", str(head.seq)]
    assert amanat(argv) == 1
    assert amanat(["audit", "verify", "--expect-seq", str(head.seq)]) == 1
    assert amanat(["audit", "verify", "--expect-seq", str(head.seq - 1)]) == 0


def test_deleting_every_row_and_the_head_is_refused_when_anchored(audited, tmp_path, capsys):
    anchors = tmp_path / "anchors.jsonl"
    assert amanat(["audit", "anchor", "--out", str(anchors)]) == 0
    delete_everything()
    assert audit_verify().ok and audit_verify().checked == 0  # "verified 0 entries"
    capsys.readouterr()
    assert amanat(["audit", "verify", "--anchor-file", str(anchors)]) == 1
    assert (
        f"the chain ends at entry #0 but its anchor records entry #{len(audited)}"
        in capsys.readouterr().out
    )
    assert amanat(["audit", "verify", "--expect-seq", "1"]) == 1


def test_an_empty_log_with_checkpoint_rows_left_is_refused(audited):
    checkpoint_write(publish=False)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_auditevent")
        cursor.execute("DELETE FROM privacy_auditchainhead")
    result = audit_verify()
    assert (result.ok, result.checked) == (False, 0)


def _forge_chain(length: int, key: bytes) -> list[AuditEvent]:
    """A self-consistent chain, head included, made with a key that is not the installation's."""
    AuditEvent.objects.all().delete()
    previous, events = "0" * 64, []
    for seq in range(1, length + 1):
        event = AuditEvent(
            seq=seq, at=timezone.now(), action="case.view", object_type="case",
            object_id=str(seq), prev_hash=previous,
        )  # fmt: skip
        event.entry_hash = hmac.new(key, _canonical(event), hashlib.sha256).hexdigest()
        event.save(force_insert=True)
        previous = event.entry_hash
        events.append(event)
    AuditChainHead.objects.update_or_create(
        id=1, defaults={"last_seq": length, "last_hash": previous}
    )
    return events


def _forged_anchor(seq: int, entry_hash: str) -> Anchor:
    unsigned = Anchor(seq, entry_hash, "2026-01-01T00:00:00.000000+00:00", "")
    signature = Ed25519PrivateKey.generate().sign(unsigned.message())
    return Anchor(seq, entry_hash, unsigned.at, base64.b64encode(signature).decode())


def test_a_forged_chain_is_refused_and_so_are_its_forged_checkpoints(audited):
    forged = _forge_chain(len(audited) + 2, os.urandom(32))
    result = audit_verify()
    assert (result.ok, result.first_broken_seq, result.reason) == (False, 1, "entry #1 was altered")

    fake = _forged_anchor(len(forged), forged[-1].entry_hash)
    AuditCheckpoint.objects.create(
        seq=fake.seq,
        entry_hash=fake.entry_hash,
        at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        signature=fake.signature,
    )
    result = audit_verify()
    assert (result.ok, result.checked, result.reason) == (
        False,
        0,
        f"the checkpoint of entry #{len(forged)} has an invalid signature "
        "(it was not made with this installation's audit key)",
    )


def test_a_forged_anchor_line_is_refused(audited, tmp_path, capsys):
    anchors = tmp_path / "anchors.jsonl"
    anchors.write_text(_forged_anchor(1, audited[0].entry_hash).as_line() + "\n")
    assert amanat(["audit", "verify", "--anchor-file", str(anchors)]) == 1
    assert "the anchor of entry #1 has an invalid signature" in capsys.readouterr().out


def test_checkpoints_are_written_every_n_entries_and_published_after_commit(
    db, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.AMANAT_AUDIT_CHECKPOINT_EVERY = 3
    settings.AMANAT_AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.jsonl")
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(7):
            audit_record(action="case.view", object_type="case", object_id=number)
    rows = list(AuditCheckpoint.objects.order_by("seq"))
    assert [row.seq for row in rows] == [3, 6]
    assert all(anchor_of(row).signature_valid() for row in rows)
    lines = [json.loads(x) for x in (tmp_path / "anchors.jsonl").read_text().splitlines()]
    assert [(x["seq"], x["entry_hash"]) for x in lines] == [(r.seq, r.entry_hash) for r in rows]
    assert audit_verify().anchors_checked == 2
    assert not list(tmp_path.glob("*.tmp"))


def test_a_rolled_back_entry_is_never_anchored(tmp_path, settings, db):
    settings.AMANAT_AUDIT_CHECKPOINT_EVERY = 1
    settings.AMANAT_AUDIT_ANCHOR_FILE = str(tmp_path / "anchors.jsonl")

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        audit_record(action="case.view", object_type="case", object_id=1)
        raise Boom
    assert AuditCheckpoint.objects.count() == 0
    assert not (tmp_path / "anchors.jsonl").exists()


def test_anchor_and_verify_refuse_bad_input_and_change_nothing(audited, settings, tmp_path, capsys):
    inside = settings.DATA_DIR / "anchors.jsonl"
    assert amanat(["audit", "anchor", "--out", str(inside)]) == 2
    assert "inside the data folder" in capsys.readouterr().err
    assert not inside.exists()
    assert AuditCheckpoint.objects.count() == 0
    assert amanat(["audit", "anchor"]) == 2
    assert "--out" in capsys.readouterr().err
    assert amanat(["audit", "verify", "--expect-head", "xyz"]) == 2
    assert "--expect-head" in capsys.readouterr().err
    assert amanat(["audit", "verify", "--expect-seq", "0"]) == 2
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"seq": 1}\n')
    assert amanat(["audit", "verify", "--anchor-file", str(bad)]) == 2
    assert "line 1: not an audit anchor" in capsys.readouterr().err
    assert amanat(["audit", "verify", "--anchor-file", str(tmp_path / "none")]) == 2
