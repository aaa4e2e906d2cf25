"""Apps above cases refuse a closure through `register_closure_guard` (ADR 0013)."""

from __future__ import annotations

import pytest

from amanat.assistance.closure import open_plan_refuses_closure
from amanat.cases import closure_guards
from amanat.cases.lifecycle import case_close
from amanat.cases.models import Case, CaseEvent, CaseStatusChange
from amanat.errors import Conflict
from amanat.privacy.models import AuditEvent


@pytest.fixture
def refusing_guard(monkeypatch):
    seen = []

    def guard(case):
        seen.append(case.pk)
        raise Conflict("Not yet.", field="thing", code="not_yet")

    monkeypatch.setattr(closure_guards, "_guards", [*closure_guards._guards, guard])
    return seen


def test_assistance_registers_the_open_plan_guard():
    assert open_plan_refuses_closure in closure_guards._guards


def test_a_refusing_guard_stops_the_closure_and_nothing_is_written(
    case, case_manager, refusing_guard
):
    audits = AuditEvent.objects.count()
    with pytest.raises(Conflict) as error:
        case_close(user=case_manager, case_id=case.pk, reason="duplicate")
    assert (error.value.field, error.value.code) == ("thing", "not_yet")
    assert refusing_guard == [case.pk]
    assert Case.objects.get(pk=case.pk).status == "Active"
    assert CaseStatusChange.objects.count() == 0
    assert AuditEvent.objects.count() == audits
    assert not CaseEvent.objects.filter(kind="case.closed").exists()


def test_without_objection_the_case_closes(case, case_manager):
    closed = case_close(user=case_manager, case_id=case.pk, reason="referred_elsewhere")
    assert closed.status == "ClosedReferred"
    assert CaseStatusChange.objects.get().reason == "referred_elsewhere"


def test_register_closure_guard_registers_once(monkeypatch):
    monkeypatch.setattr(closure_guards, "_guards", [])

    def guard(case):
        return None

    closure_guards.register_closure_guard(guard)
    closure_guards.register_closure_guard(guard)
    assert closure_guards._guards == [guard]
