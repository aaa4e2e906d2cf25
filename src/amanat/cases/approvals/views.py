"""Supervision pages: the queue, one request (approve / return), the organisation's settings,
and adding or removing a case flag. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amanat.accounts.roles import Perm
from amanat.cases import flags
from amanat.cases.approvals import services
from amanat.cases.approvals.access import approval_get_for_user
from amanat.cases.approvals.kinds import approval_kinds
from amanat.cases.approvals.models import ApprovalState
from amanat.cases.approvals.selectors import approval_queue
from amanat.cases.presenters import display_name
from amanat.core.web import message_call
from amanat.privacy.audit import audit_record


@login_required
def queue(request):
    if not request.user.can(Perm.CASE_VIEW):
        raise Http404
    mine = request.GET.get("mine") == "1"
    state = request.GET.get("state", ApprovalState.PENDING)
    if state not in ApprovalState.values:
        state = ApprovalState.PENDING
    rows = approval_queue(request.user, mine=mine, state=state)
    return render(
        request,
        "cases/approvals/queue.html",
        {
            "rows": rows,
            "mine": mine,
            "state": state,
            "states": ApprovalState.choices,
            "can_approve": request.user.can(Perm.CASE_APPROVE),
        },
    )


@login_required
def detail(request, request_id):
    approval = approval_get_for_user(request.user, request_id)
    audit_record(
        actor=request.user,
        action="approval.view",
        object_type="approval",
        object_id=approval.pk,
        fields=["note", "comment"],
        purpose="supervision",
    )
    return render(
        request,
        "cases/approvals/detail.html",
        {
            "approval": approval,
            "name": display_name(approval.case.person),
            "can_decide": request.user.can(Perm.CASE_APPROVE)
            and approval.requested_by_id != request.user.pk
            and approval.state == ApprovalState.PENDING,
        },
    )


@login_required
@require_POST
def decide(request, request_id, action):
    service = {"approve": services.approval_approve, "return": services.approval_return}.get(action)
    if service is None:
        raise Http404
    ok, _result = message_call(
        request,
        service,
        user=request.user,
        request_id=request_id,
        comment=request.POST.get("comment", ""),
        success=_("Approved: the change is now in force.")
        if action == "approve"
        else _("Returned to the requester with your comment."),
    )
    return redirect(
        "cases:approvals" if ok else "cases:approval", **({} if ok else {"request_id": request_id})
    )


@login_required
def settings_page(request):
    if not request.user.can(Perm.ORG_MANAGE):
        raise Http404
    if request.method == "POST":
        message_call(
            request,
            services.approval_settings_set,
            user=request.user,
            kinds=request.POST.getlist("kinds"),
            success=_("Approval settings saved."),
        )
        return redirect("cases:approval_settings")
    required = services.approval_kinds_required(organisation_id=request.user.organisation_id)
    return render(
        request,
        "cases/approvals/settings.html",
        {"kinds": approval_kinds(), "required": required},
    )


@login_required
@require_POST
def flag_add(request, case_id):
    message_call(
        request,
        flags.case_flag_add,
        user=request.user,
        case_id=case_id,
        reason=request.POST.get("reason", ""),
        until=request.POST.get("until", ""),
        success=_("Flag added."),
    )
    return redirect("cases:detail", case_id=case_id)


@login_required
@require_POST
def flag_remove(request, case_id, flag_id):
    message_call(
        request,
        flags.case_flag_remove,
        user=request.user,
        case_id=case_id,
        flag_id=flag_id,
        success=_("Flag removed."),
    )
    return redirect("cases:detail", case_id=case_id)
