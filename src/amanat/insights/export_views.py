"""The page of identifiable export requests: approve or reject (a second person of the same
organisation), and produce the approved file (its requester, once, with a password)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from amanat.accounts.roles import Perm
from amanat.core.web import form_call, message_call
from amanat.errors import NotFound
from amanat.insights import export_requests
from amanat.insights.downloads import attachment
from amanat.insights.exports import EXCLUSION_REASONS, export_cap
from amanat.insights.forms import ExportFileForm


def _require_export_role(request) -> None:
    if not (request.user.can(Perm.EXPORT_IDENTIFIABLE) or request.user.can(Perm.EXPORT_APPROVE)):
        raise NotFound()


def _rows(request) -> list[dict]:
    user = request.user
    rows = []
    for item in export_requests.export_requests_for_user(user)[:200]:
        own = item.requested_by_id == user.pk
        rows.append(
            {
                "request": item,
                "excluded": [
                    {"case_id": pk, "reason": EXCLUSION_REASONS.get(reason, reason)}
                    for pk, reason in item.excluded
                ],
                "can_decide": not own
                and user.can(Perm.EXPORT_APPROVE)
                and item.status == "pending",
                "can_produce": own and item.status == "approved",
            }
        )
    return rows


@login_required
@require_GET
def exports(request):
    _require_export_role(request)
    return render(
        request,
        "insights/exports.html",
        {"rows": _rows(request), "file_form": ExportFileForm(), "export_cap": export_cap()},
    )


def _decide(request, request_id: int, action):
    _require_export_role(request)
    ok, decided = message_call(request, action, user=request.user, request_id=request_id)
    if ok:
        messages.success(
            request,
            _("Export request %(id)d: %(status)s.")
            % {"id": decided.pk, "status": decided.get_status_display()},
        )
    return redirect("insights:exports")


@login_required
@require_POST
def export_approve(request, request_id: int):
    return _decide(request, request_id, export_requests.export_request_approve)


@login_required
@require_POST
def export_reject(request, request_id: int):
    return _decide(request, request_id, export_requests.export_request_reject)


@login_required
@require_POST
def export_file(request, request_id: int):
    _require_export_role(request)
    form = ExportFileForm(request.POST)
    if form.is_valid():
        ok, result = form_call(
            form,
            export_requests.export_request_produce,
            user=request.user,
            request_id=request_id,
            password=form.cleaned_data["password"],
        )
        if ok:
            return attachment(result)
    for error in form.errors.get("password", []) + form.non_field_errors():
        messages.error(request, error)
    return redirect("insights:exports")
