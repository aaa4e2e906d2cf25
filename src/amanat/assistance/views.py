"""Assistance pages. Thin: parse the form, call one service or selector, render."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amanat.accounts.models import Organisation, User
from amanat.accounts.roles import Perm
from amanat.assistance import config, selectors, services
from amanat.assistance.access import active_referral, owner_case
from amanat.assistance.charts import Point, trajectory_svg
from amanat.assistance.forms import (
    ActionForm,
    ActionProgressForm,
    CloseForm,
    NeedsAssessmentForm,
    PlanEndForm,
    PlanForm,
    ReopenForm,
    ScheduleForm,
    ServiceForm,
    TransferForm,
    VisitForm,
)
from amanat.assistance.models import (
    OPEN_PLAN_STATUSES,
    FollowUpSchedule,
    FollowUpVisit,
    PlanAction,
    SupportPlan,
)
from amanat.assistance.needs import audiences_for
from amanat.assistance.stats import assistance_statistics
from amanat.cases import lifecycle
from amanat.errors import AmanatError, NotFound, ValidationError
from amanat.referrals.models import Need, NeedStatus, Referral


def _case(request, case_id, permission: str = Perm.CASE_VIEW):
    try:
        return owner_case(request.user, case_id, permission=permission)
    except NotFound:
        raise Http404 from None


def _attach(form, error: AmanatError, prefix: str = "") -> None:
    """Show a service's error on the form field it names (answers.<code> -> <prefix><code>)."""
    field = error.field or ""
    if field.startswith("answers.") and prefix:
        field = prefix + field[len("answers.") :]
    if field in form.fields:
        form.add_error(field, error.message)
    else:
        form.add_error(None, error.message)


def _back(case_id):
    return redirect("assistance:case", case_id=case_id)


# --- the assistance page of a case -------------------------------------------------------------


def _chart(scores) -> str:
    """The trajectory SVG, cached per set of assessments and language (drawing takes ~0.1 s;
    the SVG holds scores and dates only, no text about the person)."""
    if not scores:
        return ""
    key = (
        "assistance:trajectory:"
        + hashlib.sha256(
            repr(
                [(s.pk, s.composite, s.economic, s.social, s.psychosocial) for s in scores]
            ).encode()
            + (get_language() or "").encode()
        ).hexdigest()
    )
    svg = cache.get(key)
    if svg is None:
        points = [
            Point(
                s.assessed_on,
                {
                    "composite": s.composite,
                    "economic": s.economic,
                    "social": s.social,
                    "psychosocial": s.psychosocial,
                },
            )
            for s in scores
        ]
        labels = {
            "composite": _("Composite"),
            "economic": _("Economic"),
            "social": _("Social"),
            "psychosocial": _("Psychosocial"),
        }
        svg = trajectory_svg(points, labels=labels, y_label=_("Score (0 to 1)"))
        cache.set(key, svg, timeout=24 * 3600)
    return svg


def _disclaimer() -> str:
    disclaimer = config.instrument().disclaimer
    return disclaimer.ru if (get_language() or "").startswith("ru") else disclaimer.en


@login_required
def case_page(request, case_id):
    try:
        data = selectors.case_assistance(request.user, case_id)
    except NotFound:
        raise Http404 from None
    can_update = request.user.can(Perm.CASE_UPDATE)
    actions = [
        {
            "action": a,
            "form": ActionProgressForm(
                initial={"status": a.status, "progress": a.progress}, prefix=f"a{a.pk}"
            ),
        }
        for a in data.actions
    ]
    return render(
        request,
        "assistance/case.html",
        {
            "case": data.case,
            "data": data,
            "actions": actions,
            "chart": _chart(data.scores),
            "can_update": can_update,
            "closed": data.case.status in lifecycle.CLOSED_STATUSES,
            "end_form": PlanEndForm(initial={"outcome": "completed"}),
            "disclaimer": _disclaimer(),
        },
    )


@login_required
def trajectory_svg_view(request, case_id):
    try:
        scores = selectors.reintegration_trajectory(request.user, case_id)
    except NotFound:
        raise Http404 from None
    response = HttpResponse(
        _chart(scores) or "<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/svg+xml"
    )
    response["Cache-Control"] = "no-store"
    return response


