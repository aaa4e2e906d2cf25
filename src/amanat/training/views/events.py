"""Home, events, their flags and trainers."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amanat.core.web import form_call, message_call
from amanat.training import access, forms, selectors, services

from ._common import _render_event, trainer_required


@trainer_required
def home(request):
    return render(request, "training/home.html", {"events": selectors.event_list(request.user)})


def _event_form(request, *, data=None, initial=None, event=None):
    user = request.user
    versions = selectors.published_versions(user)
    test_forms = list(access.test_forms_visible_to(user))
    evaluation_forms = list(access.evaluation_forms_visible_to(user))
    if event is not None:  # a co-trainer from elsewhere still sees the event's own choices
        for current, options in (
            (event.curriculum_version, versions),
            (event.test_form, test_forms),
            (event.evaluation_form, evaluation_forms),
        ):
            if current is not None and current not in options:
                options.append(current)
    return forms.EventForm(
        data,
        initial=initial,
        versions=versions,
        test_forms=test_forms,
        evaluation_forms=evaluation_forms,
    )


@trainer_required
def event_new(request):
    form = _event_form(
        request,
        data=request.POST or None,
        initial={"country": request.user.organisation.country, "language": "ru"},
    )
    if request.method == "POST" and form.is_valid():
        ok, event = form_call(
            form,
            services.event_create,
            user=request.user,
            data=form.cleaned_data,
            request=request,
            success=_("Event created."),
        )
        if ok:
            return redirect("training:event", event_id=event.pk)
    return render(request, "training/event_form.html", {"form": form})


@trainer_required
def event_detail(request, event_id):
    event = selectors.event_get(request.user, event_id)
    return _render_event(
        request,
        "training/event_detail.html",
        event,
        "overview",
        {
            "trainers": selectors.event_trainers(event),
            "participation": selectors.participation(event),
            "flags_form": forms.FlagsForm(
                initial={
                    "pre_test_open": event.pre_test_open,
                    "post_test_open": event.post_test_open,
                    "evaluation_open": event.evaluation_open,
                    "attempts_allowed": event.attempts_allowed,
                }
            ),
            "trainer_form": forms.TrainerForm(),
            "agenda_count": selectors.agenda_count(event),
        },
    )


@trainer_required
def event_edit(request, event_id):
    event = selectors.event_get(request.user, event_id)
    initial = {
        name: getattr(event, name)
        for name in (
            "title",
            "kind",
            "start_date",
            "end_date",
            "place",
            "country",
            "region",
            "language",
        )
    }
    initial.update(
        curriculum_version=event.curriculum_version_id,
        test_form=event.test_form_id,
        evaluation_form=event.evaluation_form_id,
    )
    form = _event_form(request, data=request.POST or None, initial=initial, event=event)
    if request.method == "POST" and form.is_valid():
        ok, _event = form_call(
            form,
            services.event_update,
            user=request.user,
            event_id=event.pk,
            changes=form.cleaned_data,
            request=request,
            success=_("Changes saved."),
        )
        if ok:
            return redirect("training:event", event_id=event.pk)
    return _render_event(request, "training/event_form.html", event, "overview", {"form": form})


@trainer_required
@require_POST
def event_flags(request, event_id):
    form = forms.FlagsForm(request.POST)
    if form.is_valid():
        message_call(
            request,
            services.event_update,
            user=request.user,
            event_id=event_id,
            changes={k: v for k, v in form.cleaned_data.items() if v is not None},
            success=_("Changes saved."),
        )
    else:  # nothing is saved; the message names the field (e.g. attempts allowed out of range)
        for name, errors in form.errors.items():
            messages.error(request, f"{form.fields[name].label}: {errors[0]}")
    return redirect(
        request.POST.get("next_tab") == "tests"
        and reverse("training:tests", args=[event_id])
        or reverse("training:event", args=[event_id])
    )


@trainer_required
@require_POST
def event_trainer_add(request, event_id):
    form = forms.TrainerForm(request.POST)
    if form.is_valid():
        message_call(
            request,
            services.event_trainer_add,
            user=request.user,
            event_id=event_id,
            username=form.cleaned_data["username"],
            success=_("Co-trainer added."),
        )
    return redirect("training:event", event_id=event_id)


@trainer_required
@require_POST
def event_trainer_remove(request, event_id, trainer_id):
    message_call(
        request,
        services.event_trainer_remove,
        user=request.user,
        event_id=event_id,
        trainer_id=trainer_id,
    )
    if trainer_id == request.user.pk:
        return redirect("training:home")
    return redirect("training:event", event_id=event_id)
