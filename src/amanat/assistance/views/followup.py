"""Follow-up pages: the visit schedule, a visit with its assessment, and a recorded score."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.roles import Perm
from amanat.assistance import config, score_text, selectors, services
from amanat.assistance.access import owner_case
from amanat.assistance.forms import ScheduleForm, VisitForm
from amanat.assistance.views._common import (
    VISIT_ANSWERS,
    back,
    case_form,
    gate,
    instrument_disclaimer,
    saved,
)
from amanat.core.language import active


def _schedule_initial(current) -> dict:
    """The current schedule, or the defaults of the schedule file for a first one."""
    if current is not None:
        return {
            "anchor_kind": current.anchor_kind,
            "anchor_date": current.anchor_date,
            "visit_months": ", ".join(str(m) for m in current.visit_months),
            "remind_days_before": current.remind_days_before,
            "grace_days": current.grace_days,
        }
    defaults = config.schedule_defaults()
    return {
        "anchor_kind": "exit",
        "anchor_date": timezone.localdate(),
        "visit_months": ", ".join(str(m) for m in defaults.visit_months),
        "remind_days_before": defaults.remind_days_before,
        "grace_days": defaults.grace_days,
    }


@login_required
def schedule(request, case_id):
    case = owner_case(request.user, case_id, permission=Perm.CASE_UPDATE)
    if (blocked := gate(request, case)) is not None:  # before the form, not after it
        return blocked
    form = ScheduleForm(
        request.POST or None, initial=_schedule_initial(selectors.followup_schedule(case))
    )
    return case_form(
        request,
        case,
        form,
        services.followup_schedule_set,
        done=_("Follow-up visits scheduled."),
        title=_("Schedule follow-up visits"),
        intro=_(
            "Visits already held are kept when you reschedule. Counting from the exit "
            "from assistance moves an active case to follow-up."
        ),
        submit=_("Save schedule"),
    )


@login_required
def visit_new(request, case_id):
    case = owner_case(request.user, case_id, permission=Perm.CASE_UPDATE)
    if (blocked := gate(request, case)) is not None:  # before the form, not after it
        return blocked
    today = timezone.localdate()
    pending = selectors.pending_visits(case)
    chosen = request.GET.get("number")
    if not chosen:
        chosen = next(
            (v.number for v in pending if selectors.visit_state(v, today) in ("due", "overdue")),
            pending[0].number if pending else "",
        )
    form = VisitForm(
        request.POST or None,
        instrument=config.instrument(),
        pending=pending,
        initial={"number": chosen, "visited_on": today, "mode": "in_person"},
    )
    if saved(
        request,
        form,
        services.followup_visit_record,
        user=request.user,
        case_id=case.pk,
        values=lambda data: {
            "visited_on": data["visited_on"],
            "mode": data["mode"],
            "number": data["number"] or None,
            "notes": data["notes"],
            "answers": form.answers(),
        },
        field_map=VISIT_ANSWERS,
        done=_("Follow-up visit recorded."),
    ):
        return redirect(f"{back(case.pk).url}#trajectory")
    return render(
        request,
        "assistance/visit_form.html",
        {
            "case": case,
            "form": form,
            "dimensions": form.dimensions(),
            "disclaimer": instrument_disclaimer(),
        },
    )


@login_required
def score_detail(request, case_id, score_id):
    record = selectors.reintegration_assessment_read(request.user, case_id, score_id)
    instrument = config.instrument()
    language = active()
    dimensions = []
    for code, dimension in record.explanation.get("dimensions", {}).items():
        known = instrument.dimensions.get(code)
        rows = []
        for row in dimension.get("indicators", []):
            indicator = instrument.indicators.get(row["indicator"])
            option = indicator.options.get(row["answer"]) if indicator and row["answer"] else None
            rows.append(
                {
                    "label": indicator.label.get(language) if indicator else row["indicator"],
                    "answer": option.label.get(language) if option else "",
                    "value": row["value"],
                    "weight": row["effective_weight"],
                    "status": row["status"],
                }
            )
        dimensions.append(
            {
                "label": known.label.get(language) if known else code,
                "score": dimension.get("score"),
                "note": score_text.dimension_note(dimension, instrument),
                "rows": rows,
            }
        )
    return render(
        request,
        "assistance/score_detail.html",
        {
            "case": record.case,
            "record": record,
            "dimensions": dimensions,
            "composite_note": score_text.composite_note(
                record.explanation.get("composite", {}), instrument
            ),
            "disclaimer": instrument.disclaimer.get(language),
            "version_note": score_text.weights_status(record.explanation.get("weights", "")),
        },
    )
