"""Tests: entering and importing answer sheets."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from amanat.errors import AmanatError
from amanat.training import forms, selectors, services
from amanat.training import results as training_results
from amanat.training.models import Phase

from ._common import _questions, _render_event, _upload, import_call, trainer_required


@trainer_required
def tests(request, event_id):
    event = selectors.event_get(request.user, event_id)
    form = forms.TestImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        name, content = _upload(form)
        ok, count = import_call(
            form,
            services.test_responses_import,
            user=request.user,
            event_id=event.pk,
            file_name=name,
            content=content,
            phase=form.cleaned_data["phase"] or None,
            replace=form.cleaned_data["replace"],
        )
        if ok:
            messages.success(request, _("%(n)d answer sheets imported.") % {"n": count})
            return redirect("training:tests", event_id=event.pk)
    event, people = selectors.participants_read(request.user, event_id, purpose="tests")
    status = selectors.submission_status(event)
    rows = [{"p": p, "phases": status.get(p.pk, set())} for p in people]
    items = training_results.form_items(event.test_form) if event.test_form_id else []
    return _render_event(
        request,
        "training/tests.html",
        event,
        "tests",
        {
            "rows": rows,
            "form": form,
            "items": items,
            "phases": Phase.choices,
            "flags_form": forms.FlagsForm(
                initial={
                    "pre_test_open": event.pre_test_open,
                    "post_test_open": event.post_test_open,
                    "evaluation_open": event.evaluation_open,
                    "attempts_allowed": event.attempts_allowed,
                }
            ),
        },
    )


@trainer_required
def test_entry(request, event_id, participant_id, phase):
    if phase not in Phase.values:
        raise Http404
    event, participant = selectors.participant_read(request.user, event_id, participant_id)
    if event.test_form_id is None:
        raise Http404
    items = training_results.form_items(event.test_form)
    error = None
    existing = selectors.submission_for(participant, phase)
    if request.method == "POST":
        try:
            services.test_submission_record(
                user=request.user,
                event_id=event.pk,
                participant_id=participant.pk,
                phase=phase,
                answers=forms.answers_from_post(items, request.POST),
                replace=bool(request.POST.get("replace")),
            )
        except AmanatError as exc:
            error = exc.message
        else:
            messages.success(request, _("Answer sheet saved."))
            return redirect("training:tests", event_id=event.pk)
    given = existing.answers if existing else {}
    return _render_event(
        request,
        "training/test_entry.html",
        event,
        "tests",
        {
            "participant": participant,
            "phase": Phase(phase),
            "existing": existing,
            "error": error,
            "questions": _questions(items, given),
        },
    )
