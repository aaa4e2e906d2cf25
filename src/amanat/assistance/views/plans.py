"""Support plan pages: a new plan, its changes, its end, its actions and their progress."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amanat.accounts.roles import Perm
from amanat.assistance import selectors, services
from amanat.assistance.access import owner_case
from amanat.assistance.forms import ActionForm, ActionProgressForm, PlanEndForm, PlanForm
from amanat.assistance.views._common import button_post, case_form, gate


@login_required
def plan_new(request, case_id):
    case = owner_case(request.user, case_id, permission=Perm.CASE_UPDATE)
    if (blocked := gate(request, case)) is not None:  # before the form, not after it
        return blocked
    return case_form(
        request,
        case,
        PlanForm(request.POST or None),
        services.support_plan_create,
        done=_("Support plan saved."),
        title=_("New support plan"),
        intro=_(
            "Make the plan with the person: their objectives, in their words where "
            "possible. It becomes active once they agree to it."
        ),
        submit=_("Save plan"),
    )


@login_required
def plan_edit(request, case_id, plan_id):
    case = owner_case(request.user, case_id, permission=Perm.CASE_UPDATE)
    if (blocked := gate(request, case)) is not None:  # before the form, not after it
        return blocked
    plan = selectors.open_plan(case, plan_id)
    initial = {name: getattr(plan, name) for name in services.PLAN_FIELDS}
    return case_form(
        request,
        case,
        PlanForm(request.POST or None, initial=initial),
        services.support_plan_update,
        plan_id=plan.pk,
        values=lambda data: {"changes": data},
        done=_("Support plan saved."),
        title=_("Edit support plan"),
        submit=_("Save plan"),
    )


@login_required
@require_POST
def plan_end(request, case_id, plan_id):
    return button_post(
        request,
        case_id,
        PlanEndForm(request.POST),
        services.support_plan_end,
        plan_id=plan_id,
        invalid=_("Choose how the plan ended."),
        done=_("Support plan ended."),
    )


def _action_values(data: dict) -> dict:
    """The action form's fields under the names `plan_action_add` takes."""
    return {
        "description": data["description"],
        "need_id": data["need"],
        "responsible_organisation_id": data["responsible_organisation"],
        "referral_id": data["referral"],
        "planned_end_date": data["planned_end_date"],
    }


@login_required
def action_new(request, case_id, plan_id):
    case = owner_case(request.user, case_id, permission=Perm.CASE_UPDATE)
    if (blocked := gate(request, case)) is not None:  # before the form, not after it
        return blocked
    plan = selectors.open_plan(case, plan_id)
    form = ActionForm(
        request.POST or None,
        needs=selectors.open_needs(case),
        organisations=selectors.active_organisations(),
        referrals=selectors.case_referrals(case),
        initial={
            "need": request.GET.get("need"),
            "responsible_organisation": request.user.organisation_id,
        },
    )
    return case_form(
        request,
        case,
        form,
        services.plan_action_add,
        plan_id=plan.pk,
        values=_action_values,
        done=_("Action added to the plan."),
        title=_("Add an action to the plan"),
        intro=_(
            "Each action answers one of the case's needs. When another organisation "
            "carries it out, link the referral to it."
        ),
        submit=_("Add action"),
    )


@login_required
@require_POST
def action_update(request, case_id, action_id):
    return button_post(
        request,
        case_id,
        ActionProgressForm(request.POST, prefix=f"a{action_id}"),
        services.plan_action_update,
        action_id=action_id,
        invalid=_("Enter a status and a percentage from 0 to 100."),
        done=_("Progress recorded."),
    )
