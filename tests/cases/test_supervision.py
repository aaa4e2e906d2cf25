"""Supervision (issue 16, ADR 1620): approval of trafficking-status decisions and closures,
request -> approve / return, per-organisation settings, case flags; what must NOT happen."""

from __future__ import annotations

import datetime as dt

import pytest

from amanat.cases import flags as flag_services
from amanat.cases import lifecycle
from amanat.cases.approvals import services
from amanat.cases.approvals.models import ApprovalRequest, ApprovalSetting
from amanat.cases.models import Case, CaseEvent, CaseFlag
from amanat.cases.services import case_decide_trafficking_status
from amanat.errors import Conflict, NotFound, PermissionDenied, ValidationError
from amanat.privacy.models import AuditEvent
from tests.fixtures import api_client, make_case, make_user

pytestmark = pytest.mark.django_db

STATUS = "ActualVictimOfTrafficking"


@pytest.fixture
def admin(org):
    return make_user(org=org, roles=["administrator"], username="orgadmin")


@pytest.fixture
def supervisor(org):
    return make_user(org=org, roles=["case_manager", "supervisor"], username="boss")


@pytest.fixture
def other_supervisor(other_org):
    return make_user(org=other_org, roles=["case_manager", "supervisor"], username="boss_other")


@pytest.fixture
def required(org, admin):
    services.approval_settings_set(user=admin, kinds=["status_decision", "case_closure"])


def _decide(user, case):
    return case_decide_trafficking_status(
        user=user, case_id=case.pk, status=STATUS, decided_by_org_type="NGO"
    )


def test_without_the_setting_a_decision_is_in_force_at_once(case_manager, case):
    result = _decide(case_manager, case)
    assert isinstance(result, Case)
    assert Case.objects.get(pk=case.pk).trafficking_status == STATUS
    assert not ApprovalRequest.objects.exists()


def test_a_required_decision_is_a_request_and_not_in_force(required, case_manager, case):
    result = _decide(case_manager, case)
    assert isinstance(result, ApprovalRequest)
    assert result.state == "pending"
    assert result.payload == {"status": STATUS, "decided_by_org_type": "NGO"}
    assert Case.objects.get(pk=case.pk).trafficking_status == ""
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert "approval.requested" in kinds and "case.status_decided" not in kinds
    assert AuditEvent.objects.filter(action="approval.request", object_id=str(result.pk)).exists()


def test_approve_puts_the_decision_in_force_decided_by_the_requester(
    required, case_manager, supervisor, case
):
    request = _decide(case_manager, case)
    approved = services.approval_approve(user=supervisor, request_id=request.pk)
    assert approved.state == "approved" and approved.decided_by == supervisor
    case.refresh_from_db()
    assert case.trafficking_status == STATUS
    assert case.status_decided_by == case_manager
    decided = CaseEvent.objects.get(case=case, kind="case.status_decided")
    assert decided.data["approved_by"] == supervisor.pk
    assert decided.data["request_id"] == request.pk
    assert CaseEvent.objects.filter(case=case, kind="approval.approved").count() == 1
    assert AuditEvent.objects.filter(action="approval.approved").count() == 1


def test_return_needs_a_comment_and_changes_nothing(required, case_manager, supervisor, case):
    request = _decide(case_manager, case)
    with pytest.raises(ValidationError) as error:
        services.approval_return(user=supervisor, request_id=request.pk, comment="  ")
    assert error.value.field == "comment"
    returned = services.approval_return(
        user=supervisor, request_id=request.pk, comment="Interview the person first."
    )
    assert returned.state == "returned"
    assert ApprovalRequest.objects.get(pk=request.pk).comment == "Interview the person first."
    assert Case.objects.get(pk=case.pk).trafficking_status == ""
    assert CaseEvent.objects.filter(case=case, kind="approval.returned").count() == 1
    # A returned request may be made again.
    assert _decide(case_manager, case).state == "pending"


