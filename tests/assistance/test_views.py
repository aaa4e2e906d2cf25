"""Pages: the owner reaches every page and form; another organisation gets 404; forms call the
services and show their errors on the right field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from amanat.assistance.models import (
    FollowUpVisit,
    NeedsAssessment,
    PlanAction,
    ReintegrationAssessment,
    ServiceDelivery,
    SupportPlan,
)
from amanat.cases.models import Case
from amanat.privacy.models import AuditEvent
from tests.assistance.helpers import MIXED, consented_case, plan_with_action
from tests.fixtures import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def world(case_manager, other_case_manager):
    case = consented_case(case_manager)
    plan, action = plan_with_action(case_manager, case)
    return {
        "case": case,
        "plan": plan,
        "action": action,
        "owner": login(case_manager),
        "other": login(other_case_manager),
    }


def page_urls(case, plan, action):
    c = case.pk
    return [
        f"/assistance/cases/{c}/",
        f"/assistance/cases/{c}/trajectory.svg",
        f"/assistance/cases/{c}/assessment/",
        f"/assistance/cases/{c}/assessment/?group=child",
        f"/assistance/cases/{c}/plan/",
        f"/assistance/cases/{c}/plan/{plan.pk}/edit/",
        f"/assistance/cases/{c}/plan/{plan.pk}/action/",
        f"/assistance/cases/{c}/service/",
        f"/assistance/cases/{c}/followup/",
        f"/assistance/cases/{c}/visit/",
        f"/assistance/cases/{c}/close/",
        f"/assistance/cases/{c}/transfer/",
        f"/assistance/cases/{c}/reopen/",
        f"/assistance/cases/{c}/assessment/{NeedsAssessment.objects.get(case=case).pk}/",
    ]


def test_owner_reaches_every_page_and_the_other_organisation_gets_404(world):
    for url in page_urls(world["case"], world["plan"], world["action"]):
        assert world["owner"].get(url).status_code == 200, url
        assert world["other"].get(url).status_code == 404, url
        assert (
            world["owner"].get(url.replace(f"/{world['case'].pk}/", "/999999/")).status_code == 404
        ), url


def test_case_page_shows_the_assistance_section_to_the_owner(world):
    response = world["owner"].get(f"/cases/{world['case'].pk}/")
    assert response.status_code == 200
    assert b'data-testid="assistance-section"' in response.content
    assert b"0 of 1 actions done" in response.content


def test_record_a_visit_with_answers_through_the_form(world, case_manager):
    case = world["case"]
    client = world["owner"]
    response = client.post(
        f"/assistance/cases/{case.pk}/followup/",
        {
            "anchor_kind": "return",
            "anchor_date": "2025-01-15",
            "visit_months": "3, 6, 12",
            "remind_days_before": "14",
            "grace_days": "14",
        },
    )
    assert response.status_code == 302
    assert list(FollowUpVisit.objects.filter(case=case).values_list("number", "due_date")) == [
        (1, dt.date(2025, 4, 15)),
        (2, dt.date(2025, 7, 15)),
        (3, dt.date(2026, 1, 15)),
    ]
    data = {"number": "1", "visited_on": "2025-04-20", "mode": "phone", "notes": "Doing better"}
    data.update({f"rss_{code}": value for code, value in MIXED.items()})
    response = client.post(f"/assistance/cases/{case.pk}/visit/", data)
    assert response.status_code == 302
    record = ReintegrationAssessment.objects.get(case=case)
    assert (record.economic, record.social, record.psychosocial, record.composite) == (
        0.45,
        0.5,
        0.5,
        0.4833,
    )
    page = client.get(f"/assistance/cases/{case.pk}/")
    assert b'data-points="1"' in page.content
    assert b"0.48" in page.content


def test_form_errors_are_shown_on_the_field_and_nothing_is_saved(world):
    case = world["case"]
    response = world["owner"].post(
        f"/assistance/cases/{case.pk}/service/",
        {"service_type": "shelter", "delivered_on": "2999-01-01"},
    )
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.content.decode()
    assert ServiceDelivery.objects.count() == 0


def test_action_progress_and_plan_end_through_the_page(world):
    case, action, plan = world["case"], world["action"], world["plan"]
    client = world["owner"]
    response = client.post(
        f"/assistance/cases/{case.pk}/action/{action.pk}/",
        {
            f"a{action.pk}-status": "in_progress",
            f"a{action.pk}-progress": "40",
            f"a{action.pk}-note": "First week done",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress, action.progress_note) == (
        "in_progress",
        40,
        "First week done",
    )
    response = client.post(
        f"/assistance/cases/{case.pk}/plan/{plan.pk}/end/",
        {"outcome": "completed", "actual_end_date": "2026-01-05"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.actual_end_date) == ("completed", dt.date(2026, 1, 5))
    assert not SupportPlan.objects.filter(case=case, status__in=["draft", "active"]).exists()
    assert PlanAction.objects.filter(plan=plan).count() == 1


def test_close_and_reopen_through_the_pages(world):
    case, plan = world["case"], world["plan"]
    client = world["owner"]
    response = client.post(f"/assistance/cases/{case.pk}/close/", {"reason": "lost_contact"})
    assert response.status_code == 200
    assert "End the open support plan" in response.content.decode()
    client.post(f"/assistance/cases/{case.pk}/plan/{plan.pk}/end/", {"outcome": "cancelled"})
    response = client.post(
        f"/assistance/cases/{case.pk}/close/",
        {"reason": "lost_contact", "note": "Phone switched off"},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == "Closed"
    response = client.post(f"/assistance/cases/{case.pk}/reopen/", {"note": "Called back"})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == "Active"


def test_reminders_and_statistics_pages(world, org):
    assert world["owner"].get("/assistance/reminders/").status_code == 200
    assert world["owner"].get("/assistance/reminders/?mine=1").status_code == 200
    assert world["owner"].get("/assistance/statistics/").status_code == 404
    coordinator = make_user(org=org, roles=["nrm_coordinator"])
    response = login(coordinator).get("/assistance/statistics/?from=2020-01-01&to=bad")
    assert response.status_code == 200
    researcher = make_user(org=org, roles=["researcher"])
    assert login(researcher).get("/assistance/reminders/").status_code == 404


def test_pages_read_of_personal_data_is_audited(world):
    before = AuditEvent.objects.count()
    world["owner"].get(f"/assistance/cases/{world['case'].pk}/")
    actions = list(AuditEvent.objects.filter(seq__gt=before).values_list("action", flat=True))
    assert actions == ["assistance.view"]


def _queries(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def test_no_query_per_row_on_the_hot_reads(world, case_manager):
    from amanat.assistance import selectors, services

    case = world["case"]
    small = _queries(lambda: selectors.case_assistance(case_manager, case.pk))
    need = world["action"].need
    for index in range(4):
        services.plan_action_add(
            user=case_manager,
            case_id=case.pk,
            plan_id=world["plan"].pk,
            description=f"Action {index}",
            need_id=need.pk,
            responsible_organisation_id=case_manager.organisation_id,
        )
        services.service_delivery_record(
            user=case_manager, case_id=case.pk, service_type="shelter", delivered_on="2026-01-01"
        )
    services.followup_schedule_set(
        user=case_manager, case_id=case.pk, anchor_kind="return", anchor_date="2024-01-31"
    )
    services.followup_visit_record(
        user=case_manager,
        case_id=case.pk,
        number=1,
        visited_on="2024-05-01",
        mode="phone",
        answers=MIXED,
    )
    assert _queries(lambda: selectors.case_assistance(case_manager, case.pk)) == small
    few = _queries(lambda: selectors.followup_reminders(today=dt.date(2026, 3, 1)))
    for _ in range(3):
        other = consented_case(case_manager)
        services.followup_schedule_set(
            user=case_manager, case_id=other.pk, anchor_kind="return", anchor_date="2024-01-31"
        )
    assert _queries(lambda: selectors.followup_reminders(today=dt.date(2026, 3, 1))) == few
