"""Support plans (HTCDS spl_*): made with the person, one open at a time, actions linked to a
need, a responsible organisation and a referral, progress per action and per plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from amanat.assistance import services
from amanat.assistance.models import PlanAction, SupportPlan
from amanat.assistance.progress import plan_progress
from amanat.cases.models import CaseEvent
from amanat.errors import Conflict, NotFound, ValidationError
from amanat.privacy.models import AuditEvent
from amanat.referrals.models import Need
from tests.assistance.helpers import accepted_referral, assess, consented_case, plan_with_action
from tests.fixtures import make_org, make_user

pytestmark = pytest.mark.django_db


def new_plan(user, case, **kwargs):
    data = {"plan_type": "LabourExploitationRehabilitation", "objectives": "Найти работу дома"}
    data.update(kwargs)
    return services.support_plan_create(user=user, case_id=case.pk, **data)


def test_plan_is_a_draft_until_agreed_with_the_person(case_manager):
    case = consented_case(case_manager)
    plan = new_plan(case_manager, case, planned_end_date="2026-12-31")
    assert (plan.status, plan.agreed_with_person, plan.agreed_on) == ("draft", False, None)
    assert plan.planned_end_date == dt.date(2026, 12, 31)
    plan = services.support_plan_update(
        user=case_manager,
        case_id=case.pk,
        plan_id=plan.pk,
        changes={"agreed_with_person": True, "agreed_on": "2026-01-20"},
    )
    assert (plan.status, plan.agreed_on) == ("active", dt.date(2026, 1, 20))
    kinds = list(
        CaseEvent.objects.filter(case=case, kind__startswith="assistance.plan").values_list(
            "kind", "data"
        )
    )
    assert kinds == [
        (
            "assistance.plan_created",
            {
                "plan_id": plan.pk,
                "status": "draft",
                "plan_type": "LabourExploitationRehabilitation",
            },
        ),
        (
            "assistance.plan_agreed",
            {"plan_id": plan.pk, "fields": ["agreed_with_person", "agreed_on"]},
        ),
    ]
    with pytest.raises(Conflict):
        services.support_plan_update(
            user=case_manager,
            case_id=case.pk,
            plan_id=plan.pk,
            changes={"agreed_with_person": False},
        )


def test_one_open_plan_per_case_and_ended_plans_are_history(case_manager):
    case = consented_case(case_manager)
    first = new_plan(case_manager, case, agreed_with_person=True)
    with pytest.raises(Conflict) as error:
        new_plan(case_manager, case)
    assert error.value.code == "open_plan"
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportPlan.objects.create(
            case=case,
            plan_type="Health",
            objectives="x",
            organisation=case_manager.organisation,
            created_by=case_manager,
        )
    other = consented_case(case_manager)
    draft = new_plan(case_manager, other)
    with pytest.raises(Conflict):  # a draft cannot be "completed"
        services.support_plan_end(
            user=case_manager, case_id=other.pk, plan_id=draft.pk, outcome="completed"
        )
    ended = services.support_plan_end(
        user=case_manager,
        case_id=case.pk,
        plan_id=first.pk,
        outcome="completed",
        actual_end_date="2026-02-01",
    )
    assert (ended.status, ended.actual_end_date) == ("completed", dt.date(2026, 2, 1))
    with pytest.raises(Conflict):
        services.support_plan_end(
            user=case_manager, case_id=case.pk, plan_id=first.pk, outcome="cancelled"
        )
    with pytest.raises(Conflict):
        services.support_plan_update(
            user=case_manager, case_id=case.pk, plan_id=first.pk, changes={"objectives": "new"}
        )
    second = new_plan(case_manager, case)
    assert SupportPlan.objects.filter(case=case).count() == 2
    assert second.status == "draft"


def test_plan_input_is_checked_field_by_field(case_manager):
    case = consented_case(case_manager)
    for kwargs, field in [
        ({"plan_type": "Magic"}, "plan_type"),
        ({"objectives": "   "}, "objectives"),
        ({"planned_end_date": "31.12.2026"}, "planned_end_date"),
        ({"agreed_on": "2026-01-01"}, "agreed_on"),
        ({"assessment_id": 999}, "assessment"),
    ]:
        with pytest.raises(ValidationError) as error:
            new_plan(case_manager, case, **kwargs)
        assert error.value.field == field
    plan = new_plan(case_manager, case)
    with pytest.raises(ValidationError) as error:
        services.support_plan_update(
            user=case_manager, case_id=case.pk, plan_id=plan.pk, changes={"status": "completed"}
        )
    assert error.value.field == "status"
    assert SupportPlan.objects.count() == 1


def test_objectives_and_action_descriptions_are_encrypted(case_manager):
    case = consented_case(case_manager)
    plan, action = plan_with_action(case_manager, case)
    with connection.cursor() as cursor:
        cursor.execute("SELECT objectives FROM assistance_supportplan WHERE id = %s", [plan.pk])
        assert "Safe place" not in cursor.fetchone()[0]
        cursor.execute("SELECT description FROM assistance_planaction WHERE id = %s", [action.pk])
        assert "shelter" not in cursor.fetchone()[0]
    dumped = str(list(AuditEvent.objects.values_list("fields", "extra")))
    assert "Safe place" not in dumped and "Room in the shelter" not in dumped


def test_action_links_need_responsible_organisation_and_referral(case_manager, org):
    case = consented_case(case_manager)
    clinic = make_org(name="City clinic", country="KZ", org_type="HealthServiceOrganisation")
    doctor = make_user(org=clinic, roles=["service_provider"])
    assessment = assess(case_manager, case)
    plan = new_plan(case_manager, case, agreed_with_person=True)
    medical = assessment.needs.get(service_type="medical_care")
    referral = accepted_referral(case_manager, case, clinic, doctor)
    action = services.plan_action_add(
        user=case_manager,
        case_id=case.pk,
        plan_id=plan.pk,
        description="Check-up",
        responsible_organisation_id=clinic.pk,
        need_id=medical.need_id,
        referral_id=referral.pk,
        planned_end_date="2026-06-30",
    )
    assert (action.need_id, action.identified_need_id, action.referral_id) == (
        medical.need_id,
        medical.pk,
        referral.pk,
    )
    assert (action.service_type, action.spl_type, action.status, action.progress) == (
        "medical_care",
        "Health",
        "planned",
        0,
    )
    event = CaseEvent.objects.filter(case=case, kind="assistance.action_added").get()
    assert event.data == {
        "plan_id": plan.pk,
        "action_id": action.pk,
        "service_type": "medical_care",
        "need_id": medical.need_id,
        "referral_id": referral.pk,
        "responsible_organisation_id": clinic.pk,
    }
    other_case = consented_case(case_manager)
    other_need = assess(case_manager, other_case).needs.first().need
    bad = [
        ({"need_id": None}, "need"),
        ({"need_id": other_need.pk}, "need"),
        ({"responsible_organisation_id": 999999}, "responsible_organisation"),
        ({"referral_id": referral.pk, "responsible_organisation_id": org.pk}, "referral"),
        ({"service_type": "teleportation"}, "service_type"),
        ({"spl_type": "Magic"}, "spl_type"),
    ]
    for change, field in bad:
        kwargs = {
            "description": "x",
            "responsible_organisation_id": org.pk,
            "need_id": medical.need_id,
            **change,
        }
        with pytest.raises(ValidationError) as error:
            services.plan_action_add(user=case_manager, case_id=case.pk, plan_id=plan.pk, **kwargs)
        assert error.value.field == field, change
    assert PlanAction.objects.count() == 1


def test_progress_per_action_and_for_the_plan(case_manager):
    case = consented_case(case_manager)
    plan, first = plan_with_action(case_manager, case)
    need = Need.objects.get(case=case, service_type="job_placement")
    second = services.plan_action_add(
        user=case_manager,
        case_id=case.pk,
        plan_id=plan.pk,
        description="Job fair",
        responsible_organisation_id=case_manager.organisation_id,
        need_id=need.pk,
    )
    update = services.plan_action_update
    first = update(user=case_manager, case_id=case.pk, action_id=first.pk, progress=50)
    assert (first.status, first.progress) == ("in_progress", 50)
    first = update(user=case_manager, case_id=case.pk, action_id=first.pk, progress=100)
    assert (first.status, first.progress) == ("done", 100)
    assert first.actual_end_date == dt.date.today()
    second = update(user=case_manager, case_id=case.pk, action_id=second.pk, status="done")
    assert second.progress == 100
    for kwargs, field in [
        ({"progress": 101}, "progress"),
        ({"progress": "half"}, "progress"),
        ({"status": "done", "progress": 50}, "progress"),
        ({"status": "in_progress", "progress": 100}, "status"),
        ({"status": "paused"}, "status"),
    ]:
        with pytest.raises(ValidationError) as error:
            update(user=case_manager, case_id=case.pk, action_id=first.pk, **kwargs)
        assert error.value.field == field, kwargs
    cancelled = update(user=case_manager, case_id=case.pk, action_id=second.pk, status="cancelled")
    assert cancelled.status == "cancelled"
    assert (
        plan_progress(PlanAction.objects.filter(plan=plan).values_list("status", "progress")) == 100
    )
    with pytest.raises(NotFound):
        update(user=case_manager, case_id=case.pk, action_id=999999, progress=10)


def test_plan_progress_rule():
    assert plan_progress([]) is None
    assert plan_progress([("cancelled", 40)]) is None
    assert plan_progress([("planned", 0), ("in_progress", 50), ("done", 30)]) == 50
    assert plan_progress([("in_progress", 33), ("planned", 0), ("cancelled", 90)]) == 16


def test_a_done_action_meets_its_need_when_no_other_action_is_open(case_manager):
    case = consented_case(case_manager)
    plan, first = plan_with_action(case_manager, case)
    need = first.need
    second = services.plan_action_add(
        user=case_manager,
        case_id=case.pk,
        plan_id=plan.pk,
        description="Second room",
        responsible_organisation_id=case_manager.organisation_id,
        need_id=need.pk,
    )
    services.plan_action_update(
        user=case_manager, case_id=case.pk, action_id=first.pk, status="done"
    )
    assert Need.objects.get(pk=need.pk).status == "open"
    services.plan_action_update(
        user=case_manager, case_id=case.pk, action_id=second.pk, status="done"
    )
    assert Need.objects.get(pk=need.pk).status == "met"


def test_plans_are_the_holders_only(case_manager, other_case_manager):
    case = consented_case(case_manager)
    plan, action = plan_with_action(case_manager, case)
    for call in (
        lambda: new_plan(other_case_manager, case),
        lambda: services.support_plan_update(
            user=other_case_manager, case_id=case.pk, plan_id=plan.pk, changes={"objectives": "x"}
        ),
        lambda: services.plan_action_update(
            user=other_case_manager, case_id=case.pk, action_id=action.pk, progress=10
        ),
        lambda: services.support_plan_end(
            user=other_case_manager, case_id=case.pk, plan_id=plan.pk, outcome="cancelled"
        ),
    ):
        with pytest.raises(NotFound):
            call()
    # A plan of another case is not reachable through this case.
    other = consented_case(case_manager)
    with pytest.raises(NotFound):
        services.support_plan_update(
            user=case_manager, case_id=other.pk, plan_id=plan.pk, changes={"objectives": "x"}
        )
    assert SupportPlan.objects.get(pk=plan.pk).objectives == "Safe place to live"
