"""Kept advertisements of the user's organisation: the list, one advertisement, link, unlink,
delete (after a confirmation page)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amanat.core.web import form_call, message_call
from amanat.recruitment import presenters, selectors, services
from amanat.recruitment.access import LINK_PERMISSION, require_screen
from amanat.recruitment.forms import LinkForm


@login_required
def ad_list(request):
    require_screen(request.user)
    level = request.GET.get("level", "")
    if level not in ("", "low", "medium", "high"):
        level = ""
    ads = selectors.ads_for_user(request.user, level=level)[: selectors.LIST_LIMIT]
    rows = [{"ad": ad, "level_label": presenters.level_label(ad.level)} for ad in ads]
    choices = [(code, presenters.level_label(code)) for code in ("high", "medium", "low")]
    return render(request, "recruitment/ad_list.html",
                  {"rows": rows, "level": level, "level_choices": choices})  # fmt: skip


def _detail(request, ad, link_form):
    result = presenters.screen_text(ad.text, ad.language or None)
    return render(
        request,
        "recruitment/ad_detail.html",
        {
            "ad": ad,
            "view": presenters.result_view(ad.text, result),
            "level_label": presenters.level_label(ad.level),
            "links": selectors.ad_links(ad),
            "link_form": link_form,
            "can_link": request.user.can(LINK_PERMISSION),
            "language_name": presenters.language_name(ad.language),
        },
    )


@login_required
def ad_detail(request, ad_id):
    return _detail(request, selectors.ad_read(request.user, ad_id), LinkForm())


@login_required
@require_POST
def ad_link(request, ad_id):
    ad = selectors.ad_read(request.user, ad_id)
    form = LinkForm(request.POST)
    if form.is_valid():
        case_id = selectors.owned_case_id_for_code(request.user, form.cleaned_data["case"])
        if case_id is None:
            form.add_error("case", _("Your organisation holds no case with this code."))
        else:
            ok, _link = form_call(form, services.ad_link_case, request=request,
                                  success=_("The advertisement was linked to the case."),
                                  user=request.user, ad_id=ad.pk, case_id=case_id)  # fmt: skip
            if ok:
                return redirect("cases:detail", case_id)
    return _detail(request, ad, form)


@login_required
@require_POST
def ad_unlink(request, ad_id, case_id):
    message_call(request, services.ad_unlink_case, user=request.user, ad_id=ad_id,
                 case_id=case_id, success=_("The advertisement was unlinked from the case."))  # fmt: skip
    return redirect("recruitment:ad", ad_id)


@login_required
def ad_delete(request, ad_id):
    """GET (or a POST without `confirm`): what will be deleted, and a button to confirm.
    Deletion is final and removes the links to cases, so it takes a second, deliberate step."""
    ad = selectors.ad_read(request.user, ad_id)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        message_call(request, services.ad_delete, user=request.user, ad_id=ad.pk,
                     success=_("The advertisement was deleted."))  # fmt: skip
        return redirect("recruitment:ads")
    return render(request, "recruitment/ad_delete.html",
                  {"ad": ad, "links": selectors.ad_links(ad),
                   "level_label": presenters.level_label(ad.level)})  # fmt: skip
