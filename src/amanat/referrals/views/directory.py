"""The service directory's pages: search, the region view and one organisation's entry."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from amanat.accounts.roles import Perm
from amanat.core import geography
from amanat.referrals import codes, forms, selectors
from amanat.referrals.taxonomy import load_taxonomy
from amanat.referrals.views._common import country_choices, service_rows


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
    return render(
        request,
        "referrals/directory.html",
        {
            "form": form,
            "rows": [{"org": o, "services": service_rows(o.listed)} for o in found],
            "can_manage": request.user.can(Perm.DIRECTORY_MANAGE),
            "countries": country_choices(),
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
            "countries": country_choices(),
        },
    )


@login_required
def directory_entry(request, organisation_id):
    org = selectors.directory_organisation(request.user, organisation_id)
    can_manage = request.user.can(Perm.DIRECTORY_MANAGE)
    profile = getattr(org, "directory_profile", None)
    return render(
        request,
        "referrals/entry.html",
        {
            "org": org,
            "services": service_rows(org.listed),
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
