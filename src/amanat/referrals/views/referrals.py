"""A referral's pages: drafting one for a case, its detail, its moves and the recipient's notes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amanat.accounts.roles import Perm
from amanat.core.ids import try_parse_id
from amanat.core.web import form_call, message_call
from amanat.errors import AmanatError
from amanat.referrals import codes, forms, selectors, services
from amanat.referrals.access import case_for_referral_work
from amanat.referrals.taxonomy import load_taxonomy
from amanat.referrals.views._common import services_text
from amanat.referrals.views.sharing_preview import sharing_context


def _new_referral_form(request) -> forms.ReferralForm:
    """The draft form, pre-filled from the matches page (?service=&urgency=&org=)."""
    service = request.GET.get("service", "")
    if service not in load_taxonomy().service_types:
        service = ""
    initial = {"urgency": request.GET.get("urgency", "normal")}
    if service:
        initial["services"] = [service]
        initial["shared_fields"] = codes.default_shared_fields([service])
    org_pk = try_parse_id(request.GET.get("org", ""))
    if org_pk is not None:
        initial["to_organisation"] = org_pk
    return forms.ReferralForm(
        request.POST or None,
        initial=initial,
        organisations=selectors.referral_recipients(request.user, service),
    )


def _send_now(request, referral) -> None:
    """ "Save and send": the draft stays a draft (with a warning) when it cannot go yet."""
    try:
        services.referral_send(user=request.user, referral_id=referral.pk)
    except AmanatError as error:
        messages.warning(request, _("Saved as a draft, not sent: %(why)s") % {"why": error.message})
    else:
        messages.success(request, _("Referral sent."))


@login_required
def referral_new(request, case_id):
    case = case_for_referral_work(request.user, case_id)
    form = _new_referral_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, referral = form_call(
            form,
            services.referral_create,
            user=request.user,
            case_id=case.pk,
            to_organisation_id=data["to_organisation"],
            services=data["services"],
            urgency=data["urgency"],
            reason=data["reason"],
            shared_fields=data["shared_fields"] or None,
            legal_basis=data["legal_basis"],
            legal_basis_note=data["legal_basis_note"],
        )
        if ok:
            if data["send_now"]:
                _send_now(request, referral)
            else:
                messages.success(request, _("Referral saved as a draft."))
            return redirect("referrals:detail", referral_id=referral.pk)
    if form.is_bound:
        services_chosen = request.POST.getlist("services")
        shared_chosen = request.POST.getlist("shared_fields") or None
    else:
        services_chosen = list(form.initial.get("services") or [])
        shared_chosen = None
    return render(
        request,
        "referrals/new.html",
        {
            "case": case,
            "form": form,
            "sharing": sharing_context(request.user, case, services_chosen, shared_chosen),
        },
    )


@login_required
def detail(request, referral_id):
    services.referral_expire_if_due(referral_id)  # selectors never write (0446)
    referral = selectors.referral_detail(request.user, referral_id)
    view = selectors.referral_case_view(request.user, referral_id)
    override_possible = (
        referral.side == "sender"
        and referral.state == "draft"
        and request.user.can(Perm.REFERRAL_CONSENT_OVERRIDE)
    )
    context = {
        "referral": referral,
        "view": view,
        "services": services_text(referral.services),
        "urgency": codes.urgency_label(referral.urgency),
        "legal_basis": codes.legal_basis_label(referral.legal_basis)
        if referral.legal_basis
        else "",
        "override_possible": override_possible,
        "note_form": forms.NoteForm(),
        "shared_labels": [codes.shared_field_label(c) for c in referral.shared_fields],
    }
    return render(request, "referrals/detail.html", context)


def _action_arguments(action: str, data: dict) -> dict:
    """The keyword arguments of a move, from the action form."""
    kwargs = {}
    if action in ("decline", "revoke", "close_without_service"):
        kwargs["reason"] = data.get("reason", "")
    if action == "complete":
        kwargs["outcome_note"] = data.get("outcome_note", "")
    if action == "send" and data.get("consent_override"):
        kwargs["consent_override"] = True
        kwargs["justification"] = data.get("justification", "")
    return kwargs


@login_required
@require_POST
def act(request, referral_id, action):
    if action not in services.ACTIONS:
        raise Http404
    form = forms.ActionForm(request.POST)
    form.is_valid()
    ok, referral = message_call(
        request,
        services.ACTIONS[action],
        user=request.user,
        referral_id=referral_id,
        **_action_arguments(action, form.cleaned_data),
    )
    if ok:
        messages.success(
            request,
            _("Done: the referral is now %(state)s.") % {"state": referral.get_state_display()},
        )
    return redirect("referrals:detail", referral_id=referral_id)


@login_required
@require_POST
def note_add(request, referral_id):
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        message_call(
            request,
            services.referral_note_add,
            user=request.user,
            referral_id=referral_id,
            text=form.cleaned_data["text"],
            success=_("Note recorded."),
        )
    return redirect("referrals:detail", referral_id=referral_id)
