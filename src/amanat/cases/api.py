"""Case endpoints. Thin: parse, call one service or selector, present."""

from __future__ import annotations

from ninja import Query, Router, Schema, Status

from amanat.cases import consent as consent_services
from amanat.cases import selectors, services
from amanat.cases.approvals.api import pending_response
from amanat.cases.approvals.models import ApprovalRequest
from amanat.cases.field_spec import CASE_FIELD_MAP, PERSON_FIELD_MAP
from amanat.cases.presenters import case_detail, case_summary, consent_dict
from amanat.cases.schemas import (
    CaseCreateIn,
    CaseListOut,
    CaseOut,
    CaseUpdateIn,
    ConsentIn,
    ConsentOut,
    ConsentWithdrawIn,
    PossibleDuplicateOut,
    StatusDecisionIn,
)
from amanat.errors import ValidationError

router = Router(tags=["cases"])


class ListQuery(Schema):
    query: str = ""
    page: int = 1
    status: str = ""
    cursor: str = ""  # `next` of the previous answer (keyset paging, ADR 0030)


def _split_create_payload(payload: CaseCreateIn) -> tuple[dict, dict]:
    flat = payload.model_dump(exclude_unset=True, exclude={"person", "case"})
    person = {k: v for k, v in flat.items() if k in PERSON_FIELD_MAP}
    case = {k: v for k, v in flat.items() if k in CASE_FIELD_MAP}
    if payload.person is not None:
        person.update(payload.person.model_dump(exclude_unset=True))
    if payload.case is not None:
        case.update(payload.case.model_dump(exclude_unset=True))
    return person, case


@router.post("", response={201: CaseOut, 409: PossibleDuplicateOut})
def create_case(request, payload: CaseCreateIn):
    person, case = _split_create_payload(payload)
    created = services.case_open(
        user=request.user,
        person=person,
        case=case,
        confirm_not_duplicate=payload.confirm_not_duplicate,
    )
    created = selectors.case_read(request.user, created.pk, purpose="case registration")
    return Status(201, case_detail(created))


@router.get("", response=CaseListOut)
def list_cases(request, params: Query[ListQuery]):
    if params.page < 1:
        raise ValidationError("page must be 1 or more.", field="page")
    if params.query.strip():
        found = selectors.case_search(request.user, params.query)
        return {
            "items": [case_summary(c) for c in found],
            "count": len(found),
            "page": 1,
            "pages": 1,
        }
    page = selectors.case_list_for_user(
        request.user, page=params.page, status=params.status, cursor=params.cursor
    )
    return {
        "items": [case_summary(c) for c in page.cases],
        "count": page.total,
        "page": page.number,
        "pages": page.num_pages,
        "count_capped": page.total_capped,
        "next": page.next_cursor,
        "previous": page.previous_cursor,
    }


@router.get("/{case_id}", response=CaseOut)
def get_case(request, case_id: str):
    return case_detail(selectors.case_read(request.user, case_id))


@router.patch("/{case_id}", response=CaseOut)
def update_case(request, case_id: str, payload: CaseUpdateIn):
    if payload.person is not None or payload.case is not None:
        # One transaction for both: a refused case change leaves the person unchanged too.
        services.case_edit(
            user=request.user,
            case_id=case_id,
            person=payload.person.model_dump(exclude_unset=True) if payload.person else {},
            case=payload.case.model_dump(exclude_unset=True) if payload.case else {},
        )
    return case_detail(selectors.case_read(request.user, case_id))


@router.post("/{case_id}/trafficking-status", response=CaseOut)
def decide_status(request, case_id: str, payload: StatusDecisionIn):
    result = services.case_decide_trafficking_status(
        user=request.user,
        case_id=case_id,
        status=payload.status,
        decided_by_org_type=payload.decided_by_org_type,
    )
    if isinstance(result, ApprovalRequest):  # not in force until a supervisor approves it
        return pending_response(result)
    return case_detail(selectors.case_read(request.user, case_id))


@router.get("/{case_id}/consents", response=list[ConsentOut])
def list_consents(request, case_id: str):
    case = selectors.case_read(request.user, case_id, purpose="consent review")
    return [consent_dict(c) for c in case.consents.select_related("recorded_by")]


@router.post("/{case_id}/consents", response={201: ConsentOut})
def record_consent(request, case_id: str, payload: ConsentIn):
    consent = consent_services.consent_record(
        user=request.user,
        case_id=case_id,
        purpose=payload.purpose,
        method=payload.method,
        granted=payload.granted,
        given_on=payload.given_on,
        recipient_organisation_id=payload.recipient_organisation,
        checklist=payload.checklist,
        notes=payload.notes or "",
    )
    return Status(201, consent_dict(consent))


@router.post("/{case_id}/consents/{consent_id}/withdraw", response=ConsentOut)
def withdraw_consent(request, case_id: str, consent_id: int, payload: ConsentWithdrawIn):
    consent = consent_services.consent_withdraw(
        user=request.user, case_id=case_id, consent_id=consent_id, reason=payload.reason or ""
    )
    return consent_dict(consent)


from amanat.cases.approvals.api import ROUTERS as APPROVAL_ROUTERS  # noqa: E402  (ADR 1620)
from amanat.cases.links.api import ROUTERS as LINK_ROUTERS  # noqa: E402  (ADR 0140)

ROUTERS = (("/cases", router), *LINK_ROUTERS, *APPROVAL_ROUTERS)
