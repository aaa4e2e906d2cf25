"""The case status history moved from assistance to cases without moving a row (ADR 0013)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from amanat.cases.models import CaseStatusChange, LifecycleKind
from tests.fixtures import make_case, make_org, make_user

BEFORE_MOVE = [("cases", "0002_person_org_updated"), ("assistance", "0001_initial")]


def _latest(executor: MigrationExecutor) -> list[tuple[str, str]]:
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_every_row_both_ways():
    org = make_org(name="Home NGO", country="KZ", region="KZ-75")
    user = make_user(org=org, roles=["case_manager"], username="cm")
    case = make_case(user=user)
    row = CaseStatusChange.objects.create(
        case=case,
        kind=LifecycleKind.CLOSED,
        from_status="Active",
        to_status="Closed",
        reason="duplicate",
        note="Дубликат",
        actor=user,
        at=timezone.now(),
    )
    executor = MigrationExecutor(connection)
    latest = _latest(executor)
    try:
        executor.migrate(BEFORE_MOVE)
        old_apps = executor.loader.project_state(BEFORE_MOVE).apps
        old_model = old_apps.get_model("assistance", "CaseStatusChange")
        assert list(old_model.objects.values_list("pk", "reason")) == [(row.pk, "duplicate")]
        with pytest.raises(LookupError):
            old_apps.get_model("cases", "CaseStatusChange")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    new_apps = executor.loader.project_state(latest).apps
    with pytest.raises(LookupError):
        new_apps.get_model("assistance", "CaseStatusChange")
    assert CaseStatusChange._meta.db_table == "assistance_casestatuschange"
    moved = CaseStatusChange.objects.get()
    assert (moved.pk, moved.reason, moved.note) == (row.pk, "duplicate", "Дубликат")


@pytest.mark.django_db
def test_models_and_migrations_agree():
    """`makemigrations --check` finds nothing to write (SystemExit(1) if it would)."""
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
