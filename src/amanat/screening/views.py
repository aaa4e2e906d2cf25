"""Screening pages inside a case. Thin: parse the form, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amanat.accounts.roles import Perm
from amanat.cases.access import case_is_owned_by_user_org
from amanat.cases.consent import consent_in_force
from amanat.cases.forms import StatusDecisionForm
from amanat.cases.services import case_decide_trafficking_status
from amanat.errors import AmanatError, NotFound, ValidationError
from amanat.referrals.services import needs_suggest_from
from amanat.screening import presenters, selectors, services
from amanat.screening.access import can_conduct, screening_case_for_user
from amanat.screening.engine import builtin_guides, visibility
from amanat.screening.forms import ChecklistForm, SectionForm, StartForm
from amanat.screening.models import Assessment, AssessmentStatus
from amanat.screening.needs import suggested_needs

CHECKLIST = "indicators"  # the single page of a guide without questions


def _ui_language() -> str:
    return (get_language() or "en").split("-")[0]


def _case(request, case_id, *, write: bool = False):
    try:
        return screening_case_for_user(request.user, case_id, write=write)
    except NotFound:
        raise Http404 from None


def _read(request, case_id, assessment_id, **kwargs) -> Assessment:
    try:
        return selectors.assessment_read(request.user, case_id, assessment_id, **kwargs)
    except NotFound:
        raise Http404 from None


# --- the case-page section -------------------------------------------------------------------


def case_section(request, case):
    """The assessments of a case, on its page (codes only: nothing is decrypted here)."""
    user = request.user
    if not case_is_owned_by_user_org(user, case) or not user.can(Perm.CASE_VIEW):
        return None
    rows = selectors.assessment_summaries(case)
    language = _ui_language()
    completed_guides = [a.guide_id for a in rows if a.status == AssessmentStatus.COMPLETED]
    comparable = sorted({g for g in completed_guides if completed_guides.count(g) > 1})
    return {
        "case": case,
        "rows": [
            {
                "assessment": a,
                "title": presenters.guide_title(a.guide_id, language),
                "language_name": presenters.language_name(a.language),
            }
            for a in reversed(rows)
        ],
        "can_conduct": can_conduct(user),
        "comparable": [(g, presenters.guide_title(g, language)) for g in comparable],
    }


# --- guides ----------------------------------------------------------------------------------


@login_required
def guide_list(request):
    language = request.GET.get("language") or _ui_language()
    guides = [
        {
            "guide": g,
            "title": presenters.label(g.title, language),
            "description": presenters.label(g.description, language),
        }
        for g in builtin_guides().values()
    ]
    return render(request, "screening/guide_list.html", {"guides": guides, "language": language})


@login_required
def guide_detail(request, guide_id):
    guide = presenters.guide_or_none(guide_id)
    if guide is None:
        raise Http404
    language = request.GET.get("language") or _ui_language()
    if language not in services.INTERVIEW_LANGUAGES:
        language = _ui_language()
    return render(
        request,
        "screening/guide_detail.html",
        {
            "guide": guide,
            "title": presenters.label(guide.title, language),
            "description": presenters.label(guide.description, language),
            "sections": presenters.interview_sections(guide, language),
            "groups": presenters.indicator_groups(guide, language) if guide.indicators else [],
            "language": language,
            "languages": [(c, presenters.language_name(c)) for c in services.INTERVIEW_LANGUAGES],
            "yes_no": presenters.yes_no_choices(language),
        },
    )


# --- start, answer, review, complete ---------------------------------------------------------


@login_required
def start(request, case_id):
    case = _case(request, case_id, write=True)
    form = StartForm(request.POST or None, ui_language=_ui_language())
    if request.method == "POST" and form.is_valid():
        guide_id = form.cleaned_data["guide"]
        previous = None
        if form.cleaned_data["copy_previous"]:
            previous = (
                Assessment.objects.filter(
                    case=case, guide_id=guide_id, status=AssessmentStatus.COMPLETED
                )
                .order_by("-started_at", "-id")
                .values_list("pk", flat=True)
                .first()
            )
        try:
            assessment = services.assessment_start(
                user=request.user,
                case_id=case.pk,
                guide_id=guide_id,
                language=form.cleaned_data["language"],
                copy_from_id=previous,
            )
        except ValidationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
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


def _url(name: str, assessment: Assessment, **query) -> str:
    url = reverse(
        f"screening:{name}", kwargs={"case_id": assessment.case_id, "assessment_id": assessment.pk}
    )
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def _section_nav(sections, shown: list[str], current: str) -> list[dict]:
    return [
        {
            "id": s.id,
            "number": s.number,
            "title": s.title,
            "current": s.id == current,
            "shown": s.id in shown,
        }
        for s in sections
    ]


@login_required
def interview(request, case_id, assessment_id):
    """One section of a draft: GET shows it, POST saves it and moves on."""
    assessment = _read(request, case_id, assessment_id, with_result=False)
    if not assessment.is_draft:
        return redirect(_url("result", assessment))
    if not can_conduct(request.user):
        raise Http404
    guide = services.guide_for(assessment.guide_id)
    if not guide.sections:
        return _checklist(request, assessment, guide)
    language = assessment.language
    sections = presenters.interview_sections(guide, language)
    answers = (assessment.answers or {}).get("answers") or {}
    shown = visibility(guide, answers)
    visible = shown.visible_sections()
    requested = (
        request.POST.get("section")
        or request.GET.get("section")
        or assessment.current_section
        or (visible[0] if visible else sections[0].id)
    )
    current = next((s for s in sections if s.id == requested), sections[0])
    if request.method == "GET" and current.id not in visible:
        # A section the skip logic now hides: go to the next one that is shown.
        later = [s.id for s in sections if s.number > current.number and s.id in visible]
        return redirect(
            _url("interview", assessment, section=later[0]) if later else _url("review", assessment)
        )
    # Questions hidden by answers on other pages are left out; those depending on this page
    # are rendered and shown or hidden in the browser (or shown with their condition).
    current.questions = [
        q for q in current.questions if q.depends_on_page or shown.questions.get(q.id, True)
    ]
    initial = {q.id: answers.get(q.id) for q in current.questions}
    form = SectionForm(
        request.POST or None, section=current, guide=guide, language=language, initial=initial
    )
    for question in current.questions:
        question.bound = form[question.id]
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "next")
        try:
            saved = services.assessment_save(
                user=request.user,
                case_id=assessment.case_id,
                assessment_id=assessment.pk,
                answers=form.answers(),
                section=current.id,
            )
        except NotFound:
            raise Http404 from None
        except ValidationError as error:
            name = (error.field or "").removeprefix("answers.")
            form.add_error(name if name in form.fields else None, error.message)
        except AmanatError as error:  # completed meanwhile (e.g. in another tab)
            messages.error(request, error.message)
            return redirect(_url("result", assessment))
        else:
            return _after_save(request, saved, guide, sections, current, action)
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
            "nav": _section_nav(sections, visible, current.id),
            "script_data": presenters.page_script_data(current, answers),
            "fallback": any(q.label.fallback for q in current.questions) or current.title.fallback,
            # "Next" goes to the next section the answers show, or to the review when none is left.
            "is_last": current.id == sections[-1].id,
            "is_first": not visible or current.id == visible[0],
        },
    )


def _after_save(request, assessment, guide, sections, current, action):
    answers = (assessment.answers or {}).get("answers") or {}
    visible = visibility(guide, answers).visible_sections()
    if action == "save":
        messages.success(request, _("Answers saved. You can continue later from this section."))
        return redirect(_url("interview", assessment, section=current.id))
    if action == "previous":
        earlier = [s.id for s in sections if s.number < current.number and s.id in visible]
        return redirect(
            _url("interview", assessment, section=earlier[-1] if earlier else current.id)
        )
    later = [s.id for s in sections if s.number > current.number and s.id in visible]
    if action == "next" and later:
        return redirect(_url("interview", assessment, section=later[0]))
    return redirect(_url("review", assessment))


def _checklist(request, assessment: Assessment, guide):
    language = assessment.language
    stored = assessment.answers or {}
    facts = presenters.guide_facts(guide)
    ids = [i.id for i in guide.indicators if i.level != "structural"]
    initial = {"present": stored.get("present") or []}
    for name in facts:
        value = (stored.get("facts") or {}).get(name)
        initial[f"fact_{name}"] = value if name == "age" else {True: "yes", False: "no"}.get(value)
    form = ChecklistForm(
        request.POST or None, indicator_ids=ids, facts=facts, language=language, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_save(
                user=request.user,
                case_id=assessment.case_id,
                assessment_id=assessment.pk,
                **form.service_data(),
            )
        except ValidationError as error:
            form.add_error(None, error.message)
        except NotFound:
            raise Http404 from None
        else:
            if request.POST.get("action") == "save":
                messages.success(request, _("Answers saved. You can continue later."))
                return redirect(_url("interview", assessment))
            return redirect(_url("review", assessment))
    checked = set(form["present"].value() or [])
    groups = presenters.indicator_groups(guide, language)
    for group in groups:
        group["items"] = [
            {**item, "checked": item["id"] in checked}
            for item in group["items"]
            if item["id"] in ids
        ]
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


@login_required
def review(request, case_id, assessment_id):
    """All answers of a draft before completing it; POST completes it."""
    if request.method == "POST":
        try:
            assessment = services.assessment_complete(
                user=request.user, case_id=case_id, assessment_id=assessment_id
            )
        except NotFound:
            raise Http404 from None
        except AmanatError as error:
            messages.error(request, error.message)
            return redirect("screening:review", case_id=case_id, assessment_id=assessment_id)
        messages.success(request, _("Interview completed. The result is below."))
        return redirect(_url("result", assessment))
    assessment = _read(request, case_id, assessment_id, with_result=False)
    if not assessment.is_draft:
        return redirect(_url("result", assessment))
    guide = services.guide_for(assessment.guide_id)
    language = assessment.language
    stored = assessment.answers or {}
    index = presenters.indicator_index(guide, language)
    return render(
        request,
        "screening/review.html",
        {
            "case": assessment.case,
            "assessment": assessment,
            "guide": guide,
            "guide_title": presenters.label(guide.title, language),
            "language_name": presenters.language_name(language),
            "sections": presenters.answer_display(guide, stored.get("answers") or {}, language),
            "present": [index.get(i, {}).get("label") or i for i in stored.get("present") or ()],
            "facts": [
                (presenters.FACT_LABELS.get(k, k), v)
                for k, v in (stored.get("facts") or {}).items()
            ],
            "consented": (stored.get("answers") or {}).get("consent_interview") == "yes",
            "can_conduct": can_conduct(request.user),
        },
    )


@login_required
@require_POST
def discard(request, case_id, assessment_id):
    try:
        services.assessment_discard(user=request.user, case_id=case_id, assessment_id=assessment_id)
    except NotFound:
        raise Http404 from None
    except AmanatError as error:
        messages.error(request, error.message)
        return redirect("screening:result", case_id=case_id, assessment_id=assessment_id)
    messages.success(request, _("Draft interview discarded."))
    return redirect("cases:detail", case_id=case_id)


# --- result, decision, needs, comparison ----------------------------------------------------


@login_required
def result(request, case_id, assessment_id):
    assessment = _read(request, case_id, assessment_id)
    if assessment.is_draft:
        return redirect(_url("interview", assessment))
    view = presenters.result_view(assessment, _ui_language())
    case = assessment.case
    needs = suggested_needs(
        assessment.result or {}, assessment.answers or {}, language=_ui_language()
    )
    return render(
        request,
        "screening/result.html",
        {
            "case": case,
            "assessment": assessment,
            "view": view,
            "guide_title": presenters.guide_title(assessment.guide_id, view["language"]),
            "status_form": StatusDecisionForm(),
            "can_decide": request.user.can(Perm.CASE_DECIDE_STATUS),
            "needs": needs,
            "can_add_needs": can_conduct(request.user),
            "comparable": Assessment.objects.filter(
                case=case, guide_id=assessment.guide_id, status=AssessmentStatus.COMPLETED
            ).count()
            > 1,
        },
    )


@login_required
@require_POST
def decide(request, case_id, assessment_id):
    """The human decision on trafficking status, recorded by the cases app, from the result
    page: separate from the engine's suggestion, which it neither copies nor changes."""
    _case(request, case_id)
    form = StatusDecisionForm(request.POST)
    if form.is_valid():
        try:
            case_decide_trafficking_status(
                user=request.user,
                case_id=case_id,
                status=form.cleaned_data["status"],
                decided_by_org_type=form.cleaned_data["decided_by_org_type"],
            )
        except NotFound:
            raise Http404 from None
        except AmanatError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Trafficking status recorded."))
    else:
        messages.error(request, _("Choose a status and who decided it."))
    return redirect("screening:result", case_id=case_id, assessment_id=assessment_id)


