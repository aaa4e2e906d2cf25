"""Case closure with a reason (HTCDS cas_Status, cas_ReasonForCaseClosure), reopening, and the
transfer of ownership to another organisation with an audited handover."""

from __future__ import annotations

import pytest
from django.db import connection

from amanat.assistance import services
from amanat.assistance.selectors import case_assistance
from amanat.cases.access import case_get_for_user
from amanat.cases.lifecycle import case_close, case_reopen, case_transfer
from amanat.cases.models import Case, CaseEvent, CaseStatusChange, Person
from amanat.cases.selectors import case_search
from amanat.errors import Conflict, NotFound, ValidationError
from amanat.privacy.models import AuditEvent
from tests.assistance.helpers import consent, consented_case, plan_with_action
from tests.fixtures import make_case, make_org, make_user

pytestmark = pytest.mark.django_db


def test_close_with_a_reason_sets_the_htcds_status(case_manager):
    case = consented_case(case_manager)
    closed = case_close(
        user=case_manager,
        case_id=case.pk,
        reason="assistance_completed",
        note="Работает, живёт с семьёй",
    )
    assert (closed.status, closed.closure_reason) == ("Closed", "Работает, живёт с семьёй")
    assert closed.closed_at is not None
    referred = consented_case(case_manager)
    assert (
        case_close(user=case_manager, case_id=referred.pk, reason="referred_elsewhere").status
        == "ClosedReferred"
    )
    change = CaseStatusChange.objects.get(case=case)
    assert (change.kind, change.from_status, change.to_status, change.reason) == (
        "closed",
        "Active",
        "Closed",
        "assistance_completed",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT closure_reason FROM cases_case WHERE id = %s", [case.pk])
        assert "семьёй" not in cursor.fetchone()[0]
        cursor.execute("SELECT note FROM assistance_casestatuschange WHERE id = %s", [change.pk])
        assert "семьёй" not in cursor.fetchone()[0]
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.kind, event.data) == (
        "case.closed",
        {"status": "Closed", "previous": "Active", "reason": "assistance_completed"},
    )
    audit = AuditEvent.objects.get(action="case.close", object_id=str(case.pk))
    assert audit.fields == ["closed_at", "closure_reason", "status"]
    assert audit.extra == {
        "status": "Closed",
        "reason": "assistance_completed",
        "change_id": change.pk,
    }


def test_closure_rules(case_manager):
    case = consented_case(case_manager)
    with pytest.raises(ValidationError) as error:
        case_close(user=case_manager, case_id=case.pk, reason="bored")
    assert error.value.field == "reason"
    with pytest.raises(ValidationError) as error:
        case_close(user=case_manager, case_id=case.pk, reason="other")
    assert error.value.field == "note"
    with pytest.raises(ValidationError):
        case_close(user=case_manager, case_id=case.pk, reason="lost_contact", note="x" * 2001)
    plan, _action = plan_with_action(case_manager, case)
    with pytest.raises(Conflict) as error:
        case_close(user=case_manager, case_id=case.pk, reason="lost_contact")
    assert error.value.code == "open_plan"
    services.support_plan_end(
        user=case_manager, case_id=case.pk, plan_id=plan.pk, outcome="cancelled"
    )
    case_close(user=case_manager, case_id=case.pk, reason="other", note="Moved to a village")
    with pytest.raises(Conflict):
        case_close(user=case_manager, case_id=case.pk, reason="lost_contact")
    assert CaseStatusChange.objects.filter(case=case).count() == 1


def test_a_closed_case_takes_nothing_new_until_reopened(case_manager):
    case = consented_case(case_manager)
    case_close(user=case_manager, case_id=case.pk, reason="lost_contact", note="No answer")
    with pytest.raises(Conflict):
        services.needs_assessment_record(user=case_manager, case_id=case.pk, answers={})
    with pytest.raises(Conflict):
        services.followup_schedule_set(
            user=case_manager, case_id=case.pk, anchor_kind="exit", anchor_date="2025-01-01"
        )
    with pytest.raises(ValidationError) as error:
        case_reopen(user=case_manager, case_id=case.pk, note="  ")
    assert error.value.field == "note"
    reopened = case_reopen(user=case_manager, case_id=case.pk, note="Came back to the office")
    assert (reopened.status, reopened.closed_at, reopened.closure_reason) == ("Active", None, "")
    with pytest.raises(Conflict):
        case_reopen(user=case_manager, case_id=case.pk, note="again")
    services.needs_assessment_record(user=case_manager, case_id=case.pk, answers={}, stage="review")
    history = list(
        CaseStatusChange.objects.filter(case=case).values_list("kind", "from_status", "to_status")
    )
    assert history == [("closed", "Active", "Closed"), ("reopened", "Closed", "Active")]
    # The closure note stays in the history after reopening.
    assert CaseStatusChange.objects.get(case=case, kind="closed").note == "No answer"


