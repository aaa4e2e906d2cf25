"""Running an interview: start it, answer it section by section (or as an indicator checklist),
review it and complete it, or discard a draft. Thin: parse the form, call one service or
selector, render; the section navigation is the presenters'."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amanat.cases.consent import consent_in_force
from amanat.core.web import attach_error, form_call, message_call
from amanat.errors import Conflict, ValidationError
from amanat.screening import presenters, selectors, services
from amanat.screening.access import can_conduct, screening_case_for_user
from amanat.screening.forms import ChecklistForm, SectionForm, StartForm
from amanat.screening.models import Assessment
from amanat.screening.views._shared import assessment_url, ui_language

# The engine names an answer `answers.<question id>`; the section form's field is the id.
ANSWER_FIELDS = {"answers.": ""}
# The checklist shows every service error above the form: its indicator list has no error slot.
WHOLE_FORM = {"": "__all__"}


@login_required
def start(request, case_id):
    case = screening_case_for_user(request.user, case_id, write=True)
    form = StartForm(request.POST or None, ui_language=ui_language())
    if request.method == "POST" and form.is_valid():
        guide_id = form.cleaned_data["guide"]
        previous = None
        if form.cleaned_data["copy_previous"]:
            previous = selectors.latest_completed_assessment_id(case, guide_id)
        ok, assessment = form_call(
            form,
            services.assessment_start,
            user=request.user,
            case_id=case.pk,
            guide_id=guide_id,
            language=form.cleaned_data["language"],
            copy_from_id=previous,
        )
        if ok:
            return redirect("screening:interview", case_id=case.pk, assessment_id=assessment.pk)
    return render(
        request,
        "screening/start.html",
        {
            "case": case,
            "form": form,
            "interview_consent": consent_in_force(case_id=case.pk, purpose="interview"),
        },
    )


@login_required
def interview(request, case_id, assessment_id):
    """One section of a draft: GET shows it, POST saves it and moves on."""
    assessment = selectors.assessment_read(request.user, case_id, assessment_id, with_result=False)
    if not assessment.is_draft:
        return redirect(assessment_url("result", assessment))
    if not can_conduct(request.user):
        raise Http404
    guide = services.guide_for(assessment.guide_id)
    if not guide.sections:
        return _checklist(request, assessment, guide)
    language = assessment.language
    answers = (assessment.answers or {}).get("answers") or {}
    nav = presenters.section_navigation(
        guide,
        presenters.interview_sections(guide, language),
        answers,
        request.POST.get("section") or request.GET.get("section") or assessment.current_section,
    )
    current = nav.current
    if request.method == "GET" and nav.current_hidden:
        # A section the skip logic now hides: go to the next one that is shown.
        later = nav.later()
        return redirect(
            assessment_url("interview", assessment, section=later)
            if later
            else assessment_url("review", assessment)
        )
    initial = {q.id: answers.get(q.id) for q in current.questions}
    form = SectionForm(
        request.POST or None, section=current, guide=guide, language=language, initial=initial
    )
    for question in current.questions:
        question.bound = form[question.id]
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.assessment_save(
                user=request.user,
                case_id=assessment.case_id,
                assessment_id=assessment.pk,
                answers=form.answers(),
                section=current.id,
            )
        except ValidationError as error:
            attach_error(form, error, field_map=ANSWER_FIELDS)
        except Conflict as error:  # completed meanwhile (e.g. in another tab)
            messages.error(request, error.message)
            return redirect(assessment_url("result", assessment))
        else:
            return _after_save(request, saved, guide, nav, request.POST.get("action", "next"))
    return render(
        request,
        "screening/interview.html",
        {
            "case": assessment.case,
            "assessment": assessment,
            "guide": guide,
            "guide_title": presenters.label(guide.title, language),
            "language_name": presenters.language_name(language),
            "section": current,
            "form": form,
            "nav": nav.items,
            "script_data": presenters.page_script_data(current, answers),
            "fallback": any(q.label.fallback for q in current.questions) or current.title.fallback,
            "is_last": nav.is_last,
            "is_first": nav.is_first,
        },
    )


def _after_save(request, assessment: Assessment, guide, nav, action: str):
    if action == "save":
        messages.success(request, _("Answers saved. You can continue later from this section."))
        return redirect(assessment_url("interview", assessment, section=nav.current.id))
    # Where to go depends on the answers just saved (they may show or hide sections).
    answers = (assessment.answers or {}).get("answers") or {}
    target = presenters.section_navigation(guide, nav.sections, answers, nav.current.id).target(
        action
    )
    if target is None:
        return redirect(assessment_url("review", assessment))
    return redirect(assessment_url("interview", assessment, section=target))


def _checklist(request, assessment: Assessment, guide):
    language = assessment.language
    form = ChecklistForm(
        request.POST or None,
        indicator_ids=presenters.checklist_indicator_ids(guide),
        facts=presenters.guide_facts(guide),
        language=language,
        initial=presenters.checklist_initial(guide, assessment.answers or {}),
    )
    if request.method == "POST" and form.is_valid():
        ok, _saved = form_call(
            form,
            services.assessment_save,
            field_map=WHOLE_FORM,
            user=request.user,
            case_id=assessment.case_id,
            assessment_id=assessment.pk,
            **form.service_data(),
        )
        if ok:
            if request.POST.get("action") == "save":
                messages.success(request, _("Answers saved. You can continue later."))
                return redirect(assessment_url("interview", assessment))
            return redirect(assessment_url("review", assessment))
    groups = presenters.checklist_groups(guide, language, form["present"].value())
    return render(
        request,
        "screening/checklist.html",
        {
            "case": assessment.case,
            "assessment": assessment,
            "guide": guide,
            "guide_title": presenters.label(guide.title, language),
            "language_name": presenters.language_name(language),
            "form": form,
            "groups": groups,
            "fallback": any(i["label"].fallback for g in groups for i in g["items"]),
        },
    )


def _button(request, service, case_id, assessment_id):
    """Run an assessment action from a button; a refusal becomes a message on the next page."""
    return message_call(
        request, service, user=request.user, case_id=case_id, assessment_id=assessment_id
    )


@login_required
def review(request, case_id, assessment_id):
    """All answers of a draft before completing it; POST completes it."""
    if request.method == "POST":
        ok, assessment = _button(request, services.assessment_complete, case_id, assessment_id)
        if not ok:
            return redirect("screening:review", case_id=case_id, assessment_id=assessment_id)
        messages.success(request, _("Interview completed. The result is below."))
        return redirect(assessment_url("result", assessment))
    assessment = selectors.assessment_read(request.user, case_id, assessment_id, with_result=False)
    if not assessment.is_draft:
        return redirect(assessment_url("result", assessment))
    guide = services.guide_for(assessment.guide_id)
    language = assessment.language
    return render(
        request,
        "screening/review.html",
        {
            "case": assessment.case,
            "assessment": assessment,
            "guide": guide,
            "guide_title": presenters.label(guide.title, language),
            "language_name": presenters.language_name(language),
            "can_conduct": can_conduct(request.user),
            **presenters.review_view(guide, assessment.answers or {}, language),
        },
    )


@login_required
@require_POST
def discard(request, case_id, assessment_id):
    ok, _none = _button(request, services.assessment_discard, case_id, assessment_id)
    if not ok:
        return redirect("screening:result", case_id=case_id, assessment_id=assessment_id)
    messages.success(request, _("Draft interview discarded."))
    return redirect("cases:detail", case_id=case_id)
