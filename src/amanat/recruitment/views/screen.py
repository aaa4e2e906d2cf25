"""The screening form: paste a text, see the explanation, and keep it as a monitoring record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from amanat.core.web import form_call
from amanat.recruitment import presenters, services
from amanat.recruitment.access import can_keep, require_screen
from amanat.recruitment.forms import AdForm


@login_required
def screen(request):
    require_screen(request.user)
    form = AdForm(request.POST or None)
    view = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in ("text", "url", "platform",
                                                           "language", "found_on")}  # fmt: skip
        if request.POST.get("action") == "keep":
            ok, ad = form_call(form, services.ad_keep, request=request,
                               success=_("The advertisement was kept."), user=request.user,
                               **values)  # fmt: skip
            if ok:
                return redirect("recruitment:ad", ad_id=ad.pk)
        ok, result = form_call(form, services.ad_screen, user=request.user,
                               ui_language=presenters.ui_language(), **values)  # fmt: skip
        if ok:
            view = presenters.result_view(values["text"], result)
    return render(
        request,
        "recruitment/screen.html",
        {"form": form, "view": view, "can_keep": can_keep(request.user)},
    )
