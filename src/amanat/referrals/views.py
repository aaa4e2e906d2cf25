"""Referral pages. Thin: parse the form, call one service or selector, render."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amanat.accounts.models import Organisation
from amanat.accounts.roles import Perm
from amanat.cases.access import case_is_owned_by_user_org
from amanat.core import geography
from amanat.core.ids import try_parse_id
from amanat.errors import AmanatError, NotFound, ValidationError
from amanat.referrals import codes, directory_io, forms, selectors, services
from amanat.referrals.access import can_refer
from amanat.referrals.matching.weights import load_weights
from amanat.referrals.models import STATE_CHOICES, DirectoryService, NeedStatus
from amanat.referrals.notify import notification_text
from amanat.referrals.taxonomy import load_taxonomy


def _lang(request) -> str:
    return (getattr(request, "LANGUAGE_CODE", "en") or "en").split("-")[0]


# ============================================================================= case section
def case_section_context(request, case):
    """The referrals card on the case page (the case holder's users only)."""
    user = request.user
    if not can_refer(user) or not case_is_owned_by_user_org(user, case):
        return None
    needs = selectors.needs_for_case(user, case.pk)
    referrals = selectors.referrals_for_case(user, case.pk)
    return {
        "case": case,
        "needs": [
            {
                "need": n,
                "label": codes.service_type_label(n.service_type),
                "urgency": codes.urgency_label(n.urgency),
            }
            for n in needs
        ],
        "open_needs": sum(1 for n in needs if n.status == NeedStatus.OPEN),
        "referrals": [
            {"referral": r, "services": ", ".join(codes.service_type_label(s) for s in r.services)}
            for r in referrals
        ],
        "need_form": forms.NeedForm(prefix="need"),
    }


@login_required
@require_POST
def need_add(request, case_id):
    form = forms.NeedForm(request.POST, prefix="need")
    if form.is_valid():
        try:
            services.need_record(user=request.user, case_id=case_id, **form.cleaned_data)
        except NotFound:
            raise Http404 from None
        except AmanatError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Need recorded."))
    else:
        messages.error(request, _("Choose a need and its urgency."))
    return redirect(reverse("cases:detail", args=[case_id]) + "#referrals")


@login_required
@require_POST
def need_status(request, need_id):
    try:
        need = services.need_update(
            user=request.user, need_id=need_id, status=request.POST.get("status", "")
        )
    except NotFound:
        raise Http404 from None
    except AmanatError as error:
        messages.error(request, error.message)
        return redirect("referrals:inbox")
    return redirect(reverse("cases:detail", args=[need.case_id]) + "#referrals")


@login_required
def matches(request, case_id):
    try:
        result = selectors.case_matches(request.user, case_id, limit=10)
    except NotFound:
        raise Http404 from None
    labels = load_weights().factor_labels
    lang = _lang(request)
    rankings = []
    for need, ranking in zip(result.needs, result.rankings, strict=True):
        rows = []
        for m in ranking.matches:
            rows.append(
                {
                    "match": m,
                    "service": result.services.get(m.service_id),
                    "organisation": result.organisations.get(m.organisation_id),
                    "factors": [
                        {"label": labels[f.code].get(lang, labels[f.code]["en"]), "factor": f}
                        for f in m.factors
                    ],
                }
            )
        rankings.append(
            {
                "need": need,
                "label": codes.service_type_label(need.service_type),
                "urgency": codes.urgency_label(need.urgency),
                "ranking": ranking,
                "rows": rows,
            }
        )
    return render(request, "referrals/matches.html", {"case": result.case, "rankings": rankings})


def _recipient_choices(user, service: str = ""):
    offered = DirectoryService.objects.exclude(organisation_id=user.organisation_id)
    if service:
        offered = offered.filter(service_type=service)
    ids = set(offered.values_list("organisation_id", flat=True))
    return Organisation.objects.filter(pk__in=ids, is_active=True).order_by("country", "name")


@login_required
def referral_new(request, case_id):
    from amanat.referrals.access import case_for_referral_work

    try:
        case = case_for_referral_work(request.user, case_id)
    except NotFound:
        raise Http404 from None
    service = request.GET.get("service", "")
    initial = {"urgency": request.GET.get("urgency", "normal")}
    if service in load_taxonomy().service_types:
        initial["services"] = [service]
        initial["shared_fields"] = codes.default_shared_fields([service])
    org_pk = try_parse_id(request.GET.get("org", ""))
    if org_pk is not None:
        initial["to_organisation"] = org_pk
    form = forms.ReferralForm(
        request.POST or None,
        initial=initial,
        organisations=_recipient_choices(
            request.user, service if service in load_taxonomy().service_types else ""
        ),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_create(
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
        except ValidationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if data["send_now"]:
                try:
                    services.referral_send(user=request.user, referral_id=referral.pk)
                except AmanatError as error:
                    messages.warning(
                        request, _("Saved as a draft, not sent: %(why)s") % {"why": error.message}
                    )
                else:
                    messages.success(request, _("Referral sent."))
            else:
                messages.success(request, _("Referral saved as a draft."))
            return redirect("referrals:detail", referral_id=referral.pk)
    return render(
        request,
        "referrals/new.html",
        {
            "case": case,
            "form": form,
            "templates": {
                code: list(t.shared_fields) for code, t in load_taxonomy().service_types.items()
            },
        },
    )


# ================================================================================ inbox
@login_required
def inbox(request):
    if not request.user.can(Perm.CASE_VIEW):
        raise Http404
    box = request.GET.get("box", "incoming")
    if box not in ("incoming", "outgoing"):
        box = "incoming"
    status = request.GET.get("status", "")
    try:
        page = selectors.referral_inbox(
            request.user, box=box, status=status, page=request.GET.get("page", 1)
        )
    except ValidationError:
        status = ""
        page = selectors.referral_inbox(request.user, box=box, page=1)
    rows = [
        {
            "referral": r,
            "services": ", ".join(codes.service_type_label(s) for s in r.services),
            "urgency": codes.urgency_label(r.urgency),
        }
        for r in page.items
    ]
    notices = [
        {"n": n, "text": notification_text(n.kind, n.referral)}
        for n in selectors.notifications_for(request.user, unread_only=True, limit=20)
    ]
    return render(
        request,
        "referrals/inbox.html",
        {
            "box": box,
            "status": status,
            "page": page,
            "rows": rows,
            "notices": notices,
            "states": [
                ("", _("All")),
                *[(s, lbl) for s, lbl in STATE_CHOICES if s != "draft" or box == "outgoing"],
                ("overdue", _("Overdue")),
            ],
        },
    )


@login_required
@require_POST
def notifications_read(request):
    services.notifications_mark_read(user=request.user, mark_all=True)
    return redirect("referrals:inbox")


def _detail_context(request, referral_id):
    referral = selectors.referral_detail(request.user, referral_id)
    view = selectors.referral_case_view(request.user, referral_id)
    override_possible = (
        referral.side == "sender"
        and referral.state == "draft"
        and request.user.can(Perm.REFERRAL_CONSENT_OVERRIDE)
    )
    return {
        "referral": referral,
        "view": view,
        "services": ", ".join(codes.service_type_label(s) for s in referral.services),
        "urgency": codes.urgency_label(referral.urgency),
        "legal_basis": codes.legal_basis_label(referral.legal_basis)
        if referral.legal_basis
        else "",
        "override_possible": override_possible,
        "note_form": forms.NoteForm(),
        "shared_labels": [codes.shared_field_label(c) for c in referral.shared_fields],
    }


@login_required
def detail(request, referral_id):
    try:
        context = _detail_context(request, referral_id)
    except NotFound:
        raise Http404 from None
    return render(request, "referrals/detail.html", context)


@login_required
@require_POST
def act(request, referral_id, action):
    if action not in services.ACTIONS:
        raise Http404
    form = forms.ActionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    kwargs = {}
    if action in ("decline", "revoke", "close_without_service"):
        kwargs["reason"] = data.get("reason", "")
    if action == "complete":
        kwargs["outcome_note"] = data.get("outcome_note", "")
    if action == "send" and data.get("consent_override"):
        kwargs["consent_override"] = True
        kwargs["justification"] = data.get("justification", "")
    try:
        referral = services.ACTIONS[action](user=request.user, referral_id=referral_id, **kwargs)
    except NotFound:
        raise Http404 from None
    except AmanatError as error:
        messages.error(request, error.message)
    else:
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
        try:
            services.referral_note_add(
                user=request.user, referral_id=referral_id, text=form.cleaned_data["text"]
            )
        except NotFound:
            raise Http404 from None
        except AmanatError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Note recorded."))
    return redirect("referrals:detail", referral_id=referral_id)


# ============================================================================== directory
@login_required
def directory(request):
    form = forms.DirectoryFilterForm(request.GET or None)
    params = form.cleaned_data if form.is_valid() else {}
    found = selectors.directory_search(
        query=params.get("query", ""),
        country=params.get("country", ""),
        service=params.get("service", ""),
        region=params.get("region", ""),
    )
    rows = [
        {
            "org": o,
            "services": [
                {"s": s, "label": codes.service_type_label(s.service_type)} for s in o.listed
            ],
        }
        for o in found
    ]
    return render(
        request,
        "referrals/directory.html",
        {
            "form": form,
            "rows": rows,
            "can_manage": request.user.can(Perm.DIRECTORY_MANAGE),
            "countries": [(c, geography.country_name(c)) for c in geography.NRM_COUNTRIES],
        },
    )


@login_required
def directory_regions(request):
    country = request.GET.get("country", "KZ").upper()
    if country not in geography.country_codes():
        country = "KZ"
    types = list(load_taxonomy().service_types)
    return render(
        request,
        "referrals/regions.html",
        {
            "country": country,
            "country_name": geography.country_name(country),
            "types": [(t, codes.service_type_label(t)) for t in types],
            "regions": selectors.region_summary(country),
            "countries": [(c, geography.country_name(c)) for c in geography.NRM_COUNTRIES],
        },
    )


@login_required
def directory_entry(request, organisation_id):
    try:
        org = selectors.directory_organisation(request.user, organisation_id)
    except NotFound:
        raise Http404 from None
    can_manage = request.user.can(Perm.DIRECTORY_MANAGE)
    profile = getattr(org, "directory_profile", None)
    return render(
        request,
        "referrals/entry.html",
        {
            "org": org,
            "services": [
                {"s": s, "label": codes.service_type_label(s.service_type)} for s in org.listed
            ],
            "can_manage": can_manage,
            "own": request.user.organisation_id == org.pk,
            "service_form": forms.ServiceForm(prefix="svc") if can_manage else None,
            "profile_form": forms.ProfileForm(
                initial={
                    "core_functions": profile.core_functions if profile else "",
                    "nrm_role": profile.nrm_role if profile else "",
                }
            )
            if can_manage
            else None,
        },
    )


def _split_codes(text: str) -> list[str]:
    return directory_io._split(text or "")


@login_required
@require_POST
def directory_service_save(request, organisation_id):
    form = forms.ServiceForm(request.POST, prefix="svc")
    if not form.is_valid():
        messages.error(
            request,
            _("Check the service form: %(errors)s")
            % {"errors": "; ".join(f"{k}: {v[0]}" for k, v in form.errors.items())},
        )
        return redirect("referrals:directory_entry", organisation_id=organisation_id)
    data = dict(form.cleaned_data)
    data["regions"] = _split_codes(data["regions"])
    data["nationalities"] = _split_codes(data["nationalities"])
    try:
        services.directory_service_save(
            user=request.user, organisation_id=organisation_id, data=data
        )
    except NotFound:
        raise Http404 from None
    except AmanatError as error:
        messages.error(request, f"{error.field}: {error.message}" if error.field else error.message)
    else:
        messages.success(request, _("Service saved."))
    return redirect("referrals:directory_entry", organisation_id=organisation_id)


@login_required
@require_POST
def directory_service_delete(request, service_id):
    service = DirectoryService.objects.filter(pk=service_id).first()
    if service is None:
        raise Http404
    try:
        services.directory_service_delete(user=request.user, service_id=service_id)
    except NotFound:
        raise Http404 from None
    messages.success(request, _("Service removed from the directory."))
    return redirect("referrals:directory_entry", organisation_id=service.organisation_id)


@login_required
@require_POST
def directory_availability(request, service_id):
    text = request.POST.get("available", "").strip()
    try:
        available = int(text) if text else None
    except ValueError:
        available = -1
    try:
        service = services.directory_availability_update(
            user=request.user,
            service_id=service_id,
            available=available,
            accepting=request.POST.get("accepting") == "on",
        )
    except NotFound:
        raise Http404 from None
    except AmanatError as error:
        messages.error(request, error.message)
        return redirect("referrals:directory")
    messages.success(request, _("Availability updated."))
    return redirect("referrals:directory_entry", organisation_id=service.organisation_id)


@login_required
@require_POST
def directory_profile(request, organisation_id):
    form = forms.ProfileForm(request.POST)
    if form.is_valid():
        try:
            services.organisation_profile_update(
                user=request.user, organisation_id=organisation_id, **form.cleaned_data
            )
        except NotFound:
            raise Http404 from None
        except AmanatError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Profile saved."))
    return redirect("referrals:directory_entry", organisation_id=organisation_id)


@login_required
def directory_import(request):
    if not request.user.can(Perm.DIRECTORY_MANAGE):
        raise Http404
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            header, rows = directory_io.read_upload(upload.name, upload.read())
            result = services.directory_import(
                user=request.user,
                header=header,
                rows=rows,
                skip_invalid=form.cleaned_data["skip_invalid"],
            )
        except ValidationError as error:
            form.add_error("file", error.message)
        else:
            if result.imported:
                messages.success(
                    request,
                    _("Imported: %(c)d services added, %(u)d updated.")
                    % {"c": result.created, "u": result.updated},
                )
            else:
                messages.error(request, _("Nothing imported: fix the rows below and try again."))
    return render(request, "referrals/import.html", {"form": form, "result": result})


@login_required
def directory_export(request, file_format):
    if file_format not in ("csv", "xlsx") or not request.user.can(Perm.DIRECTORY_MANAGE):
        raise Http404
    rows = list(selectors.directory_services_for_export())
    records = directory_io.export_records(rows)
    if file_format == "xlsx":
        buffer = io.BytesIO()
        directory_io.write_xlsx(records, buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        text = io.StringIO()
        directory_io.write_csv(records, text)
        response = HttpResponse(
            ("\ufeff" + text.getvalue()).encode(), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="directory.{file_format}"'
    services.directory_export_audit(user=request.user, count=len(rows), file_format=file_format)
    return response


# ============================================================================ coordinator
@login_required
def coordinator(request):
    country = request.GET.get("country", "").upper()
    if country and country not in geography.country_codes():
        country = ""
    try:
        stats = selectors.coordinator_stats(request.user, country=country)
    except NotFound:
        raise Http404 from None
    labels = dict(STATE_CHOICES)
    total = max(stats["total"], 1)
    by_state = [
        {"code": s, "label": labels[s], "count": n, "pct": round(100 * n / total)}
        for s, n in stats["by_state"].items()
    ]
    by_type = [
        {
            "label": codes.service_type_label(t),
            "total": sum(c.values()),
            "completed": c.get("completed", 0),
            "declined": c.get("declined", 0),
            "open": sum(c.get(s, 0) for s in ("sent", "accepted", "in_progress")),
        }
        for t, c in stats["by_service_type"].items()
    ]
    by_region = [
        {
            "label": geography.region_name(r) if "-" in r else geography.country_name(r),
            "total": sum(c.values()),
            "completed": c.get("completed", 0),
        }
        for r, c in stats["by_region"].items()
    ]
    return render(
        request,
        "referrals/coordinator.html",
        {
            "stats": stats,
            "by_state": by_state,
            "by_type": by_type,
            "by_region": by_region,
            "country": country,
            "countries": [(c, geography.country_name(c)) for c in geography.NRM_COUNTRIES],
            "acceptance_pct": None
            if stats["acceptance_rate"] is None
            else round(100 * stats["acceptance_rate"]),
            "completion_pct": None
            if stats["completion_rate"] is None
            else round(100 * stats["completion_rate"]),
        },
    )
