"""The worklist and the landing pages (issue 16, finding 10; ADR 1620, 1621)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from amanat.accounts.models import User, UserRole
from amanat.assistance.models import FollowUpVisit
from amanat.cases import flags as flag_services
from amanat.cases.models import Case
from amanat.cases.selectors import case_list_for_user
from amanat.cases.worklist import Worklist, parse_worklist
from amanat.core.landing import landing_for, panels_for
from amanat.errors import ValidationError
from tests.fixtures import PASSWORD, make_case, make_user

pytestmark = pytest.mark.django_db


def _login(user) -> Client:
    client = Client()
    assert (
        client.post(
            "/accounts/login/", {"username": user.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    return client


@pytest.fixture
def cases(org, case_manager):
    """Three cases: A (assigned to the case manager, flagged), B (unassigned, overdue visit),
    C (closed). Created in this order; B has the latest activity."""
    made = []
    for letter in "ABC":
        made.append(
            make_case(user=case_manager, person={"first_name": f"Name{letter}", "last_name": "X"})
        )
    a, b, c = made
    Case.objects.filter(pk=a.pk).update(case_worker=case_manager)
    Case.objects.filter(pk=b.pk).update(case_worker=None)
    Case.objects.filter(pk=c.pk).update(status="Closed", case_worker=None)
    flag_services.case_flag_add(user=case_manager, case_id=a.pk, reason="Threats")
    today = dt.date.today()
    FollowUpVisit.objects.create(
        case=b,
        number=1,
        months_after=1,
        due_date=today - dt.timedelta(days=20),
        remind_from=today - dt.timedelta(days=30),
        overdue_after=today - dt.timedelta(days=5),
    )
    Case.objects.filter(pk=b.pk).update(updated_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
    return a, b, c


def _codes(user, **params) -> list[str]:
    page = case_list_for_user(user, worklist=parse_worklist(params))
    return [case.code for case in page.cases]


def test_filters(cases, case_manager):
    a, b, c = cases
    assert _codes(case_manager, assigned="me") == [a.code]
    assert _codes(case_manager, assigned="none") == [c.code, b.code]
    assert _codes(case_manager, assigned=str(case_manager.pk)) == [a.code]
    assert _codes(case_manager, flagged="1") == [a.code]
    assert _codes(case_manager, overdue="1") == [b.code]
    assert _codes(case_manager, status="Closed") == [c.code]
    assert _codes(case_manager, status="Active", assigned="none") == [b.code]


def test_sorts(cases, case_manager):
    a, b, c = cases
    assert _codes(case_manager) == [c.code, b.code, a.code]
    assert _codes(case_manager, sort="oldest") == [a.code, b.code, c.code]
    assert _codes(case_manager, sort="code") == sorted([a.code, b.code, c.code])
    assert _codes(case_manager, sort="activity")[0] == b.code


def test_every_sort_pages_by_keyset(cases, case_manager):
    for sort in ("newest", "oldest", "code", "activity"):
        worklist = Worklist(sort=sort)
        everything = [c.code for c in case_list_for_user(case_manager, worklist=worklist).cases]
        first = case_list_for_user(case_manager, worklist=worklist, per_page=2)
        second = case_list_for_user(
            case_manager, worklist=worklist, per_page=2, cursor=first.next_cursor
        )
        assert [c.code for c in first.cases + second.cases] == everything
        # A cursor of one sort is refused by another.
        with pytest.raises(ValidationError):
            case_list_for_user(
                case_manager,
                worklist=Worklist(sort="code" if sort != "code" else "oldest"),
                cursor=first.next_cursor,
            )


def test_expired_flag_no_longer_filters(cases, case_manager):
    a, _b, _c = cases
    a_flag = a.flags.get()
    type(a_flag).objects.filter(pk=a_flag.pk).update(until=dt.date.today() - dt.timedelta(days=1))
    assert _codes(case_manager, flagged="1") == []


@pytest.mark.parametrize(
    ("params", "field"),
    [({"sort": "name"}, "sort"), ({"status": "Open"}, "status"), ({"assigned": "x"}, "assigned")],
)
def test_bad_filters_name_the_field(params, field):
    with pytest.raises(ValidationError) as error:
        parse_worklist(params)
    assert error.value.field == field


def test_other_organisations_cases_never_listed(cases, other_case_manager):
    assert _codes(other_case_manager) == []
    assert _codes(other_case_manager, assigned="none") == []


def test_worklist_page_shows_filters_panels_flags_and_date_order(cases, case_manager):
    a, b, _c = cases
    client = _login(case_manager)
    page = client.get("/cases/?assigned=me").content.decode()
    assert a.code in page and b.code not in page
    assert "Threats" in page  # the flag in the list
    assert "Order: Newest first." in page
    assert 'data-panel="overdue_followups"' in page
    overdue = re.search(
        r'data-panel="overdue_followups"><a href="([^"]+)"><span class="panel-count">(\d+)', page
    )
    assert overdue.group(2) == "1"
    assert b.code in client.get(overdue.group(1)).content.decode()
    activity = client.get("/cases/?sort=activity").content.decode()
    assert "Last activity" in activity and "Order: Last activity first." in activity


def test_bad_filter_on_the_page_is_a_message_not_an_error(cases, case_manager):
    page = _login(case_manager).get("/cases/?sort=drop&status=Nope")
    assert page.status_code == 200
    assert "Unknown" in page.content.decode()


@pytest.mark.parametrize(
    ("roles", "landing"),
    [
        (["case_manager"], "/cases/"),
        (["supervisor"], "/cases/"),
        (["service_provider"], "/cases/"),
        (["law_enforcement"], "/cases/"),
        (["nrm_coordinator"], "/overview/"),
        (["researcher"], "/insights/"),
        (["trainer"], "/training/"),
        ([], "/welcome/"),
    ],
)
def test_each_role_lands_on_its_own_page(org, roles, landing):
    user = _user_with_roles(org, roles)
    client = Client()
    login = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert login.status_code == 302 and login["Location"] == "/"
    home = client.get(login["Location"])
    assert home.status_code == 302 and home["Location"] == landing
    assert client.get(landing).status_code == 200


def _user_with_roles(org, roles):
    user = make_user(org=org, roles=roles or ["case_manager"])
    if not roles:  # an administrator took every role away
        UserRole.objects.filter(user=user).delete()
    return User.objects.get(pk=user.pk)


def test_administrator_lands_on_administration(org):
    # Administrators sign in with a second factor first; the choice itself is checked here.
    assert (
        landing_for(make_user(org=org, roles=["administrator"])) == "accounts:admin_organisations"
    )


def test_no_role_page_says_whom_to_ask(org):
    user = _user_with_roles(org, [])
    page = _login(user).get("/welcome/").content.decode()
    assert "Ask an administrator of your organisation" in page


def test_coordinator_overview_shows_its_panels(org):
    coordinator = make_user(org=org, roles=["nrm_coordinator"])
    page = _login(coordinator).get("/overview/").content.decode()
    assert 'data-panel="person_matches"' in page
    assert 'data-panel="identified_this_year"' in page
    assert 'data-panel="referrals_overdue_country"' in page
    assert 'data-panel="overdue_followups"' not in page


def test_overview_is_not_for_case_workers(case_manager):
    assert _login(case_manager).get("/overview/").status_code == 404


def test_coordinator_national_figures_are_suppressed_below_the_threshold(org):
    from amanat.insights.models import CaseFact

    coordinator = make_user(org=org, roles=["nrm_coordinator"])
    year = dt.date.today().year
    for pk in range(1, 4):
        CaseFact.objects.create(case_id=pk, country="KZ", identified_on=f"{year}-01-02")
    CaseFact.objects.create(case_id=999, country="KG", identified_on=f"{year}-01-02")
    panels = {p.key: p.count for p in panels_for(coordinator, "coordinator")}
    assert panels["identified_this_year"] == "<10"  # 3 cases: a small cell, never shown exactly
    assert panels["victims_this_year"] == 0
    for pk in range(4, 14):
        CaseFact.objects.create(case_id=pk, country="KZ", identified_on=f"{year}-02-02")
    panels = {p.key: p.count for p in panels_for(coordinator, "coordinator")}
    assert panels["identified_this_year"] == 13


def test_a_list_showing_flag_reasons_audits_them(cases, case_manager):
    from amanat.privacy.models import AuditEvent

    _codes(case_manager, flagged="1")
    shown = AuditEvent.objects.filter(action="case.list").latest("id")
    assert sorted(shown.fields) == ["first_name", "flag.reason", "last_name"]
    _codes(case_manager, status="Closed")  # no flag on the page: no flag field
    assert AuditEvent.objects.filter(action="case.list").latest("id").fields == [
        "first_name",
        "last_name",
    ]
