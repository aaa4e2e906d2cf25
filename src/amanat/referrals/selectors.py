"""Reads of the referral app that need access rules; reads of personal data are audited.

Before referrals are listed or shown, overdue ones are expired (lazy expiry), so nobody sees a
referral as "sent" after its deadline even if the scheduled `amanat referrals expire` has not
run yet.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from amanat.accounts.models import Organisation
from amanat.accounts.roles import Perm
from amanat.cases.consent import consent_in_force
from amanat.cases.models import Case
from amanat.core.ids import parse_id
from amanat.errors import NotFound, ValidationError
from amanat.privacy.audit import audit_record
from amanat.privacy.models import Consent, ConsentPurpose
from amanat.referrals import sharing
from amanat.referrals.access import (
    can_receive,
    can_refer,
    case_for_referral_work,
    referral_get_for_user,
    referral_visibility_q,
)
from amanat.referrals.matching import CaseProfile, ServiceIndex
from amanat.referrals.matching import Need as MatchNeed
from amanat.referrals.matching import Service as MatchService
from amanat.referrals.models import (
    DirectoryService,
    Need,
    NeedStatus,
    Notification,
    Referral,
    ReferralNote,
)
from amanat.referrals.services import referrals_expire_due
from amanat.referrals.state_machine import OPEN_STATES, State, allowed_actions
from amanat.referrals.taxonomy import load_taxonomy

PAGE_SIZE = 25
STATES = [s.value for s in State]


# ================================================================================== directory
def directory_search(
    *, query: str = "", country: str = "", service: str = "", region: str = "", limit: int = 200
) -> list[Organisation]:
    """Organisations with directory services, each with `.listed` (its services), by name."""
    services = DirectoryService.objects.all()
    if country:
        services = services.filter(country=country.upper())
    if service:
        services = services.filter(service_type=service)
    rows = list(
        services.only(
            "id",
            "organisation_id",
            "service_type",
            "country",
            "regions",
            "accepting",
            "capacity",
            "available",
            "languages",
            "genders",
            "age_min",
            "age_max",
            "hours",
        )
    )
    if region:
        region = region.upper()
        rows = [s for s in rows if not s.regions or region in s.regions]
    by_org: dict[int, list[DirectoryService]] = defaultdict(list)
    for s in rows:
        by_org[s.organisation_id].append(s)
    orgs = Organisation.objects.filter(pk__in=list(by_org), is_active=True)
    if query.strip():
        orgs = orgs.filter(name__icontains=query.strip())
    result = list(orgs.select_related("directory_profile").order_by("country", "name")[:limit])
    for org in result:
        org.listed = sorted(by_org[org.pk], key=lambda s: s.service_type)
    return result


def directory_organisation(user, organisation_id) -> Organisation:
    """One organisation's directory entry with contacts (staff personal data: audited)."""
    org = (
        Organisation.objects.select_related("directory_profile")
        .filter(pk=parse_id(organisation_id))
        .first()
    )
    if org is None:
        raise NotFound()
    org.listed = list(DirectoryService.objects.filter(organisation=org))
    audit_record(
        actor=user,
        action="directory.view",
        object_type="organisation",
        object_id=org.pk,
        fields=["contact_name", "contact_phone", "contact_email"],
        purpose="service directory",
    )
    return org


def directory_services_for_export():
    return DirectoryService.objects.select_related(
        "organisation", "organisation__directory_profile"
    ).order_by("organisation__country", "organisation__name", "service_type")


def region_summary(country: str) -> list[dict]:
    """Map-free region view: for each region of `country`, the service types covered there."""
    from amanat.core import geography

    country = country.upper()
    services = list(
        DirectoryService.objects.filter(country=country, accepting=True).values_list(
            "service_type", "regions", "organisation_id"
        )
    )
    types = list(load_taxonomy().service_types)
    result = []
    for code, name in geography.region_choices(country):
        counts = Counter()
        for stype, regions, _org in services:
            if not regions or code in regions:
                counts[stype] += 1
        result.append(
            {
                "code": code,
                "name": name,
                "counts": [counts.get(t, 0) for t in types],
                "missing": [t for t in types if not counts.get(t)],
            }
        )
    return result


# ====================================================================================== needs
def needs_for_case(user, case_id) -> list[Need]:
    case = case_for_referral_work(user, case_id)
    needs = list(Need.objects.filter(case=case).order_by("status", "created_at", "id"))
    audit_record(
        actor=user,
        action="need.list",
        object_type="case",
        object_id=case.pk,
        fields=["reason"],
        purpose="case management",
    )
    return needs