def test_self_approval_is_refused(required, supervisor, case):
    request = _decide(supervisor, case)
    with pytest.raises(PermissionDenied) as error:
        services.approval_approve(user=supervisor, request_id=request.pk)
    assert error.value.code == "self_approval"
    assert ApprovalRequest.objects.get(pk=request.pk).state == "pending"
    assert Case.objects.get(pk=case.pk).trafficking_status == ""


def test_a_case_manager_cannot_approve(required, case_manager, org, case):
    colleague = make_user(org=org, roles=["case_manager"], username="colleague")
    request = _decide(case_manager, case)
    with pytest.raises(PermissionDenied):
        services.approval_approve(user=colleague, request_id=request.pk)
    assert ApprovalRequest.objects.get(pk=request.pk).state == "pending"


def test_another_organisations_request_is_not_found(required, case_manager, other_supervisor, case):
    request = _decide(case_manager, case)
    for service in (services.approval_approve, services.approval_return):
        with pytest.raises(NotFound):
            service(user=other_supervisor, request_id=request.pk, comment="x")
    with pytest.raises(NotFound):
        services.approval_approve(user=other_supervisor, request_id=999999)
    with pytest.raises(NotFound):
        services.approval_approve(user=other_supervisor, request_id="1; drop table")
    assert ApprovalRequest.objects.get(pk=request.pk).state == "pending"


def test_a_decided_request_cannot_be_decided_again(required, case_manager, supervisor, case):
    request = _decide(case_manager, case)
    services.approval_approve(user=supervisor, request_id=request.pk)
    for service in (services.approval_approve, services.approval_return):
        with pytest.raises(Conflict) as error:
            service(user=supervisor, request_id=request.pk, comment="again")
        assert error.value.code == "not_pending"
    assert CaseEvent.objects.filter(case=case, kind="case.status_decided").count() == 1


def test_one_pending_request_per_case_and_kind(required, case_manager, case):
    _decide(case_manager, case)
    with pytest.raises(Conflict) as error:
        _decide(case_manager, case)
    assert error.value.code == "approval_pending"
    assert ApprovalRequest.objects.count() == 1


def test_closure_waits_for_approval_and_rechecks_on_approval(
    required, case_manager, supervisor, case
):
    request = lifecycle.case_close(
        user=case_manager, case_id=case.pk, reason="person_declined", note="Moved away."
    )
    assert isinstance(request, ApprovalRequest)
    assert Case.objects.get(pk=case.pk).status == "Active"
    assert request.note == "Moved away."
    services.approval_approve(user=supervisor, request_id=request.pk)
    case.refresh_from_db()
    assert case.status == "Closed" and case.closure_reason == "Moved away."


def test_closure_approval_refused_when_the_case_was_closed_meanwhile(
    required, case_manager, supervisor, admin, case
):
    request = lifecycle.case_close(user=case_manager, case_id=case.pk, reason="person_declined")
    services.approval_settings_set(user=admin, kinds=[])
    lifecycle.case_close(user=case_manager, case_id=case.pk, reason="assistance_completed")
    with pytest.raises(Conflict):
        services.approval_approve(user=supervisor, request_id=request.pk)
    assert ApprovalRequest.objects.get(pk=request.pk).state == "pending"


def test_settings_only_by_an_administrator_and_only_known_kinds(org, admin, case_manager):
    with pytest.raises(PermissionDenied):
        services.approval_settings_set(user=case_manager, kinds=["status_decision"])
    with pytest.raises(ValidationError) as error:
        services.approval_settings_set(user=admin, kinds=["status_decision", "nonsense"])
    assert error.value.field == "kinds"
    assert not ApprovalSetting.objects.exists()
    assert services.approval_settings_set(user=admin, kinds=["case_closure"]) == ["case_closure"]
    assert services.approval_required(organisation_id=org.pk, kind="case_closure")
    assert not services.approval_required(organisation_id=org.pk, kind="status_decision")


