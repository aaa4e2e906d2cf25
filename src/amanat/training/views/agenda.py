"""An event's agenda."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amanat.core.web import form_call, message_call
from amanat.training import forms, selectors, services

from ._common import _render_event, trainer_required


@trainer_required
def agenda(request, event_id):
    event = selectors.event_get(request.user, event_id)
    sessions = selectors.curriculum_sessions(event)
    build_form = forms.AgendaBuildForm(
        request.POST if request.POST.get("action") == "build" else None
    )
    item_form = forms.AgendaItemForm(
        request.POST if request.POST.get("action") == "add" else None, sessions=sessions
    )
    if request.method == "POST":
        form = build_form if request.POST.get("action") == "build" else item_form
        if form.is_valid():
            if form is build_form:
                ok, _result = form_call(
                    form,
                    services.agenda_build_from_curriculum,
                    user=request.user,
                    event_id=event.pk,
                    **form.cleaned_data,
                )
            else:
                ok, _result = form_call(
                    form,
                    services.agenda_item_add,
                    user=request.user,
                    event_id=event.pk,
                    data=form.cleaned_data,
                )
            if ok:
                messages.success(request, _("Agenda updated."))
                return redirect("training:agenda", event_id=event.pk)
    agenda_items = selectors.event_agenda(event)
    days = [(day, [a for a in agenda_items if a.day == day]) for day in range(1, event.days + 1)]
    return _render_event(
        request,
        "training/agenda.html",
        event,
        "agenda",
        {"days": days, "build_form": build_form, "item_form": item_form},
    )


@trainer_required
@require_POST
def agenda_delete(request, event_id, item_id):
    message_call(
        request, services.agenda_item_delete, user=request.user, event_id=event_id, item_id=item_id
    )
    return redirect("training:agenda", event_id=event_id)
