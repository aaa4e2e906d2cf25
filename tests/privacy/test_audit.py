from __future__ import annotations

import pytest
from django.db import connection

from amanat.cli import main as amanat
from amanat.privacy.audit import audit_verify
from amanat.privacy.models import AuditEvent
from tests.fixtures import make_case


@pytest.fixture
def audited(case_manager):
    make_case(user=case_manager)
    make_case(user=case_manager)
    return list(AuditEvent.objects.order_by("seq"))


def test_an_untouched_log_verifies(audited, capsys):
    result = audit_verify()
    assert result.ok
    assert result.checked == len(audited)
    assert amanat(["audit", "verify"]) == 0
    assert f"{len(audited)} entries" in capsys.readouterr().out


def test_audit_rows_name_fields_never_values(audited):
    create = next(e for e in audited if e.action == "person.create")
    assert create.fields == ["first_name", "gender", "last_name"]
    assert "Тест" not in str(create.extra)


def test_editing_a_row_in_the_database_is_detected_and_named(audited, capsys):
    target = audited[3]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE privacy_auditevent SET action = %s WHERE seq = %s", ["case.view", target.seq]
        )
    result = audit_verify()
    assert not result.ok
    assert result.first_broken_seq == target.seq
    assert amanat(["audit", "verify"]) == 1
    assert f"entry #{target.seq}" in capsys.readouterr().out


def test_deleting_a_row_is_detected_and_named(audited, capsys):
    target = audited[2]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_auditevent WHERE seq = %s", [target.seq])
    result = audit_verify()
    assert not result.ok
    assert result.first_broken_seq == target.seq
    assert "missing" in result.reason
    assert amanat(["audit", "verify"]) == 1
    assert f"#{target.seq}" in capsys.readouterr().out


def test_deleting_the_last_row_is_detected(audited):
    last = audited[-1]
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_auditevent WHERE seq = %s", [last.seq])
    result = audit_verify()
    assert not result.ok
    assert result.first_broken_seq == last.seq


def test_rewriting_a_row_and_its_hash_without_the_key_is_detected(audited):
    target = audited[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE privacy_auditevent SET entry_hash = %s WHERE seq = %s", ["f" * 64, target.seq]
        )
    result = audit_verify()
    assert result.first_broken_seq == target.seq