# ================================================================================== referrals
def _inbox_queryset(user, box: str) -> QuerySet[Referral]:
    if box == "incoming":
        if not can_receive(user):
            return Referral.objects.none()
        return Referral.objects.filter(to_organisation_id=user.organisation_id).exclude(
            state=State.DRAFT
        )
    if box == "outgoing":
        if not can_refer(user):
            return Referral.objects.none()
        # The referrals of the cases the organisation holds now, whoever made them (0445).
        return Referral.objects.filter(case__owner_organisation_id=user.organisation_id)
    raise ValidationError("box must be 'incoming' or 'outgoing'.", field="box")


@dataclass
class Flags:
    overdue: bool
    due_soon: bool
    sharing_stopped: bool


def flags_for(referral: Referral, now: dt.datetime) -> Flags:
    """Inbox flags (docs/decisions/0441): `due_soon` = sent with under a quarter of the response
    window left; `overdue` = accepted but not started within one response window."""
    window = load_taxonomy().urgency(referral.urgency).response_deadline
    due_soon = (
        referral.state == State.SENT
        and referral.due_at is not None
        and referral.due_at - now < window / 4
    )
    overdue = (
        referral.state == State.ACCEPTED
        and referral.answered_at is not None
        and now > referral.answered_at + window
    )
    return Flags(overdue=overdue, due_soon=due_soon, sharing_stopped=False)


def overdue_q(now: dt.datetime) -> Q:
    """Accepted and not started within one response window after acceptance (see flags_for)."""
    condition = Q(pk__in=[])
    for code, level in load_taxonomy().urgency_levels.items():
        condition |= Q(urgency=code, answered_at__lt=now - level.response_deadline)
    return Q(state=State.ACCEPTED) & condition


@dataclass
class ReferralPage:
    items: list[Referral]
    number: int
    num_pages: int
    total: int
    has_next: bool
    has_previous: bool


def referral_inbox(
    user, *, box: str, status: str = "", page: int = 1, per_page: int = PAGE_SIZE
) -> ReferralPage:
    """One organisation's incoming or outgoing referrals, newest first, with flags (no personal
    data: codes, organisations, dates)."""
    queryset = _inbox_queryset(user, box)
    referrals_expire_due()
    if status == "overdue":
        queryset = queryset.filter(overdue_q(timezone.now()))
    elif status:
        if status not in STATES:
            raise ValidationError(
                f"Unknown status '{status}'. Allowed: {', '.join(STATES)}, overdue.", field="status"
            )
        queryset = queryset.filter(state=status)
    order = "-sent_at" if box == "incoming" else "-created_at"
    queryset = (
        queryset.select_related("case", "from_organisation", "to_organisation")
        .order_by(order, "-id")
        .defer(
            "reason", "legal_basis_note", "override_justification", "decline_reason", "outcome_note"
        )
    )
    paginator = Paginator(queryset, per_page)
    page_obj = paginator.get_page(page)
    items = list(page_obj.object_list)
    now = timezone.now()
    for item in items:
        item.flags = flags_for(item, now)
    return ReferralPage(
        items,
        page_obj.number,
        paginator.num_pages,
        paginator.count,
        page_obj.has_next(),
        page_obj.has_previous(),
    )


def sharing_in_force(referral: Referral) -> tuple[bool, str]:
    """May the recipient see the shared case fields now? (allowed, reason code when not).

    Only while the referral is open, the case is open (a closed case is shared with nobody:
    docs/decisions/0445) and the person's referral consent naming the recipient is in force."""
    if referral.state not in OPEN_STATES:
        return False, "closed" if referral.state != State.DRAFT else "draft"
    # Imported here: cases.lifecycle imports assistance.access, which imports this module.
    from amanat.cases.lifecycle import CLOSED_STATUSES

    if referral.case.status in CLOSED_STATUSES:
        return False, "case_closed"
    if referral.consent_override:
        # Overridden at sending: sharing stops as soon as the person refuses or withdraws.
        latest = (
            Consent.objects.filter(
                case_id=referral.case_id,
                purpose=ConsentPurpose.REFERRAL,
                recipient_organisation_id=referral.to_organisation_id,
            )
            .order_by("-recorded_at", "-id")
            .first()
        )
        if (
            latest is not None
            and not latest.is_active
            and referral.sent_at is not None
            and (
                latest.recorded_at >= referral.sent_at
                or (latest.withdrawn_at and latest.withdrawn_at >= referral.sent_at)
            )
        ):
            return False, "consent_withdrawn"
        return True, ""
    if not consent_in_force(
        case_id=referral.case_id,
        purpose=ConsentPurpose.REFERRAL,
        recipient_organisation_id=referral.to_organisation_id,
    ):
        return False, "consent_withdrawn"
    return True, ""


