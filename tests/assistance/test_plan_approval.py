"""Support plans under supervision (issue 16, ADR 1620): an agreed plan is a draft with a
pending request until a supervisor approves it; returned, it stays a draft."""

from __future__ import annotations

import pytest

from amanat.assistance import services
from amanat.assistance.models import SupportPlan
from amanat.cases.approvals import services as approvals
from amanat.cases.approvals.models import ApprovalRequest
from amanat.errors import Conflict
from tests.assistance.helpers import consented_case
from tests.fixtures import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor(org):
    return make_user(org=org, roles=["case_manager", "supervisor"], username="boss")


@pytest.fixture
def case(case_manager):
    return consented_case(case_manager)


@pytest.fixture
def required(org):
    admin = make_user(org=org, roles=["administrator"], username="orgadmin")
    approvals.approval_settings_set(user=admin, kinds=["support_plan"])


def _plan(user, case, **kwargs):
    return services.support_plan_create(
        user=user, case_id=case.pk, plan_type="SocialCare", objectives="Safe place", **kwargs
    )


def test_without_the_setting_an_agreed_plan_is_active(case_manager, case):
    assert _plan(case_manager, case, agreed_with_person=True).status == "active"
    assert not ApprovalRequest.objects.exists()


def test_agreed_plan_waits_for_approval_then_becomes_active(
    required, case_manager, supervisor, case
):
    plan = _plan(case_manager, case, agreed_with_person=True)
    assert plan.status == "draft"
    request = ApprovalRequest.objects.get(case=case)
    assert request.kind == "support_plan" and request.payload == {"plan_id": plan.pk}
    assert "not in force" in plan.outcome_message
    approvals.approval_approve(user=supervisor, request_id=request.pk)
    assert SupportPlan.objects.get(pk=plan.pk).status == "active"


def test_agreeing_a_draft_later_also_waits(required, case_manager, supervisor, case):
    plan = _plan(case_manager, case)
    assert not ApprovalRequest.objects.exists()  # a draft not agreed needs nothing yet
    services.support_plan_update(
        user=case_manager, case_id=case.pk, plan_id=plan.pk, changes={"agreed_with_person": True}
    )
    assert SupportPlan.objects.get(pk=plan.pk).status == "draft"
    request = ApprovalRequest.objects.get(case=case)
    approvals.approval_return(user=supervisor, request_id=request.pk, comment="Add a date.")
    assert SupportPlan.objects.get(pk=plan.pk).status == "draft"


def test_approval_refused_when_the_plan_was_cancelled_meanwhile(
    required, case_manager, supervisor, case
):
    plan = _plan(case_manager, case, agreed_with_person=True)
    services.support_plan_end(
        user=case_manager, case_id=case.pk, plan_id=plan.pk, outcome="cancelled"
    )
    request = ApprovalRequest.objects.get(case=case)
    with pytest.raises(Conflict):
        approvals.approval_approve(user=supervisor, request_id=request.pk)
    assert SupportPlan.objects.get(pk=plan.pk).status == "cancelled"
    assert ApprovalRequest.objects.get(pk=request.pk).state == "pending"