@login_required
@require_POST
def add_needs(request, case_id, assessment_id):
    """Record the chosen suggested needs through the referrals app (which owns needs)."""
    assessment = _read(request, case_id, assessment_id, purpose="needs assessment")
    if assessment.is_draft or not can_conduct(request.user):
        raise Http404
    chosen = set(request.POST.getlist("service_type"))
    suggestions = [
        n
        for n in suggested_needs(
            assessment.result or {}, assessment.answers or {}, language=_ui_language()
        )
        if n["service_type"] in chosen
    ]
    if not suggestions:
        messages.error(request, _("Choose at least one suggested need."))
        return redirect(_url("result", assessment))
    try:
        outcome = needs_suggest_from(
            user=request.user,
            case=assessment.case_id,
            suggestions=suggestions,
            source_ref=f"assessment:{assessment.pk}",
        )
    except NotFound:
        raise Http404 from None
    except AmanatError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Needs recorded: %(created)d new, %(open)d already open.")
            % {"created": len(outcome.created), "open": len(outcome.already_open)},
        )
    return redirect(_url("result", assessment))


@login_required
def compare(request, case_id):
    guide_id = request.GET.get("guide") or "identification-interview"
    try:
        case, rows = selectors.assessments_for_comparison(request.user, case_id, guide_id)
    except NotFound:
        raise Http404 from None
    language = _ui_language()
    return render(
        request,
        "screening/compare.html",
        {
            "case": case,
            "guide_id": guide_id,
            "guide_title": presenters.guide_title(guide_id, language),
            "view": presenters.comparison_view(rows, rows[-1].language if rows else language),
        },
    )
