"""Needs assessment pages: the guided interview and a recorded assessment."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.accounts.roles import Perm
from amanat.assistance import config, selectors, services
from amanat.assistance.access import owner_case
from amanat.assistance.forms import NeedsAssessmentForm
from amanat.assistance.needs import audiences_for
from amanat.assistance.views._common import NEEDS_ANSWERS, back, gate, saved
from amanat.core.language import active


@login_required
def assessment_new(request, case_id):
    case = owner_case(request.user, case_id, permission=Perm.CASE_UPDATE)
    if (blocked := gate(request, case)) is not None:  # before the form, not after it
        return blocked
    guide = config.needs_guide()
    today = timezone.localdate()
    group = (
        request.GET.get("group")
        or request.POST.get("group")
        or services.respondent_group_for(case, today)
    )
    if group not in guide.groups:
        group = "adult"
    form = NeedsAssessmentForm(
        request.POST or None,
        guide=guide,
        group=group,
        initial={"assessed_on": today, "stage": "intake"},
    )
    if saved(
        request,
        form,
        services.needs_assessment_record,
        user=request.user,
        case_id=case.pk,
        respondent_group=group,
        values=lambda data: {
            "answers": form.answers(),
            "stage": data["stage"],
            "assessed_on": data["assessed_on"],
            "reintegration_setting": data["reintegration_setting"],
            "notes": data["notes"],
        },
        field_map=NEEDS_ANSWERS,
        done=_("Needs assessment recorded."),
    ):
        return back(case.pk)
    language = active()
    audiences = audiences_for(group, case.person.gender)
    return render(
        request,
        "assistance/assessment_form.html",
        {
            "case": case,
            "form": form,
            "group": group,
            "groups": [(code, g.label.get(language)) for code, g in guide.groups.items()],
            "sections": form.sections(audiences),
            "guidance": [guide.guidance[a].get(language) for a in audiences if a in guide.guidance],
            "disclaimer": guide.disclaimer.get(language),
        },
    )


@login_required
def assessment_detail(request, case_id, assessment_id):
    assessment = selectors.needs_assessment_read(request.user, case_id, assessment_id)
    guide = config.needs_guide()
    language = active()
    rows = []
    for code, answer in assessment.answers.items():
        question = guide.questions.get(code)
        option = guide.options.get(answer)
        rows.append(
            {
                "question": question.text_for(assessment.respondent_group).get(language)
                if question
                else code,
                "answer": option.label.get(language) if option else answer,
                "need": bool(option and option.need),
            }
        )
    setting = guide.settings.get(assessment.reintegration_setting)
    return render(
        request,
        "assistance/assessment_detail.html",
        {
            "case": assessment.case,
            "assessment": assessment,
            "rows": rows,
            "setting": setting.label.get(language) if setting else "",
        },
    )
