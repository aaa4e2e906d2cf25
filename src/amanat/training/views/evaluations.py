"""Evaluations: entering and importing responses."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from amanat.training import charts, forms, reports, selectors, services
from amanat.training import results as training_results

from ._common import _render_event, _svg_data_uri, _upload, import_call, trainer_required


@trainer_required
def evaluations(request, event_id):
    event = selectors.event_get(request.user, event_id)
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        name, content = _upload(form)
        ok, count = import_call(
            form,
            services.evaluations_import,
            user=request.user,
            event_id=event.pk,
            file_name=name,
            content=content,
        )
        if ok:
            messages.success(request, _("%(n)d evaluation sheets imported.") % {"n": count})
            return redirect("training:evaluations", event_id=event.pk)
    event, results = selectors.evaluation_results(request.user, event.pk)
    sessions = []
    if results is not None:
        for session in results.summary.sessions:
            sessions.append(
                {
                    "title": reports.session_title(session.session),
                    "pooled": session.likert_pooled,
                    "questions": session.questions,
                }
            )
    slots = training_results.evaluation_slots(event)
    return _render_event(
        request,
        "training/evaluations.html",
        event,
        "evaluations",
        {
            "results": results,
            "sessions": sessions,
            "form": form,
            "chart": _svg_data_uri(charts.evaluation_chart(results)),
            "agenda_refs": [
                (a.ref, a.title) for a in selectors.event_agenda(event) if a.method != "other"
            ],
            "questions": selectors.evaluation_questions(event),
            "has_slots": bool(slots),
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
