"""Reads of cases that involve personal data: each one is access-checked and audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from amanat.cases.access import case_get_for_user, cases_visible_to
from amanat.cases.codes import normalise_case_code
from amanat.cases.field_spec import PERSONAL_PERSON_FIELDS
from amanat.cases.flags import flags_by_case
from amanat.cases.identity import find_similar_persons
from amanat.cases.models import Case, CaseEvent, Person
from amanat.cases.worklist import Worklist, worklist_filter
from amanat.core.keyset import keyset_page
from amanat.privacy.audit import audit_record
from amanat.privacy.crypto import blind_index, normalise_document_number, normalise_phone
from amanat.privacy.models import Consent

LIST_FIELDS = ("first_name", "last_name")
PAGE_SIZE = 25


def _list_queryset(user) -> QuerySet[Case]:
    return (
        cases_visible_to(user)
        .select_related("person", "case_worker")
        .only(
            "id",
            "code",
            "status",
            "trafficking_status",
            "identified_on",
            "country",
            "created_at",
            "updated_at",
            "owner_organisation_id",
            "case_worker__id",
            "case_worker__username",
            "person__id",
            "person__first_name",
            "person__last_name",
        )
    )


@dataclass
class CasePage:
    cases: list[Case]
    number: int
    num_pages: int
    has_next: bool
    has_previous: bool
    total: int  # exact up to COUNT_CAP; with `total_capped`, a lower bound
    total_capped: bool = False
    next_cursor: str | None = None
    previous_cursor: str | None = None

    @property
    def count(self) -> int:  # the names the shared pager template reads
        return self.total

    @property
    def count_capped(self) -> bool:
        return self.total_capped


def _attach_flags(cases: list[Case]) -> list[str]:
    """Give each listed case its flags in force (`case.active_flags`, one query); the field
    names the list's audit entry adds when a flag's reason is shown."""
    by_case = flags_by_case([case.pk for case in cases])
    for case in cases:
        case.active_flags = by_case.get(case.pk, [])
    return ["flag.reason"] if by_case else []


def case_list_for_user(
    user,
    *,
    page: int | str = 1,
    status: str = "",
    per_page: int = PAGE_SIZE,
    cursor: str = "",
    worklist: Worklist | None = None,
) -> CasePage:
    # Deferred join: page through the sort's key alone on its index (case_org_recent,
    # case_org_status_recent, case_org_code, case_org_activity), from the cursor's key, then
    # load the page's rows with their persons. Neither the count (capped) nor the page grows
    # with the organisation (ADR 0030, ADR 1621).
    if worklist is None:
        worklist = Worklist(status=status)
    keys = worklist_filter(
        user, cases_visible_to(user).only("id", "created_at", "updated_at", "code"), worklist
    )
    found = keyset_page(
        keys,
        order=worklist.order,
        scope=worklist.scope,
        per_page=per_page,
        cursor=cursor,
        page=page,
    )
    page_ids = [case.pk for case in found.items]
    by_id = {case.pk: case for case in _list_queryset(user).filter(pk__in=page_ids)}
    cases = [by_id[pk] for pk in page_ids if pk in by_id]
    audit_record(
        actor=user,
        action="case.list",
        object_type="case",
        fields=list(LIST_FIELDS) + _attach_flags(cases),
        purpose="case list",
        extra={"case_ids": [c.pk for c in cases]},
    )
    return CasePage(
        cases,
        found.number,
        found.num_pages,
        found.has_next,
        found.has_previous,
        found.count,
        found.count_capped,
        found.next_cursor,
        found.previous_cursor,
    )


def case_read(user, case_id, *, purpose: str = "case management") -> Case:
    """A case with its person, for display: checked and audited as a read of personal data."""
    case = case_get_for_user(user, case_id)
    audit_record(
        actor=user,
        action="case.view",
        object_type="case",
        object_id=case.pk,
        fields=[*PERSONAL_PERSON_FIELDS, "narrative"],
        purpose=purpose,
    )
    return case


def _cases_of_persons(visible: QuerySet[Case], person_ids: list[int], limit: int) -> list[Case]:
    # No ORDER BY in SQL: ordering by date would make the planner walk the organisation's whole
    # date index instead of the person index; a handful of rows is sorted here instead.
    rows = list(visible.filter(person_id__in=person_ids).order_by())
    rows.sort(key=lambda case: (case.created_at, case.pk), reverse=True)
    return rows[:limit]


def _by_person_index(
    visible: QuerySet[Case], index_field: str, value: str, limit: int
) -> list[Case]:
    # Persons first (a point look-up on the blind index), then their visible cases: one join
    # across a large organisation's cases would let the planner scan them all.
    person_ids = list(
        Person.objects.filter(**{index_field: value}).values_list("id", flat=True)[:limit]
    )
    if not person_ids:
        return []
    return _cases_of_persons(visible, person_ids, limit)


def _mark(cases: list[Case], score: float, reasons: tuple[str, ...]) -> list[Case]:
    for case in cases:
        case.match_score = score
        case.match_reasons = reasons
    return cases


def _by_name(user, visible: QuerySet[Case], query: str, limit: int) -> list[Case]:
    """Persons of the user's own organisation only, ranked by the name index (ADR 0120)."""
    matches = find_similar_persons(
        organisation_id=user.organisation_id, first_name=query, limit=limit
    )
    by_person = {m.person_id: m for m in matches}
    rows = _cases_of_persons(visible, list(by_person), limit)
    rank = {m.person_id: i for i, m in enumerate(matches)}
    rows.sort(key=lambda case: rank[case.person_id])  # best match first (stable: newest next)
    for case in rows:
        match = by_person[case.person_id]
        _mark([case], match.score, match.reasons)
    return rows


