"""After an interview: its result, the human decision on trafficking status, the needs it
suggests, and the comparison of repeated interviews over time."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amanat.accounts.roles import Perm
from amanat.cases.forms import StatusDecisionForm
from amanat.cases.services import case_decide_trafficking_status
from amanat.core.web import message_call
from amanat.referrals.services import needs_suggest_from
from amanat.screening import presenters, selectors
from amanat.screening.access import can_conduct, screening_case_for_user
from amanat.screening.needs import suggested_needs
from amanat.screening.views._shared import assessment_url, ui_language


@login_required
def result(request, case_id, assessment_id):
    assessment = selectors.assessment_read(request.user, case_id, assessment_id)
    if assessment.is_draft:
        return redirect(assessment_url("interview", assessment))
    view = presenters.result_view(assessment, ui_language())
    case = assessment.case
    needs = suggested_needs(
        assessment.result or {}, assessment.answers or {}, language=ui_language()
    )
    return render(
        request,
        "screening/result.html",
        {
            "case": case,
            "assessment": assessment,
            "view": view,
            "guide_title": presenters.guide_title(assessment.guide_id, view["language"]),
            "status_form": StatusDecisionForm(),
            "can_decide": request.user.can(Perm.CASE_DECIDE_STATUS),
            "needs": needs,
            "can_add_needs": can_conduct(request.user),
            "comparable": selectors.completed_assessment_count(case, assessment.guide_id) > 1,
        },
    )


@login_required
@require_POST
def decide(request, case_id, assessment_id):
    """The human decision on trafficking status, recorded by the cases app, from the result
    page: separate from the engine's suggestion, which it neither copies nor changes."""
    screening_case_for_user(request.user, case_id)
    form = StatusDecisionForm(request.POST)
    back = redirect("screening:result", case_id=case_id, assessment_id=assessment_id)
    if not form.is_valid():
        messages.error(request, _("Choose a status and who decided it."))
        return back
    message_call(
        request,
        case_decide_trafficking_status,
        user=request.user,
        case_id=case_id,
        status=form.cleaned_data["status"],
        decided_by_org_type=form.cleaned_data["decided_by_org_type"],
        success=_("Trafficking status recorded."),
    )
    return back


@login_required
@require_POST
def add_needs(request, case_id, assessment_id):
    """Record the chosen suggested needs through the referrals app (which owns needs)."""
    assessment = selectors.assessment_read(
        request.user, case_id, assessment_id, purpose="needs assessment"
    )
    if assessment.is_draft or not can_conduct(request.user):
        raise Http404
    chosen = set(request.POST.getlist("service_type"))
    suggestions = [
        n
        for n in suggested_needs(
            assessment.result or {}, assessment.answers or {}, language=ui_language()
        )
        if n["service_type"] in chosen
    ]
    if not suggestions:
        messages.error(request, _("Choose at least one suggested need."))
        return redirect(assessment_url("result", assessment))
    ok, outcome = message_call(
        request,
        needs_suggest_from,
        user=request.user,
        case=assessment.case_id,
        suggestions=suggestions,
        source_ref=f"assessment:{assessment.pk}",
    )
    if ok:
        messages.success(
            request,
            _("Needs recorded: %(created)d new, %(open)d already open.")
            % {"created": len(outcome.created), "open": len(outcome.already_open)},
        )
    return redirect(assessment_url("result", assessment))


@login_required
def compare(request, case_id):
    guide_id = request.GET.get("guide") or "identification-interview"
    case, rows = selectors.assessments_for_comparison(request.user, case_id, guide_id)
    language = ui_language()
    return render(
        request,
        "screening/compare.html",
        {
            "case": case,
            "guide_id": guide_id,
            "guide_title": presenters.guide_title(guide_id, language),
            "view": presenters.comparison_view(rows, rows[-1].language if rows else language),
        },
    )
