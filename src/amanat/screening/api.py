"""Screening endpoints: the guides, and the assessments of a case. Thin: parse, call one service
or selector, present. `/api/guides/{id}` is the JSON of `amanat guides show ID --format json`."""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema, Status
from pydantic import ConfigDict

from amanat.errors import NotFound
from amanat.screening import selectors, services
from amanat.screening.engine import builtin_guides, guide_summary, guide_to_dict
from amanat.screening.models import Assessment
from amanat.screening.presenters import guide_or_none

guides_router = Router(tags=["screening"])
cases_router = Router(tags=["screening"])


class AssessmentCreateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    guide: str
    language: str = "ru"
    answers: dict[str, Any] | None = None  # an answer set: {"answers", "present", "facts"}
    copy_from: int | None = None


class AssessmentPatchIn(Schema):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, Any] | None = None  # question id -> value; null or "" removes an answer
    present: list[str] | None = None
    facts: dict[str, Any] | None = None
    section: str | None = None


def _user(user) -> dict | None:
    return {"id": user.pk, "username": user.username} if user is not None else None


def assessment_summary(a: Assessment) -> dict:
    return {
        "id": a.pk,
        "case": a.case_id,
        "guide": a.guide_id,
        "guide_version": a.guide_version,
        "language": a.language,
        "status": a.status,
        "current_section": a.current_section,
        "presumed_victim": a.presumed_victim,
        "vulnerability_profile": a.vulnerability_profile or None,
        "categories": list(a.categories or ()),
        "started_by": _user(a.started_by),
        "started_at": a.started_at.isoformat(),
        "updated_at": a.updated_at.isoformat(),
        "completed_by": _user(a.completed_by),
        "completed_at": a.completed_at.isoformat() if a.completed_at else None,
    }


def assessment_detail(a: Assessment) -> dict:
    answer_set = a.answers or {}
    return {
        **assessment_summary(a),
        "answers": answer_set.get("answers") or {},
        "present": answer_set.get("present") or [],
        "facts": answer_set.get("facts") or {},
        "result": a.result,
    }


@guides_router.get("")
def list_guides(request):
    return [guide_summary(guide) for guide in builtin_guides().values()]


@guides_router.get("/{guide_id}")
def show_guide(request, guide_id: str):
    guide = guide_or_none(guide_id)
    if guide is None:
        raise NotFound()
    return guide_to_dict(guide)


@cases_router.get("/{case_id}/assessments")
def list_assessments(request, case_id: str):
    _case, rows = selectors.assessment_list_for_case(request.user, case_id)
    return [assessment_summary(a) for a in rows]


@cases_router.post("/{case_id}/assessments", response={201: dict})
def create_assessment(request, case_id: str, payload: AssessmentCreateIn):
    created = services.assessment_start(
        user=request.user, case_id=case_id, guide_id=payload.guide, language=payload.language,
        answers=payload.answers, copy_from_id=payload.copy_from,
    )  # fmt: skip
    return Status(
        201, assessment_detail(selectors.assessment_read(request.user, case_id, created.pk))
    )


@cases_router.get("/{case_id}/assessments/{assessment_id}")
def get_assessment(request, case_id: str, assessment_id: str):
    return assessment_detail(selectors.assessment_read(request.user, case_id, assessment_id))


@cases_router.patch("/{case_id}/assessments/{assessment_id}")
def patch_assessment(request, case_id: str, assessment_id: str, payload: AssessmentPatchIn):
    services.assessment_save(
        user=request.user, case_id=case_id, assessment_id=assessment_id, answers=payload.answers,
        present=payload.present, facts=payload.facts, section=payload.section,
    )  # fmt: skip
    return assessment_detail(selectors.assessment_read(request.user, case_id, assessment_id))


@cases_router.post("/{case_id}/assessments/{assessment_id}/complete")
def complete_assessment(request, case_id: str, assessment_id: str):
    services.assessment_complete(user=request.user, case_id=case_id, assessment_id=assessment_id)
    return assessment_detail(selectors.assessment_read(request.user, case_id, assessment_id))


ROUTERS = (("/guides", guides_router), ("/cases", cases_router))