def referral_detail(user, referral_id) -> Referral:
    """A referral for its sender or recipient, with `side`, `actions`, `flags`, `transitions`
    and the recipient's own `own_notes`; its free text is a read of personal data (audited)."""
    from amanat.referrals.services import _expire_if_due

    _expire_if_due(referral_id)
    referral, side = referral_get_for_user(user, referral_id)
    referral.side = side.value
    referral.actions = allowed_actions(referral.state, side.value)
    referral.flags = flags_for(referral, timezone.now())
    allowed, why = sharing_in_force(referral)
    referral.sharing = {"in_force": allowed, "reason": why}
    referral.flags.sharing_stopped = referral.state in OPEN_STATES and not allowed
    referral.history = list(referral.transitions.select_related("actor").order_by("at", "id"))
    referral.own_notes = list(
        ReferralNote.objects.filter(
            referral=referral, organisation_id=user.organisation_id
        ).select_related("author")
    )
    read = ["decline_reason", "outcome_note"]
    if side.value == "sender" or allowed:
        read.append("reason")
    if side.value == "sender":
        read += ["legal_basis_note", "override_justification"]
    referral.can_read_reason = "reason" in read
    audit_record(
        actor=user,
        action="referral.view",
        object_type="referral",
        object_id=referral.pk,
        fields=read,
        purpose="referral",
        extra={"side": side.value, "case_id": referral.case_id},
    )
    return referral


def referral_case_view(user, referral_id) -> dict:
    """What the recipient may see of the case: the shared fields while the referral is open and
    consent holds; afterwards only the referral's own facts and the recipient's own notes."""
    from amanat.referrals.services import _expire_if_due

    _expire_if_due(referral_id)
    referral, side = referral_get_for_user(user, referral_id)
    allowed, why = sharing_in_force(referral)
    preview = side.value == "sender"  # the sender checks what is (or would be) shared
    view = {
        "referral_id": referral.pk,
        "state": referral.state,
        "services": referral.services,
        "urgency": referral.urgency,
        "case_code": referral.case.code,
        "shared_fields": referral.shared_fields,
        "available": bool(allowed or preview),
        "unavailable_reason": "" if (allowed or preview) else why,
        "fields": [],
        "reason": "",
        "own_notes": [
            {
                "id": n.pk,
                "text": n.text,
                "created_at": n.created_at,
                "author": n.author.username if n.author else "",
            }
            for n in ReferralNote.objects.filter(
                referral=referral, organisation_id=user.organisation_id
            ).select_related("author")
        ],
    }
    read: list[str] = []
    if allowed or preview:
        case = Case.objects.select_related("person").get(pk=referral.case_id)
        view["fields"] = sharing.shared_values(case, referral.shared_fields)
        view["reason"] = referral.reason
        read = [*sharing.field_names_read(referral.shared_fields), "reason"]
    if view["own_notes"]:
        read.append("notes")
    audit_record(
        actor=user,
        action="referral.case_view",
        object_type="case",
        object_id=referral.case_id,
        fields=read,
        purpose="referral",
        extra={"referral_id": referral.pk, "side": side.value, "available": view["available"]},
    )
    return view


def referrals_for_case(user, case_id) -> list[Referral]:
    """The referrals the case's holder made (for the case page and the support plan)."""
    case = case_for_referral_work(user, case_id)
    referrals_expire_due()
    return list(
        Referral.objects.filter(case=case)
        .select_related("to_organisation")
        .prefetch_related("needs")
        .order_by("-created_at", "-id")
    )


def _own_notifications(user) -> QuerySet[Notification]:
    """The user's notices about referrals they are still on a side of: a notice about a referral
    of a case the organisation has handed over disappears with the referral (0445)."""
    condition = referral_visibility_q(user, prefix="referral__")
    if condition is None:
        return Notification.objects.none()
    return Notification.objects.filter(condition, user=user)


def notifications_for(user, *, unread_only: bool = False, limit: int = 50) -> list[Notification]:
    rows = _own_notifications(user).select_related(
        "referral", "referral__from_organisation", "referral__to_organisation"
    )
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return list(rows[:limit])


def unread_count(user) -> int:
    return _own_notifications(user).filter(read_at__isnull=True).count()


