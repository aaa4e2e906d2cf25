"""`case_edit`: the person and the case change together or not at all (issue 11, item 3)."""

from __future__ import annotations

import json

import pytest

from amanat.cases.models import Case, CaseEvent
from amanat.cases.services import case_edit
from amanat.errors import NotFound, ValidationError
from amanat.privacy.models import AuditEvent
from tests.fixtures import api_client


def test_case_edit_saves_person_and_case_with_audit_and_events(case, case_manager):
    case_edit(
        user=case_manager,
        case_id=case.pk,
        person={"first_name": "Алия", "gender": "Masculine"},
        case={"narrative": "Новые сведения"},
    )
    case.refresh_from_db()
    case.person.refresh_from_db()
    assert (case.person.first_name, case.narrative) == ("Алия", "Новые сведения")
    assert AuditEvent.objects.get(action="person.update").fields == ["first_name"]
    assert AuditEvent.objects.get(action="case.update").fields == ["narrative"]
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["case.opened", "person.updated", "case.updated"]


def test_case_edit_refused_case_change_leaves_the_person_unchanged(case, case_manager):
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        case_edit(
            user=case_manager,
            case_id=case.pk,
            person={"first_name": "Алия"},
            case={"exploitation_types": ["Smuggling"]},
        )
    assert error.value.field == "exploitation_types"
    case.person.refresh_from_db()
    assert case.person.first_name == "Тест"
    assert AuditEvent.objects.count() == audits
    assert list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True)) == [
        "case.opened"
    ]


def test_case_edit_failure_while_saving_the_case_rolls_back_the_person(
    case, case_manager, monkeypatch
):
    """Past validation too: an error while the case is saved undoes the person's save."""

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Case, "save", broken_save)
    with pytest.raises(RuntimeError):
        case_edit(
            user=case_manager,
            case_id=case.pk,
            person={"first_name": "Алия"},
            case={"narrative": "x"},
        )
    monkeypatch.undo()
    case.person.refresh_from_db()
    assert case.person.first_name == "Тест"
    assert not AuditEvent.objects.filter(action="person.update").exists()


def test_case_edit_of_another_organisations_case_is_not_found(case, other_case_manager):
    with pytest.raises(NotFound):
        case_edit(user=other_case_manager, case_id=case.pk, person={"first_name": "X"}, case={})
    case.person.refresh_from_db()
    assert case.person.first_name == "Тест"


def test_patch_refused_case_change_leaves_the_person_unchanged(case, case_manager):
    """PATCH /api/cases/{id} used to save the person, then fail on the case (two transactions)."""
    response = api_client(case_manager).patch(
        f"/api/cases/{case.pk}",
        data=json.dumps(
            {"person": {"first_name": "Алия"}, "case": {"exploitation_types": ["Smuggling"]}}
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["field"] == "exploitation_types"
    case.person.refresh_from_db()
    assert case.person.first_name == "Тест"
    assert not AuditEvent.objects.filter(action="person.update").exists()
    assert not CaseEvent.objects.filter(case=case, kind="person.updated").exists()
