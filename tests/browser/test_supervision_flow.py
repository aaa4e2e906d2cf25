"""Supervision and the worklist through a real browser (issue 16): a case manager asks for a
trafficking-status decision, a supervisor approves it; a second one is returned with a comment;
the case manager's worklist with its filters, sort, "assigned to me" and overdue follow-ups."""

from __future__ import annotations

import datetime as dt

import pytest

from amanat.assistance.models import FollowUpVisit
from amanat.cases.approvals.services import approval_settings_set
from amanat.cases.models import Case
from tests.browser.conftest import login
from tests.fixtures import make_case, make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def second_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


def _setup():
    org = make_org(name="Supervised NGO", country="KZ", region="KZ-75")
    worker = make_user(org=org, roles=["case_manager"], username="worker")
    make_user(org=org, roles=["case_manager", "supervisor"], username="boss")
    admin = make_user(org=org, roles=["administrator"], username="orgadmin")
    approval_settings_set(user=admin, kinds=["status_decision"])
    case = make_case(user=worker, person={"first_name": "Айгуль", "last_name": "Сериккызы"})
    return worker, case


def _request_decision(page, case, status):
    page.goto(f"/cases/{case.pk}/")
    page.select_option("#id_status", status)
    page.select_option("#id_decided_by_org_type", "NGO")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state("networkidle")
    assert "Sent to a supervisor for approval" in page.content()


def test_request_approve_and_return_with_comment(page, second_page):
    _worker, case = _setup()
    login(page, "worker")
    _request_decision(page, case, "ActualVictimOfTrafficking")
    assert Case.objects.get(pk=case.pk).trafficking_status == ""  # not in force yet
    assert "Waiting for approval" in page.locator("#approvals").inner_text()

    login(second_page, "boss")
    assert second_page.url.endswith("/cases/")  # a supervisor lands on the worklist
    panel = second_page.locator('[data-panel="approvals_waiting"]')
    assert panel.locator(".panel-count").inner_text() == "1"
    panel.locator("a").click()
    second_page.get_by_role("link", name="Trafficking-status decision").click()
    second_page.get_by_role("button", name="Approve").click()
    second_page.wait_for_load_state("networkidle")
    assert "Approved: the change is now in force." in second_page.content()
    assert Case.objects.get(pk=case.pk).trafficking_status == "ActualVictimOfTrafficking"

    # A second decision, returned with a comment: the requester reads it on the case.
    _request_decision(page, case, "NotAVictimOfTrafficking")
    second_page.goto("/cases/approvals/")
    second_page.get_by_role("link", name="Trafficking-status decision").click()
    second_page.get_by_role("button", name="Return with comment").click()  # no comment yet
    second_page.wait_for_load_state("networkidle")
    assert "Say what should change before it is approved." in second_page.content()
    second_page.fill("#id_comment", "Talk to the police first.")
    second_page.get_by_role("button", name="Return with comment").click()
    second_page.wait_for_load_state("networkidle")
    assert "Returned to the requester with your comment." in second_page.content()
    page.goto(f"/cases/{case.pk}/")
    approvals = page.locator("#approvals").inner_text()
    assert "Talk to the police first." in approvals and "Returned with a comment" in approvals
    assert Case.objects.get(pk=case.pk).trafficking_status == "ActualVictimOfTrafficking"
    timeline = page.locator("[data-testid=timeline]").inner_text()
    assert "Approved by a supervisor" in timeline
    assert "Returned by a supervisor with a comment" in timeline


def test_the_requester_cannot_approve_their_own_request(page):
    _worker, case = _setup()
    login(page, "boss")
    _request_decision(page, case, "PossibleVictimOfTrafficking")
    page.goto("/cases/approvals/?mine=1")
    page.get_by_role("link", name="Trafficking-status decision").click()
    assert page.get_by_role("button", name="Approve").count() == 0
    assert "Waiting for a supervisor" in page.content()


def test_case_managers_worklist(page):
    worker, mine = _setup()
    org = worker.organisation
    colleague = make_user(org=org, roles=["case_manager"], username="colleague")
    theirs = make_case(user=colleague, person={"first_name": "Бакыт", "last_name": "Усенов"})
    Case.objects.filter(pk=mine.pk).update(case_worker=worker)
    Case.objects.filter(pk=theirs.pk).update(case_worker=colleague)
    today = dt.date.today()
    FollowUpVisit.objects.create(
        case=theirs,
        number=1,
        months_after=1,
        due_date=today - dt.timedelta(days=20),
        remind_from=today - dt.timedelta(days=30),
        overdue_after=today - dt.timedelta(days=3),
    )
    login(page, "worker")
    assert page.url.endswith("/cases/")
    rows = page.locator("#case-rows tr")
    assert rows.count() == 2
    assert "Order: Newest first." in page.content()
    assert rows.nth(0).inner_text().startswith(theirs.code)

    page.select_option("select[name=sort]", "oldest")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state("networkidle")
    assert "Order: Oldest first." in page.content()
    assert page.locator("#case-rows tr").nth(0).inner_text().startswith(mine.code)

    page.select_option("select[name=assigned]", "me")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#case-rows tr").count() == 1
    assert mine.code in page.locator("#case-rows").inner_text()

    overdue = page.locator('[data-panel="overdue_followups"]')
    assert overdue.locator(".panel-count").inner_text() == "1"
    overdue.locator("a").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("input[name=overdue]").is_checked()
    assert page.locator("#case-rows tr").count() == 1
    assert theirs.code in page.locator("#case-rows").inner_text()

    # A flag added on the case shows in the list and filters it.
    page.goto(f"/cases/{mine.pk}/")
    page.fill("#flags input[name=reason]", "Recruiter made threats")
    page.get_by_role("button", name="Add flag").click()
    page.wait_for_load_state("networkidle")
    assert "Recruiter made threats" in page.locator("[data-testid=case-flags]").inner_text()
    page.goto("/cases/?flagged=1")
    assert page.locator("#case-rows tr").count() == 1
    assert "Recruiter made threats" in page.locator("#case-rows").inner_text()
