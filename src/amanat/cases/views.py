"""Case pages. Thin: parse the form, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from amanat.accounts.roles import Perm
from amanat.accounts.selectors import organisations_active
from amanat.cases import consent as consent_services
from amanat.cases import selectors, services
from amanat.cases.approvals.selectors import case_approvals
from amanat.cases.duplicates import PossibleDuplicate
from amanat.cases.flags import case_flags_in_force
from amanat.cases.forms import CaseForm, ConsentForm, PersonForm, StatusDecisionForm
from amanat.cases.identity.reasons import reason_labels
from amanat.cases.presenters import case_facts, display_name, person_facts
from amanat.cases.sections import case_sections_for
from amanat.cases.timeline import event_label
from amanat.cases.worklist import SORTS, Worklist, assigned_choices, case_filters, parse_worklist
from amanat.core import vocabularies
from amanat.core.landing import panels_for
from amanat.core.web import attach_error, form_call, message_call
from amanat.errors import AmanatError, NotFound
from amanat.privacy.models import ConsentPurpose


@login_required
def dashboard(request):
    """The worklist: the cases the user may see, filtered and sorted (ADR 1621), with the
    panels of what needs attention (core.landing)."""
    if not request.user.can(Perm.CASE_VIEW):
        return render(request, "cases/no_cases.html")
    query = request.GET.get("q", "").strip()
    try:
        worklist = parse_worklist(request.GET)
    except AmanatError as error:  # a bad filter is answered on the page, never a 500
        messages.error(request, error.message)
        worklist = Worklist()
    if query:
        cases = selectors.case_search(request.user, query)
        page = None
    else:
        page = selectors.case_list_for_user(
            request.user,
            page=request.GET.get("page", 1),
            cursor=request.GET.get("cursor", ""),
            worklist=worklist,
        )
        cases = page.cases
    # A search lists best matches first, each with why it matched.
    rows = [
        {
            "case": c,
            "name": display_name(c.person),
            "reasons": reason_labels(getattr(c, "match_reasons", ())),
            "flags": c.active_flags,
            "date": getattr(c, worklist.date_field),
        }
        for c in cases
    ]
    context = {
        "rows": rows,
        "page": page,
        "query": query,
        "worklist": worklist,
        "sorts": [(key, label) for key, (_o, label, _d) in SORTS.items()],
        "sort_label": SORTS[worklist.sort][1],
        "date_label": _("Last activity") if worklist.date_field == "updated_at" else _("Opened"),
        "status_choices": vocabularies.choices("case_status"),
        "assigned_choices": assigned_choices(request.user),
        "extra_filters": case_filters(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "cases/_case_rows.html", context)
    context["panels"] = panels_for(request.user, "worklist")
    return render(request, "cases/dashboard.html", context)


@login_required
@sensitive_post_parameters()
def register(request):
    if not request.user.can(Perm.CASE_CREATE):
        raise Http404
    person_form = PersonForm(request.POST or None, prefix="person")
    case_form = CaseForm(request.POST or None, prefix="case")
    duplicates = []
    # Both forms are checked (not `and`): every problem of the page shows in one round.
    if request.method == "POST" and all([person_form.is_valid(), case_form.is_valid()]):
        try:
            ok, case = (
                True,
                services.case_open(
                    user=request.user,
                    person=person_form.service_data(),
                    case=case_form.service_data(),
                    # Set only by the "register anyway" button of the warning below.
                    confirm_not_duplicate=request.POST.get("confirm_not_duplicate") == "1",
                ),
            )
        except PossibleDuplicate as warning:  # shown with the form, nothing saved
            ok, duplicates = False, [c.as_dict() for c in warning.candidates]
        except NotFound:
            raise
        except AmanatError as error:
            ok = False
            attach_error([person_form, case_form], error)
        if ok:
            messages.success(request, _("Case %(code)s opened.") % {"code": case.code})
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/register.html",
        {"person_form": person_form, "case_form": case_form, "duplicates": duplicates},
    )


@login_required
def detail(request, case_id):
    # Opening a case from the duplicate warning is the user's decision "it is this person":
    # the read is audited with that purpose.
    from_warning = request.GET.get("from") == "duplicate-warning"
    purpose = "duplicate warning: existing case opened" if from_warning else "case management"
    case = selectors.case_read(request.user, case_id, purpose=purpose)
    timeline = [
        {"event": event, "label": event_label(event.kind)}
        for event in selectors.case_timeline(case)
    ]
    consents = selectors.case_consents(case)
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "name": display_name(case.person),
            "person_facts": person_facts(case.person),
            "case_facts": case_facts(case),
            "timeline": timeline,
            "consents": consents,
            "status_choices": vocabularies.choices("trafficking_status"),
            "decided_by_choices": vocabularies.choices("status_decision_organisation"),
            "can_update": request.user.can(Perm.CASE_UPDATE),
            "can_decide": request.user.can(Perm.CASE_DECIDE_STATUS),
            "can_consent": request.user.can(Perm.CONSENT_RECORD),
            "case_sections": case_sections_for(request, case),
            "flags": case_flags_in_force(case),
            "approvals": case_approvals(case),
            "can_flag": request.user.can(Perm.CASE_UPDATE)
            and case.owner_organisation_id == request.user.organisation_id,
        },
    )


@login_required
def consent(request, case_id):
    case = selectors.case_read(request.user, case_id)
    organisations = organisations_active()
    # A page that needs a consent links here with ?purpose=... (e.g. the assistance gate).
    wanted = request.GET.get("purpose")
    initial = {"purpose": wanted} if wanted in ConsentPurpose.values else {}
    form = ConsentForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _consent = form_call(
            form,
            consent_services.consent_record,
            user=request.user,
            case_id=case.pk,
            purpose=form.cleaned_data["purpose"],
            method=form.cleaned_data["method"],
            granted=form.cleaned_data["granted"],
            given_on=form.cleaned_data["given_on"],
            recipient_organisation_id=form.cleaned_data["recipient_organisation"],
            checklist=form.checklist(),
            notes=form.cleaned_data["notes"],
            request=request,
            success=_("Consent recorded."),
        )
        if ok:
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/consent.html", {"case": case, "form": form})


@login_required
@require_POST
def consent_withdraw(request, case_id, consent_id):
    message_call(
        request,
        consent_services.consent_withdraw,
        user=request.user,
        case_id=case_id,
        consent_id=consent_id,
        reason=request.POST.get("reason", ""),
        success=_("Consent withdrawn. It no longer allows any sharing."),
    )
    return redirect("cases:detail", case_id=case_id)


@login_required
@require_POST
def decide_status(request, case_id):
    form = StatusDecisionForm(request.POST)
    if form.is_valid():
        message_call(
            request,
            services.case_decide_trafficking_status,
            user=request.user,
            case_id=case_id,
            status=form.cleaned_data["status"],
            decided_by_org_type=form.cleaned_data["decided_by_org_type"],
            success=_("Trafficking status recorded."),
        )
    else:
        messages.error(request, _("Choose a status and who decided it."))
    return redirect("cases:detail", case_id=case_id)


@login_required
@sensitive_post_parameters()
def edit(request, case_id):
    case = selectors.case_read(request.user, case_id)
    if not request.user.can(Perm.CASE_UPDATE):
        raise Http404
    initial_person = {spec.name: getattr(case.person, spec.name) for spec in PersonForm.specs}
    initial_case = {spec.name: getattr(case, spec.name) for spec in CaseForm.specs}
    person_form = PersonForm(request.POST or None, prefix="person", initial=initial_person)
    case_form = CaseForm(request.POST or None, prefix="case", initial=initial_case)
    # Both forms are checked (not `and`): every problem of the page shows in one round.
    if request.method == "POST" and all([person_form.is_valid(), case_form.is_valid()]):
        ok, _case = form_call(
            [person_form, case_form],
            services.case_edit,
            user=request.user,
            case_id=case.pk,
            person=person_form.cleaned_data,
            case=case_form.cleaned_data,
            request=request,
            success=_("Changes saved."),
        )
        if ok:
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/edit.html",
        {"case": case, "person_form": person_form, "case_form": case_form},
    )
