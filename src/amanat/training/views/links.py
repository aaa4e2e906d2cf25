"""The participant's own link pages (no account: the token is the only key)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from amanat.errors import AmanatError, NotFound
from amanat.training import forms, selectors, services
from amanat.training import results as training_results
from amanat.training.models import Phase

from ._common import _questions


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
def link(request, token):
    page = selectors.link_page(token)
    return _no_store(render(request, "training/link_home.html", {"page": page, "token": token}))


def _in_test_language(view):
    """The participant's test pages speak the test's language (a Russian test: Russian buttons,
    "True"/"False" and hints) rather than the browser's, unless the participant chose a language
    with the switcher (its cookie): an explicit choice wins."""

    def wrapped(request, token, phase):
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
            return view(request, token, phase)
        page = selectors.link_page(token)
        form = page.event.test_form
        language = getattr(form, "language", "") or ""
        if language not in dict(settings.LANGUAGES):
            return view(request, token, phase)
        with translation.override(language):
            response = view(request, token, phase)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            return response

    return wrapped


@never_cache
@_in_test_language
def link_test(request, token, phase):
    page = selectors.link_page(token)
    if phase not in Phase.values:
        raise Http404
    if phase not in page.open_tests:
        messages.info(
            request,
            _("You have already submitted this test. Thank you!")
            if phase in page.taken
            else _("This test is not open."),
        )
        return redirect("training:link", token=token)
    items = training_results.form_items(page.event.test_form)
    error = None
    blank = False
    given: dict = {}
    if request.method == "POST":
        given = forms.answers_from_post(items, request.POST)
        try:
            services.public_test_submit(
                token=token,
                phase=phase,
                answers=given,
                confirm_blank=request.POST.get("confirm_blank") == "1",
            )
        except NotFound:
            raise
        except AmanatError as exc:
            error = exc.message
            blank = exc.code == "blank_test"
        else:
            messages.success(request, _("Your answers have been sent. Thank you!"))
            return redirect("training:link", token=token)
    return _no_store(
        render(
            request,
            "training/link_test.html",
            {
                "page": page,
                "token": token,
                "phase": Phase(phase),
                "error": error,
                "blank": blank,
                "questions": _questions(items, given),
            },
        )
    )


@never_cache
def link_evaluation(request, token):
    page = selectors.link_page(token)
    if not page.evaluation_open or page.evaluation_done:
        messages.info(
            request,
            _("You have already submitted your evaluation. Thank you!")
            if page.evaluation_done
            else _("The evaluation is not open."),
        )
        return redirect("training:link", token=token)
    slots = training_results.evaluation_slots(page.event)
    error = None
    if request.method == "POST":
        try:
            services.public_evaluation_submit(
                token=token, answers=forms.evaluation_answers_from_post(slots, request.POST)
            )
        except NotFound:
            raise
        except AmanatError as exc:
            error = exc.message
        else:
            messages.success(request, _("Your evaluation has been sent. Thank you!"))
            return redirect("training:link", token=token)
    scale = list(range(1, page.event.evaluation_form.scale_max + 1))
    blocks: list[dict] = []
    for agenda_item, question in slots:
        key = agenda_item.pk if agenda_item else 0
        if not blocks or blocks[-1]["key"] != key:
            blocks.append({"key": key, "agenda": agenda_item, "questions": []})
        name = f"e{key}_{question.pk}"
        blocks[-1]["questions"].append(
            {"q": question, "name": name, "value": request.POST.get(name, "")}
        )
    return _no_store(
        render(
            request,
            "training/link_evaluation.html",
            {"page": page, "token": token, "blocks": blocks, "scale": scale, "error": error},
        )
    )