def test_setting_of_one_organisation_does_not_bind_another(required, other_case_manager, other_org):
    other_case = make_case(user=other_case_manager)
    assert isinstance(_decide(other_case_manager, other_case), Case)


# --- flags ----------------------------------------------------------------------------------


def test_flag_add_shows_until_its_end_date_and_remove(case_manager, case):
    today = dt.date.today()
    flag = flag_services.case_flag_add(
        user=case_manager, case_id=case.pk, reason="Threats from the recruiter", until=today
    )
    assert [f.pk for f in flag_services.case_flags_in_force(case)] == [flag.pk]
    CaseFlag.objects.filter(pk=flag.pk).update(until=today - dt.timedelta(days=1))
    assert flag_services.case_flags_in_force(case) == []  # expired flags stop showing
    other = flag_services.case_flag_add(user=case_manager, case_id=case.pk, reason="Minor")
    flag_services.case_flag_remove(user=case_manager, case_id=case.pk, flag_id=other.pk)
    assert flag_services.case_flags_in_force(case) == []
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds.count("case.flag_added") == 2 and kinds.count("case.flag_removed") == 1


def test_flag_bad_input_changes_nothing(case_manager, case):
    for kwargs, field in (
        ({"reason": ""}, "reason"),
        ({"reason": "x" * 501}, "reason"),
        ({"reason": "ok", "until": "2024-13-40"}, "until"),
        ({"reason": "ok", "until": "2000-01-01"}, "until"),
    ):
        with pytest.raises(ValidationError) as error:
            flag_services.case_flag_add(user=case_manager, case_id=case.pk, **kwargs)
        assert error.value.field == field
    assert not CaseFlag.objects.exists()


def test_flags_of_another_organisation_are_not_found(case_manager, other_case_manager, case):
    flag = flag_services.case_flag_add(user=case_manager, case_id=case.pk, reason="Risk")
    with pytest.raises(NotFound):
        flag_services.case_flag_add(user=other_case_manager, case_id=case.pk, reason="x")
    with pytest.raises(NotFound):
        flag_services.case_flag_remove(user=other_case_manager, case_id=case.pk, flag_id=flag.pk)
    with pytest.raises(NotFound):
        flag_services.case_flag_remove(user=case_manager, case_id=case.pk, flag_id="abc")
    assert CaseFlag.objects.get(pk=flag.pk).removed_at is None


# --- API ------------------------------------------------------------------------------------