# =================================================================================== matching
_index_cache: dict[tuple, ServiceIndex] = {}
_medians_cache: dict[str, tuple[float, dict[int, float]]] = {}
MEDIANS_TTL_SECONDS = 600  # past response times need not be fresher than ten minutes


def _response_medians() -> dict[int, float]:
    """Median hours to answer per organisation over the last year, cached for ten minutes."""
    cached = _medians_cache.get("medians")
    if cached is not None and time.monotonic() - cached[0] < MEDIANS_TTL_SECONDS:
        return cached[1]
    since = timezone.now() - dt.timedelta(days=365)
    hours: dict[int, list[float]] = defaultdict(list)
    rows = Referral.objects.filter(answered_at__gte=since, response_hours__isnull=False)
    for org_id, value in rows.values_list("to_organisation_id", "response_hours").iterator(
        chunk_size=5000
    ):
        hours[org_id].append(value)
    medians = {org: statistics.median(values) for org, values in hours.items()}
    _medians_cache["medians"] = (time.monotonic(), medians)
    return medians


def service_index() -> ServiceIndex:
    """The matcher's index over the directory: rebuilt when the directory changes or the past
    response times are refreshed (at most every ten minutes)."""
    stamp = DirectoryService.objects.aggregate(n=Count("id"), m=Max("id"), u=Max("updated_at"))
    medians = _response_medians()
    key = (stamp["n"], stamp["m"], stamp["u"], id(medians))
    index = _index_cache.get(key)
    if index is not None:
        return index
    inactive = set(Organisation.objects.filter(is_active=False).values_list("pk", flat=True))
    services = []
    fields = (
        "id",
        "organisation_id",
        "service_type",
        "country",
        "regions",
        "genders",
        "age_min",
        "age_max",
        "nationalities",
        "statuses",
        "languages",
        "capacity",
        "available",
        "accepting",
    )  # plain values, never the encrypted contacts: nothing to decrypt
    empty: frozenset[str] = frozenset()
    for (
        pk,
        org_id,
        stype,
        country,
        regions,
        genders,
        age_min,
        age_max,
        nationalities,
        statuses,
        languages,
        capacity,
        available,
        accepting,
    ) in DirectoryService.objects.values_list(*fields).iterator(chunk_size=2000):
        if org_id in inactive:
            continue
        services.append(
            MatchService(
                id=str(pk),
                organisation_id=str(org_id),
                service_type=stype,
                country=country,
                regions=frozenset(regions) if regions else empty,
                genders=frozenset(genders) if genders else empty,
                age_min=age_min,
                age_max=age_max,
                nationalities=frozenset(nationalities) if nationalities else empty,
                statuses=frozenset(statuses) if statuses else empty,
                languages=frozenset(languages) if languages else empty,
                capacity=capacity,
                available=available,
                accepting=accepting,
                median_response_hours=medians.get(org_id),
            )
        )
    index = ServiceIndex(services)
    _index_cache.clear()
    _index_cache[key] = index
    return index


def case_profile(case: Case, needs: list[Need]) -> CaseProfile:
    person = case.person
    age = sharing._age(person)
    return CaseProfile(
        needs=tuple(MatchNeed(n.service_type, n.urgency) for n in needs),
        country=case.country,
        region=case.region or person.address_region or None,
        gender=person.gender or None,
        age=age,
        nationality=person.citizenship[0] if person.citizenship else None,
        statuses=frozenset(s for s in (person.migration_status, case.trafficking_status) if s),
        languages=frozenset(c for c in (person.primary_language, person.secondary_language) if c),
    )


@dataclass
class CaseMatches:
    case: Case
    needs: list[Need]
    rankings: list  # NeedRanking, one per need
    organisations: dict[str, Organisation]
    services: dict[str, DirectoryService]