def case_search(user, query: str, *, limit: int = 50) -> list[Case]:
    """By case code, by phone or document number (blind index), or by name (own organisation),
    best match first; each case found carries `match_score` and `match_reasons` (codes)."""
    query = (query or "").strip()
    if not query:
        return []
    visible = _list_queryset(user)
    code = normalise_case_code(query)
    searched: list[str] = []
    results: list[Case] = []
    if code:
        searched = ["code"]
        results = _mark(list(visible.filter(code=code)[:limit]), 1.0, ("case_code_same",))
    region = user.organisation.country if user.organisation_id is not None else ""
    if not results:
        digits = normalise_phone(query)
        if digits and len(digits) >= 6 and len(digits) >= len(query.replace(" ", "")) - 3:
            searched = ["phone"]
            index = blind_index("phone", normalise_phone(query, region))
            results = _mark(
                _by_person_index(visible, "phone_index", index, limit), 1.0, ("phone_same",)
            )
        if not results:
            document = normalise_document_number(query)
            if document and any(ch.isdigit() for ch in document):
                searched = ["id_document_number"]
                index = blind_index("document", document)
                results = _mark(
                    _by_person_index(visible, "id_document_index", index, limit),
                    1.0,
                    ("document_same",),
                )
    if not results and user.organisation_id is not None and visible.exists():
        searched = ["name"]
        results = _by_name(user, visible, query, limit)
    audit_record(
        actor=user,
        action="case.search",
        object_type="case",
        fields=searched + _attach_flags(results),
        purpose="case search",
        # Which cases the search showed (ids only, at most `limit`): a later leak can be traced.
        extra={"results": len(results), "case_ids": [case.pk for case in results]},
    )
    return results


def case_timeline(case: Case) -> list[CaseEvent]:
    return list(case.events.select_related("actor", "organisation").order_by("at", "id"))


def case_consents(case: Case) -> list[Consent]:
    """The case's consents (granted, refused, withdrawn) with who recorded them and for whom."""
    return list(case.consents.select_related("recorded_by", "recipient_organisation"))
