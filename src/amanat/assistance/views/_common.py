"""Helpers shared by the assistance pages: the way back, the form page, posting to a service."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from amanat.assistance import config
from amanat.assistance.charts import Point, trajectory_svg
from amanat.core.language import active
from amanat.core.web import form_call, message_call

# Where the services name an answer (`answers.<code>`), the forms name their field.
NEEDS_ANSWERS = {"answers.": "q_"}
VISIT_ANSWERS = {"answers.": "rss_"}


def back(case_id):
    return redirect("assistance:case", case_id=case_id)


def gate(request, case):
    """The page shown INSTEAD of an assistance form whose save would be refused (the case is
    closed, or consent to assistance is not in force): why, and what to do. None: go on."""
    from amanat.assistance.services import write_blocker

    problem = write_blocker(case)
    if problem is None:
        return None
    return render(
        request,
        "assistance/gate.html",
        {"case": case, "problem": problem, "code": problem.code},
        status=409,
    )


def form_page(request, case, form, *, title, submit, intro=""):
    """The plain form page of a case (plans, actions, services, schedule, life cycle)."""
    return render(
        request,
        "assistance/form.html",
        {"case": case, "form": form, "title": title, "intro": intro, "submit": submit},
    )


def saved(
    request,
    form,
    service: Callable,
    /,
    *,
    done: str,
    values: Callable[[dict], dict] = dict,
    field_map: Mapping[str, str] | None = None,
    **fixed,
) -> bool:
    """On a valid POST, call `service(**fixed, **values(cleaned_data))`; on success say `done`.

    False when there is nothing to save or the service refused (its error is on the form).
    """
    if request.method != "POST" or not form.is_valid():
        return False
    ok, _result = form_call(
        form,
        service,
        field_map=field_map,
        **fixed,
        **values(form.cleaned_data),
        request=request,
        success=done,
    )
    return ok


def case_form(
    request, case, form, service: Callable, /, *, title, submit, intro="", success=None, **saving
):
    """The plain form page of a case: saved through `service(user=, case_id=, ...)` (see
    `saved`), then `success` (default: back to the case's assistance page)."""
    if saved(request, form, service, user=request.user, case_id=case.pk, **saving):
        return success or back(case.pk)
    return form_page(request, case, form, title=title, intro=intro, submit=submit)


def button_post(request, case_id, form, service: Callable, /, *, invalid: str, done: str, **fixed):
    """A button without a page of its own: `service(user=, case_id=, **fixed, **cleaned_data)`;
    the outcome (or `invalid` for a form that does not validate) is a message on the case page."""
    if not form.is_valid():
        messages.error(request, invalid)
    else:
        message_call(
            request,
            service,
            user=request.user,
            case_id=case_id,
            **fixed,
            **form.cleaned_data,
            success=done,
        )
    return back(case_id)


def trajectory_chart(scores) -> str:
    """The trajectory SVG, cached per set of assessments and language (drawing takes ~0.1 s;
    the SVG holds scores and dates only, no text about the person)."""
    if not scores:
        return ""
    key = (
        "assistance:trajectory:"
        + hashlib.sha256(
            repr(
                [(s.pk, s.composite, s.economic, s.social, s.psychosocial) for s in scores]
            ).encode()
            + active().encode()
        ).hexdigest()
    )
    svg = cache.get(key)
    if svg is None:
        points = [
            Point(
                s.assessed_on,
                {
                    "composite": s.composite,
                    "economic": s.economic,
                    "social": s.social,
                    "psychosocial": s.psychosocial,
                },
            )
            for s in scores
        ]
        labels = {
            "composite": _("Composite"),
            "economic": _("Economic"),
            "social": _("Social"),
            "psychosocial": _("Psychosocial"),
        }
        svg = trajectory_svg(points, labels=labels, y_label=_("Score (0 to 1)"))
        cache.set(key, svg, timeout=24 * 3600)
    return svg


def instrument_disclaimer() -> str:
    return config.instrument().disclaimer.get(active())