def test_transfer_needs_consent_and_hands_the_case_over(case_manager, org):
    case = consented_case(
        case_manager,
        person={"first_name": "Фаррух", "last_name": "Исмоилов", "gender": "Masculine"},
    )
    plan, _action = plan_with_action(case_manager, case)
    receiving = make_org(name="Khujand Returnee Support", country="TJ")
    receiver = make_user(org=receiving, roles=["case_manager"], username="tj_worker")
    with pytest.raises(Conflict) as error:
        case_transfer(user=case_manager, case_id=case.pk, to_organisation_id=receiving.pk)
    assert (error.value.code, error.value.field) == ("consent_required", "to_organisation")
    consent(case_manager, case, purpose="referral", recipient_organisation_id=receiving.pk)
    for kwargs, field in [
        ({"to_organisation_id": 999999}, "to_organisation"),
        ({"to_organisation_id": org.pk}, "to_organisation"),
        ({"to_organisation_id": "x"}, "to_organisation"),
        (
            {"to_organisation_id": receiving.pk, "to_case_worker_id": case_manager.pk},
            "to_case_worker",
        ),
    ]:
        with pytest.raises(ValidationError) as error:
            case_transfer(user=case_manager, case_id=case.pk, **kwargs)
        assert error.value.field == field
    moved = case_transfer(
        user=case_manager,
        case_id=case.pk,
        to_organisation_id=receiving.pk,
        to_case_worker_id=receiver.pk,
        note="Возвращается в Худжанд 12 мая",
    )
    assert (moved.owner_organisation_id, moved.case_worker_id) == (receiving.pk, receiver.pk)
    assert Person.objects.get(pk=case.person_id).owner_organisation_id == receiving.pk

    # The old holder no longer sees the case; the new one sees it, its plan and the handover.
    with pytest.raises(NotFound):
        case_get_for_user(case_manager, case.pk)
    with pytest.raises(NotFound):
        case_assistance(case_manager, case.pk)
    data = case_assistance(receiver, case.pk)
    assert data.plan.pk == plan.pk
    assert [(h.kind, h.note) for h in data.history] == [
        ("transferred", "Возвращается в Худжанд 12 мая")
    ]
    assert [c.code for c in case_search(receiver, "Исмоилов")] == [case.code]

    change = CaseStatusChange.objects.get(case=case, kind="transferred")
    assert (
        change.from_organisation_id,
        change.to_organisation_id,
        change.from_case_worker_id,
        change.to_case_worker_id,
    ) == (org.pk, receiving.pk, case_manager.pk, receiver.pk)
    audit = AuditEvent.objects.get(action="case.transfer")
    assert audit.fields == ["case_worker", "handover_note", "owner_organisation"]
    assert audit.extra == {
        "from_organisation_id": org.pk,
        "to_organisation_id": receiving.pk,
        "to_case_worker_id": receiver.pk,
        "person_moved": True,
        "change_id": change.pk,
    }
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.kind, event.data) == (
        "case.transferred",
        {"from_organisation_id": org.pk, "to_organisation_id": receiving.pk},
    )


def test_person_stays_when_the_old_holder_keeps_another_case_of_theirs(case_manager):
    case = consented_case(case_manager)
    second = Case.objects.get(pk=make_case(user=case_manager).pk)
    Case.objects.filter(pk=second.pk).update(person=case.person)
    receiving = make_org(name="Receiver", country="KZ")
    consent(case_manager, case, purpose="referral", recipient_organisation_id=receiving.pk)
    case_transfer(user=case_manager, case_id=case.pk, to_organisation_id=receiving.pk)
    assert (
        Person.objects.get(pk=case.person_id).owner_organisation_id == case_manager.organisation_id
    )


def test_lifecycle_is_the_holders_only(case_manager, other_case_manager, org):
    case = consented_case(case_manager)
    for call in (
        lambda: case_close(user=other_case_manager, case_id=case.pk, reason="lost_contact"),
        lambda: case_reopen(user=other_case_manager, case_id=case.pk, note="x"),
        lambda: case_transfer(
            user=other_case_manager,
            case_id=case.pk,
            to_organisation_id=other_case_manager.organisation_id,
        ),
        lambda: case_close(
            user=make_user(org=org, roles=["nrm_coordinator"]),
            case_id=case.pk,
            reason="lost_contact",
        ),
        lambda: case_close(user=case_manager, case_id="not-a-number", reason="lost_contact"),
    ):
        with pytest.raises(NotFound):
            call()
    assert Case.objects.get(pk=case.pk).status == "Active"
    assert CaseStatusChange.objects.count() == 0