# --- needs assessment --------------------------------------------------------------------------


@login_required
def assessment_new(request, case_id):
    case = _case(request, case_id, Perm.CASE_UPDATE)
    guide = config.needs_guide()
    today = timezone.localdate()
    group = (
        request.GET.get("group")
        or request.POST.get("group")
        or services.respondent_group_for(case, today)
    )
    if group not in guide.groups:
        group = "adult"
    form = NeedsAssessmentForm(
        request.POST or None,
        guide=guide,
        group=group,
        initial={"assessed_on": today, "stage": "intake"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.needs_assessment_record(
                user=request.user,
                case_id=case.pk,
                answers=form.answers(),
                stage=form.cleaned_data["stage"],
                assessed_on=form.cleaned_data["assessed_on"],
                respondent_group=group,
                reintegration_setting=form.cleaned_data["reintegration_setting"],
                notes=form.cleaned_data["notes"],
            )
        except NotFound:
            raise Http404 from None
        except AmanatError as error:
            _attach(form, error, prefix="q_")
        else:
            messages.success(request, _("Needs assessment recorded."))
            return _back(case.pk)
    language = get_language() or "en"
    audiences = audiences_for(group, case.person.gender)
    return render(
        request,
        "assistance/assessment_form.html",
        {
            "case": case,
            "form": form,
            "group": group,
            "groups": [(code, g.label.get(language)) for code, g in guide.groups.items()],
            "sections": form.sections(audiences),
            "guidance": [guide.guidance[a].get(language) for a in audiences if a in guide.guidance],
            "disclaimer": guide.disclaimer.get(language),
        },
    )


@login_required
def assessment_detail(request, case_id, assessment_id):
    try:
        assessment = selectors.needs_assessment_read(request.user, case_id, assessment_id)
    except NotFound:
        raise Http404 from None
    guide = config.needs_guide()
    language = get_language() or "en"
    rows = []
    for code, answer in assessment.answers.items():
        question = guide.questions.get(code)
        option = guide.options.get(answer)
        rows.append(
            {
                "question": question.text_for(assessment.respondent_group).get(language)
                if question
                else code,
                "answer": option.label.get(language) if option else answer,
                "need": bool(option and option.need),
            }
        )
    setting = guide.settings.get(assessment.reintegration_setting)
    return render(
        request,
        "assistance/assessment_detail.html",
        {
            "case": assessment.case,
            "assessment": assessment,
            "rows": rows,
            "setting": setting.label.get(language) if setting else "",
        },
    )


# --- support plan ------------------------------------------------------------------------------


@login_required
def plan_new(request, case_id):
    case = _case(request, case_id, Perm.CASE_UPDATE)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_plan_create(user=request.user, case_id=case.pk, **form.cleaned_data)
        except NotFound:
            raise Http404 from None
        except AmanatError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Support plan saved."))
            return _back(case.pk)
    return render(
        request,
        "assistance/form.html",
        {
            "case": case,
            "form": form,
            "title": _("New support plan"),
            "intro": _(
                "Make the plan with the person: their objectives, in their words where "
                "possible. It becomes active once they agree to it."
            ),
            "submit": _("Save plan"),
        },
    )


@login_required
def plan_edit(request, case_id, plan_id):
    case = _case(request, case_id, Perm.CASE_UPDATE)
    plan = SupportPlan.objects.filter(pk=plan_id, case=case, status__in=OPEN_PLAN_STATUSES).first()
    if plan is None:
        raise Http404
    initial = {name: getattr(plan, name) for name in services.PLAN_FIELDS}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_plan_update(
                user=request.user, case_id=case.pk, plan_id=plan.pk, changes=form.cleaned_data
            )
        except NotFound:
            raise Http404 from None
        except AmanatError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Support plan saved."))
            return _back(case.pk)
    return render(
        request,
        "assistance/form.html",
        {
            "case": case,
            "form": form,
            "title": _("Edit support plan"),
            "submit": _("Save plan"),
        },
    )


@login_required
@require_POST
def plan_end(request, case_id, plan_id):
    form = PlanEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how the plan ended."))
        return _back(case_id)
    try:
        services.support_plan_end(
            user=request.user, case_id=case_id, plan_id=plan_id, **form.cleaned_data
        )
    except NotFound:
        raise Http404 from None
    except AmanatError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Support plan ended."))
    return _back(case_id)


@login_required
def action_new(request, case_id, plan_id):
    case = _case(request, case_id, Perm.CASE_UPDATE)
    plan = SupportPlan.objects.filter(pk=plan_id, case=case, status__in=OPEN_PLAN_STATUSES).first()
    if plan is None:
        raise Http404
    form = ActionForm(
        request.POST or None,
        needs=Need.objects.filter(case=case, status=NeedStatus.OPEN).order_by("id"),
        organisations=Organisation.objects.filter(is_active=True).order_by("country", "name"),
        referrals=Referral.objects.filter(case=case).select_related("to_organisation"),
        initial={
            "need": request.GET.get("need"),
            "responsible_organisation": request.user.organisation_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_action_add(
                user=request.user,
                case_id=case.pk,
                plan_id=plan.pk,
                description=data["description"],
                need_id=data["need"],
                responsible_organisation_id=data["responsible_organisation"],
                referral_id=data["referral"],
                planned_end_date=data["planned_end_date"],
            )
        except NotFound:
            raise Http404 from None
        except AmanatError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Action added to the plan."))
            return _back(case.pk)
    return render(
        request,
        "assistance/form.html",
        {
            "case": case,
            "form": form,
            "title": _("Add an action to the plan"),
            "intro": _(
                "Each action answers one of the case's needs. When another organisation "
                "carries it out, link the referral to it."
            ),
            "submit": _("Add action"),
        },
    )


@login_required
@require_POST
def action_update(request, case_id, action_id):
    form = ActionProgressForm(request.POST, prefix=f"a{action_id}")
    if not form.is_valid():
        messages.error(request, _("Enter a status and a percentage from 0 to 100."))
        return _back(case_id)
    try:
        services.plan_action_update(
            user=request.user, case_id=case_id, action_id=action_id, **form.cleaned_data
        )
    except NotFound:
        raise Http404 from None
    except AmanatError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Progress recorded."))
    return _back(case_id)


# --- services delivered ------------------------------------------------------------------------


def _open_actions(case):
    return (
        PlanAction.objects.filter(
            case=case, plan__status__in=OPEN_PLAN_STATUSES, status__in=["planned", "in_progress"]
        )
        .select_related("responsible_organisation")
        .defer("description", "progress_note")
    )


@login_required
def service_new(request, case_id):
    case = _case(request, case_id, Perm.CASE_UPDATE)
    form = ServiceForm(
        request.POST or None,
        actions=_open_actions(case),
        initial={"delivered_on": timezone.localdate(), "action": request.GET.get("action")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.service_delivery_record(
                user=request.user,
                case_id=case.pk,
                service_type=data["service_type"],
                delivered_on=data["delivered_on"],
                description=data["description"],
                action_id=data["action"],
                cost=data["cost"],
                currency=data["currency"],
                completes_action=data["completes_action"],
            )
        except NotFound:
            raise Http404 from None
        except AmanatError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Service recorded."))
            return _back(case.pk)
    return render(
        request,
        "assistance/form.html",
        {
            "case": case,
            "form": form,
            "title": _("Record a service delivered"),
            "submit": _("Record service"),
        },
    )


@login_required
def referral_service(request, referral_id):
    """For the recipient of an active referral, who does not see the case pages."""
    try:
        referral = active_referral(request.user, referral_id)
        own = selectors.services_delivered(request.user, referral.case_id, referral_id=referral.pk)
    except NotFound:
        raise Http404 from None
    form = ServiceForm(request.POST or None, initial={"delivered_on": timezone.localdate()})
    allowed = set(referral.services)
    form.fields["service_type"].choices = [
        c for c in form.fields["service_type"].choices if c[0] in allowed
    ]
    del form.fields["action"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.service_delivery_record(
                user=request.user,
                case_id=referral.case_id,
                referral_id=referral.pk,
                service_type=data["service_type"],
                delivered_on=data["delivered_on"],
                description=data["description"],
                cost=data["cost"],
                currency=data["currency"],
                completes_action=data["completes_action"],
            )
        except NotFound:
            raise Http404 from None
        except AmanatError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Service recorded."))
            return redirect("assistance:referral_service", referral_id=referral.pk)
    return render(
        request,
        "assistance/referral_service.html",
        {
            "referral": referral,
            "form": form,
            "services": own,
        },
    )


# --- follow-up ---------------------------------------------------------------------------------


@login_required
def schedule(request, case_id):
    case = _case(request, case_id, Perm.CASE_UPDATE)
    current = FollowUpSchedule.objects.filter(case=case).first()
    defaults = config.schedule_defaults()
    initial = {
        "anchor_kind": current.anchor_kind if current else "exit",
        "anchor_date": current.anchor_date if current else timezone.localdate(),
        "visit_months": ", ".join(
            str(m) for m in (current.visit_months if current else defaults.visit_months)
        ),
        "remind_days_before": current.remind_days_before
        if current
        else defaults.remind_days_before,
        "grace_days": current.grace_days if current else defaults.grace_days,
    }
    form = ScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_schedule_set(user=request.user, case_id=case.pk, **form.cleaned_data)
        except NotFound:
            raise Http404 from None
        except AmanatError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Follow-up visits scheduled."))
            return _back(case.pk)
    return render(
        request,
        "assistance/form.html",
        {
            "case": case,
            "form": form,
            "title": _("Schedule follow-up visits"),
            "intro": _(
                "Visits already held are kept when you reschedule. Counting from the exit "
                "from assistance moves an active case to follow-up."
            ),
            "submit": _("Save schedule"),
        },
    )


@login_required
def visit_new(request, case_id):
    case = _case(request, case_id, Perm.CASE_UPDATE)
    today = timezone.localdate()
    pending = list(
        FollowUpVisit.objects.filter(case=case, number__isnull=False, visited_on__isnull=True)
        .defer("notes")
        .order_by("number")
    )
    chosen = request.GET.get("number")
    if not chosen:
        chosen = next(
            (v.number for v in pending if selectors.visit_state(v, today) in ("due", "overdue")),
            pending[0].number if pending else "",
        )
    instrument = config.instrument()
    form = VisitForm(
        request.POST or None,
        instrument=instrument,
        pending=pending,
        initial={"number": chosen, "visited_on": today, "mode": "in_person"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.followup_visit_record(
                user=request.user,
                case_id=case.pk,
                visited_on=data["visited_on"],
                mode=data["mode"],
                number=data["number"] or None,
                notes=data["notes"],
                answers=form.answers(),
            )
        except NotFound:
            raise Http404 from None
        except AmanatError as error:
            _attach(form, error, prefix="rss_")
        else:
            messages.success(request, _("Follow-up visit recorded."))
            return redirect(f"{_back(case.pk).url}#trajectory")
    return render(
        request,
        "assistance/visit_form.html",
        {
            "case": case,
            "form": form,
            "dimensions": form.dimensions(),
            "disclaimer": _disclaimer(),
        },
    )


@login_required
def score_detail(request, case_id, score_id):
    try:
        record = selectors.reintegration_assessment_read(request.user, case_id, score_id)
    except NotFound:
        raise Http404 from None
    instrument = config.instrument()
    language = get_language() or "en"
    ru = language.startswith("ru")
    dimensions = []
    for code, dimension in record.explanation.get("dimensions", {}).items():
        known = instrument.dimensions.get(code)
        rows = []
        for row in dimension.get("indicators", []):
            indicator = instrument.indicators.get(row["indicator"])
            option = indicator.options.get(row["answer"]) if indicator and row["answer"] else None
            rows.append(
                {
                    "label": (indicator.label.ru if ru else indicator.label.en)
                    if indicator
                    else row["indicator"],
                    "answer": (option.label.ru if ru else option.label.en) if option else "",
                    "value": row["value"],
                    "weight": row["effective_weight"],
                    "status": row["status"],
                }
            )
        dimensions.append(
            {
                "label": (known.label.ru if ru else known.label.en) if known else code,
                "score": dimension.get("score"),
                "note": dimension.get("note"),
                "rows": rows,
            }
        )
    return render(
        request,
        "assistance/score_detail.html",
        {
            "case": record.case,
            "record": record,
            "dimensions": dimensions,
            "composite_note": record.explanation.get("composite", {}).get("note", ""),
            "disclaimer": instrument.disclaimer.ru if ru else instrument.disclaimer.en,
            "version_note": record.explanation.get("weights", ""),
        },
    )


# --- case life cycle ---------------------------------------------------------------------------


def _lifecycle_form(
    request, case_id, *, form_class, title, intro, submit, call, done, **form_kwargs
):
    case = _case(request, case_id, Perm.CASE_UPDATE)
    form = form_class(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            call(case, form.cleaned_data)
        except NotFound:
            raise Http404 from None
        except AmanatError as error:
            _attach(form, error)
        else:
            messages.success(request, done)
            return None, case
    return render(
        request,
        "assistance/form.html",
        {
            "case": case,
            "form": form,
            "title": title,
            "intro": intro,
            "submit": submit,
        },
    ), case


@login_required
def close(request, case_id):
    response, case = _lifecycle_form(
        request,
        case_id,
        form_class=CloseForm,
        title=_("Close the case"),
        intro=_(
            "The reason decides the HTCDS status: closed, or closed and referred. Follow-up "
            "reminders stop for a closed case; it can be reopened."
        ),
        submit=_("Close case"),
        call=lambda c, d: lifecycle.case_close(user=request.user, case_id=c.pk, **d),
        done=_("Case closed."),
    )
    return response or redirect("cases:detail", case_id=case.pk)


@login_required
def reopen(request, case_id):
    response, case = _lifecycle_form(
        request,
        case_id,
        form_class=ReopenForm,
        title=_("Reopen the case"),
        intro="",
        submit=_("Reopen case"),
        call=lambda c, d: lifecycle.case_reopen(user=request.user, case_id=c.pk, **d),
        done=_("Case reopened."),
    )
    return response or redirect("cases:detail", case_id=case.pk)


def _transfer(request, case, data) -> None:
    worker_id = None
    username = (data.get("to_case_worker") or "").strip()
    if username:
        worker_id = User.objects.filter(username=username).values_list("pk", flat=True).first()
        if worker_id is None:
            raise ValidationError(_("Unknown case worker."), field="to_case_worker")
    lifecycle.case_transfer(
        user=request.user,
        case_id=case.pk,
        to_organisation_id=data["to_organisation"],
        to_case_worker_id=worker_id,
        note=data["note"],
    )


@login_required
def transfer(request, case_id):
    organisations = (
        Organisation.objects.filter(is_active=True)
        .exclude(pk=request.user.organisation_id)
        .order_by("country", "name")
    )
    response, case = _lifecycle_form(
        request,
        case_id,
        form_class=TransferForm,
        title=_("Transfer the case"),
        intro=_(
            "The receiving organisation becomes the case holder and your organisation no "
            "longer sees the case. The person must have consented to a referral to it."
        ),
        submit=_("Transfer case"),
        call=lambda c, d: _transfer(request, c, d),
        done=_("Case transferred."),
        organisations=organisations,
    )
    return response or redirect("cases:dashboard")


# --- reminders and statistics ------------------------------------------------------------------


@login_required
def reminders(request):
    mine = request.GET.get("mine") == "1"
    try:
        rows = selectors.followup_reminders_for_user(request.user, mine=mine)
    except NotFound:
        raise Http404 from None
    return render(
        request,
        "assistance/reminders.html",
        {
            "rows": rows,
            "mine": mine,
            "today": timezone.localdate(),
        },
    )


@login_required
def statistics(request):
    def _day(name):
        try:
            return dt.date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return None

    try:
        stats = assistance_statistics(request.user, date_from=_day("from"), date_to=_day("to"))
    except NotFound:
        raise Http404 from None
    return render(request, "assistance/statistics.html", {"stats": stats})