def test_api_request_and_approve(required, case_manager, supervisor, other_supervisor, case):
    answer = api_client(case_manager).post(
        f"/api/cases/{case.pk}/trafficking-status",
        {"status": STATUS, "decided_by_org_type": "NGO"},
        content_type="application/json",
    )
    assert answer.status_code == 202
    body = answer.json()
    assert body["state"] == "pending" and body["kind"] == "status_decision"
    assert api_client(other_supervisor).get(f"/api/approvals/{body['id']}").status_code == 404
    assert (
        api_client(other_supervisor)
        .post(f"/api/approvals/{body['id']}/approve", {}, content_type="application/json")
        .status_code
        == 404
    )
    own = api_client(case_manager).post(
        f"/api/approvals/{body['id']}/approve", {}, content_type="application/json"
    )
    assert own.status_code == 403
    queue = api_client(supervisor).get("/api/approvals").json()
    assert [r["id"] for r in queue] == [body["id"]]
    ok = api_client(supervisor).post(
        f"/api/approvals/{body['id']}/approve", {}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["state"] == "approved"
    again = api_client(supervisor).post(
        f"/api/approvals/{body['id']}/approve", {}, content_type="application/json"
    )
    assert again.status_code == 409
    assert Case.objects.get(pk=case.pk).trafficking_status == STATUS


def test_api_bad_input(required, supervisor, admin, case):
    client = api_client(supervisor)
    state = client.get("/api/approvals?state=nope")
    assert state.status_code == 422 and state.json()["field"] == "state"
    assert client.get("/api/approvals/abc").status_code == 404
    bad = client.post("/api/approvals/1/approve", {"extra": 1}, content_type="application/json")
    assert bad.status_code in (400, 422)
    put = api_client(admin).put(
        "/api/approvals/settings", {"kinds": ["bogus"]}, content_type="application/json"
    )
    assert put.status_code == 422 and put.json()["field"] == "kinds"
    assert api_client(admin).get("/api/approvals/settings").json() == {
        "kinds": ["case_closure", "status_decision"]
    }
    flag = client.post(
        f"/api/case-flags/{case.pk}",
        {"reason": "x", "until": "bad"},
        content_type="application/json",
    )
    assert flag.status_code in (400, 422)
    assert not CaseFlag.objects.exists()


def test_api_flags(case_manager, other_case_manager, case):
    client = api_client(case_manager)
    added = client.post(
        f"/api/case-flags/{case.pk}", {"reason": "Risk"}, content_type="application/json"
    )
    assert added.status_code == 201
    assert [f["reason"] for f in client.get(f"/api/case-flags/{case.pk}").json()] == ["Risk"]
    assert api_client(other_case_manager).get(f"/api/case-flags/{case.pk}").status_code == 404
    removed = client.post(f"/api/case-flags/{case.pk}/{added.json()['id']}/remove")
    assert removed.status_code == 200
    assert client.get(f"/api/case-flags/{case.pk}").json() == []


def test_api_close_answers_202_with_the_request_and_leaves_the_case_open(
    required, case_manager, case
):
    answer = api_client(case_manager).post(
        f"/api/cases/{case.pk}/close",
        {"reason": "person_declined", "note": ""},
        content_type="application/json",
    )
    assert answer.status_code == 202
    assert answer.json()["kind"] == "case_closure" and answer.json()["state"] == "pending"
    assert Case.objects.get(pk=case.pk).status == "Active"


def test_web_decision_says_it_was_sent_for_approval(required, case_manager, case, client):
    client.force_login(case_manager)
    answer = client.post(
        f"/cases/{case.pk}/status/",
        {"status": STATUS, "decided_by_org_type": "NGO"},
        follow=True,
    )
    page = answer.content.decode()
    assert "Sent to a supervisor for approval" in page
    assert "Trafficking status recorded." not in page
    assert Case.objects.get(pk=case.pk).trafficking_status == ""


def test_web_approval_pages_of_another_organisation_are_404(
    required, case_manager, other_supervisor, case, client
):
    request = _decide(case_manager, case)
    client.force_login(other_supervisor)
    assert client.get(f"/cases/approvals/{request.pk}/").status_code == 404
    assert client.post(f"/cases/approvals/{request.pk}/approve/").status_code == 404
    assert client.post(f"/cases/approvals/{request.pk}/nonsense/").status_code == 404
    assert ApprovalRequest.objects.get(pk=request.pk).state == "pending"
    assert client.get("/cases/approvals/").status_code == 200
    assert str(case.code) not in client.get("/cases/approvals/").content.decode()


def test_the_supervisor_role_alone_approves_but_decides_and_exports_nothing(
    required, org, case_manager, case
):
    from amanat.accounts.roles import Perm

    approver = make_user(org=org, roles=["supervisor"], username="approver_only")
    assert not approver.can(Perm.CASE_DECIDE_STATUS)
    assert not approver.can(Perm.EXPORT_IDENTIFIABLE)
    request = _decide(case_manager, case)
    services.approval_approve(user=approver, request_id=request.pk)
    assert Case.objects.get(pk=case.pk).trafficking_status == STATUS
    with pytest.raises(NotFound):  # no permission to decide: answers like a missing case
        _decide(approver, case)
