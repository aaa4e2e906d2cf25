"""Group work: stations and outputs."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from amanat.core.web import message_call
from amanat.training import forms, selectors, services

from ._common import _render_event, trainer_required


@trainer_required
def group_work(request, event_id):
    event = selectors.event_get(request.user, event_id)
    agenda_items = selectors.event_agenda(event)
    action = request.POST.get("action")
    station_form = forms.StationForm(
        request.POST if action == "station" else None, agenda=agenda_items
    )
    output_form = forms.OutputForm(request.POST if action == "output" else None)
    if request.method == "POST":
        if action == "station" and station_form.is_valid():
            data = station_form.cleaned_data
            ok, _station = message_call(
                request,
                services.station_add,
                user=request.user,
                event_id=event.pk,
                day=data["day"],
                name=data["name"],
                agenda_item_id=data["agenda_item"],
            )
            if ok:
                return redirect("training:group_work", event_id=event.pk)
        if action == "output" and output_form.is_valid():
            ok, _output = message_call(
                request,
                services.group_output_add,
                user=request.user,
                event_id=event.pk,
                station_id=request.POST.get("station"),
                **output_form.cleaned_data,
            )
            if ok:
                return redirect(
                    reverse("training:group_work", args=[event.pk])
                    + f"#station-{request.POST.get('station', '')}"
                )
        if action == "delete":
            ok, _none = message_call(
                request,
                services.group_output_delete,
                user=request.user,
                event_id=event.pk,
                output_id=request.POST.get("output"),
            )
            if ok:
                return redirect("training:group_work", event_id=event.pk)
    event, stations = selectors.group_work(request.user, event.pk)
    days = [(day, [s for s in stations if s.day == day]) for day in range(1, event.days + 1)]
    return _render_event(
        request,
        "training/group_work.html",
        event,
        "group_work",
        {"days": days, "station_form": station_form, "output_form": forms.OutputForm()},
    )


@trainer_required
def recap(request, event_id, day):
    event, stations = selectors.group_work(request.user, event_id, day=day)
    if not 1 <= day <= event.days:
        raise Http404
    return render(
        request, "training/recap.html", {"event": event, "day": day, "stations": stations}
    )