def test_nothing_personal_in_audit_or_timeline_across_the_whole_path(case_manager):
    """Run the full path with recognisable personal text, then search every audit and timeline
    row for it."""
    secret = "Сугдская-ул-17"
    case = consented_case(case_manager)
    assessment = services.needs_assessment_record(
        user=case_manager, case_id=case.pk, answers={"shelter": "urgent"}, notes=secret
    )
    plan = services.support_plan_create(
        user=case_manager,
        case_id=case.pk,
        plan_type="SocialCare",
        objectives=secret,
        agreed_with_person=True,
    )
    action = services.plan_action_add(
        user=case_manager,
        case_id=case.pk,
        plan_id=plan.pk,
        description=secret,
        responsible_organisation_id=case_manager.organisation_id,
        need_id=assessment.needs.get().need_id,
    )
    services.plan_action_update(
        user=case_manager, case_id=case.pk, action_id=action.pk, progress=30, note=secret
    )
    services.service_delivery_record(
        user=case_manager,
        case_id=case.pk,
        service_type="shelter",
        delivered_on="2026-01-01",
        description=secret,
        action_id=action.pk,
        cost="77.00",
        currency="KZT",
    )
    services.support_plan_end(
        user=case_manager, case_id=case.pk, plan_id=plan.pk, outcome="completed"
    )
    services.followup_schedule_set(
        user=case_manager, case_id=case.pk, anchor_kind="exit", anchor_date="2025-01-01"
    )
    services.followup_visit_record(
        user=case_manager,
        case_id=case.pk,
        number=1,
        visited_on="2025-04-02",
        mode="phone",
        notes=secret,
        answers={"housing": "adequate_insecure"},
    )
    case_close(user=case_manager, case_id=case.pk, reason="other", note=secret)
    case_reopen(user=case_manager, case_id=case.pk, note=secret)
    audit = str(list(AuditEvent.objects.values_list("fields", "extra", "purpose", "object_id")))
    timeline = str(list(CaseEvent.objects.values_list("kind", "data")))
    for text in (secret, "adequate_insecure", "urgent", "77.00"):
        assert text not in audit, text
        assert text not in timeline, text
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == [
        "case.opened",
        "consent.recorded",
        "need.recorded",
        "assistance.needs_assessed",
        "assistance.plan_created",
        "assistance.action_added",
        "assistance.action_updated",
        "assistance.service_delivered",
        "assistance.plan_completed",
        "assistance.followup_scheduled",
        "case.follow_up",
        "assistance.visit_recorded",
        "assistance.score_recorded",
        "case.closed",
        "case.reopened",
    ]


def test_retention_erases_this_apps_personal_data_and_keeps_the_figures(case_manager):
    from amanat.assistance.models import (
        NeedsAssessment,
        PlanAction,
        ReintegrationAssessment,
        ServiceDelivery,
        SupportPlan,
    )
    from amanat.assistance.services import assistance_personal_data_erase

    case = consented_case(case_manager)
    plan, action = plan_with_action(case_manager, case)
    services.service_delivery_record(
        user=case_manager,
        case_id=case.pk,
        service_type="shelter",
        delivered_on="2026-01-01",
        description="Room 4",
        cost="10",
        currency="KZT",
    )
    record = services.reintegration_assessment_record(
        user=case_manager, case_id=case.pk, answers={"housing": "inadequate"}
    )
    counts = assistance_personal_data_erase(case_id=case.pk)
    assert counts == {
        "NeedsAssessment": 1,
        "SupportPlan": 1,
        "PlanAction": 1,
        "ServiceDelivery": 1,
        "FollowUpVisit": 0,
        "ReintegrationAssessment": 1,
        "CaseStatusChange": 0,
    }
    assert NeedsAssessment.objects.get(case=case).answers == {}
    assert SupportPlan.objects.get(pk=plan.pk).objectives == ""
    assert PlanAction.objects.get(pk=action.pk).description == ""
    service = ServiceDelivery.objects.get(case=case)
    assert (service.description, service.cost, service.service_type) == ("", 10, "shelter")
    kept = ReintegrationAssessment.objects.get(pk=record.pk)
    assert (kept.answers, kept.explanation, kept.social) == ({}, {}, 0.0)
    audit = AuditEvent.objects.filter(action="assistance.retention_erase").get()
    assert audit.extra == {"rows": 5}