def case_matches(user, case_id, *, need_id=None, limit: int = 10) -> CaseMatches:
    """Rank directory services for the case's open needs (or one need), explained."""
    case = case_for_referral_work(user, case_id)
    needs = list(Need.objects.filter(case=case, status=NeedStatus.OPEN).order_by("created_at"))
    if need_id not in (None, ""):
        needs = [n for n in needs if str(n.pk) == str(need_id)]
        if not needs:
            raise ValidationError("No open need with this id in the case.", field="need")
    index = service_index()
    profile = case_profile(case, needs)
    rankings = [index.rank_need(profile, need, limit=limit) for need in profile.needs]
    service_ids = {int(m.service_id) for r in rankings for m in r.matches}
    listed = DirectoryService.objects.filter(pk__in=service_ids).defer(
        "contact_name", "contact_phone", "contact_email"
    )
    services = {str(s.pk): s for s in listed}
    org_ids = {s.organisation_id for s in services.values()}
    orgs = {str(o.pk): o for o in Organisation.objects.filter(pk__in=org_ids)}
    audit_record(
        actor=user,
        action="case.match",
        object_type="case",
        object_id=case.pk,
        fields=[
            "birth_date",
            "gender",
            "citizenship",
            "migration_status",
            "primary_language",
            "secondary_language",
            "trafficking_status",
        ],
        purpose="referral matching",
        extra={"needs": len(needs)},
    )
    return CaseMatches(case, needs, rankings, orgs, services)


# ================================================================================ coordinator
def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def coordinator_stats(
    user, *, country: str = "", date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict:
    """Aggregates only (no person, no case code): referrals by status, service type and region,
    acceptance and completion rates, and two medians (docs/decisions/0442)."""
    if not user.can(Perm.STATS_VIEW):
        raise NotFound()
    referrals_expire_due()
    rows = Referral.objects.exclude(state=State.DRAFT)
    if country:
        country = country.upper()
        rows = rows.filter(
            Q(from_organisation__country=country) | Q(to_organisation__country=country)
        )
    if date_from:
        rows = rows.filter(sent_at__date__gte=date_from)
    if date_to:
        rows = rows.filter(sent_at__date__lte=date_to)
    data = list(
        rows.values_list(
            "id",
            "state",
            "services",
            "case_id",
            "case__region",
            "case__country",
            "sent_at",
            "answered_at",
            "due_at",
            "transnational",
            "to_organisation_id",
            "urgency",
        )
    )
    by_state = Counter(r[1] for r in data)
    by_type: dict[str, Counter] = defaultdict(Counter)
    by_region: dict[str, Counter] = defaultdict(Counter)
    for r in data:
        for stype in r[2]:
            by_type[stype][r[1]] += 1
        by_region[r[4] or r[5] or "?"][r[1]] += 1
    ever_accepted = {
        State.ACCEPTED,
        State.IN_PROGRESS,
        State.COMPLETED,
        State.CLOSED_WITHOUT_SERVICE,
    }
    # Ever accepted: in a state after acceptance, or revoked after an answer (a declined
    # referral is final, so an answered revoked one had been accepted).
    accepted = sum(
        1 for r in data if r[1] in ever_accepted or (r[1] == State.REVOKED and r[7] is not None)
    )
    declined = by_state.get(State.DECLINED, 0)
    expired = by_state.get(State.EXPIRED, 0)
    answered_or_expired = accepted + declined + expired
    finished = by_state.get(State.COMPLETED, 0) + by_state.get(State.CLOSED_WITHOUT_SERVICE, 0)
    answer_hours = [(r[7] - r[6]).total_seconds() / 3600 for r in data if r[6] and r[7]]
    case_ids = {r[3] for r in data}
    first_sent: dict[int, dt.datetime] = {}
    for r in data:
        if r[6] and (r[3] not in first_sent or r[6] < first_sent[r[3]]):
            first_sent[r[3]] = r[6]
    identified = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "identified_on"))
    to_first_days = []
    for case_id, sent in first_sent.items():
        day = identified.get(case_id)
        if day is not None:
            start = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
            to_first_days.append(max((sent - start).total_seconds(), 0) / 86400)
    now = timezone.now()
    window = {c: lvl.response_deadline for c, lvl in load_taxonomy().urgency_levels.items()}
    return {
        "country": country,
        "total": len(data),
        "by_state": {s: by_state.get(s, 0) for s in STATES if s != State.DRAFT},
        "by_service_type": {t: dict(c) for t, c in sorted(by_type.items())},
        "by_region": {k: dict(c) for k, c in sorted(by_region.items())},
        "transnational": sum(1 for r in data if r[9]),
        "acceptance_rate": round(accepted / answered_or_expired, 3)
        if answered_or_expired
        else None,
        "completion_rate": (
            round(by_state.get(State.COMPLETED, 0) / finished, 3) if finished else None
        ),
        "median_days_identification_to_first_referral": _median(to_first_days),
        "median_hours_referral_to_first_answer": _median(answer_hours),
        "awaiting_answer": by_state.get(State.SENT, 0),
        "overdue_to_start": sum(
            1 for r in data if r[1] == State.ACCEPTED and r[7] and now > r[7] + window[r[11]]
        ),
    }
