"""The coordinator's figures: aggregates only, no person and no case code (0442).

Reads only: the edges expire overdue referrals first (`services.referrals_expire_due`, 0446).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict

from django.db.models import Q
from django.utils import timezone

from amanat.accounts.roles import Perm
from amanat.cases.models import Case
from amanat.errors import NotFound
from amanat.privacy.suppression_config import stats_threshold
from amanat.referrals.models import Referral
from amanat.referrals.selectors.coordinator_suppression import crosstab, gated, single
from amanat.referrals.selectors.inbox import STATES
from amanat.referrals.state_machine import State
from amanat.referrals.taxonomy import load_taxonomy


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def coordinator_stats(
    user, *, country: str = "", date_from: dt.date | None = None, date_to: dt.date | None = None
) -> dict:
    """Aggregates only (no person, no case code): referrals by status, service type and region,
    acceptance and completion rates, and two medians (docs/decisions/0442). Small cells are
    hidden (None) by the platform's one rule and setting (0666, coordinator_suppression)."""
    if not user.can(Perm.STATS_VIEW):
        raise NotFound()
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
    threshold = _threshold()
    states = [s for s in STATES if s != State.DRAFT]
    regions, region_totals, state_totals, total = crosstab(
        dict(sorted(by_region.items())), states, threshold, column_totals=True
    )
    types, type_totals, _, _ = crosstab(
        dict(sorted(by_type.items())), states, threshold, column_totals=False
    )
    overdue = sum(1 for r in data if r[1] == State.ACCEPTED and r[7] and now > r[7] + window[r[11]])
    return {
        "country": country,
        "threshold": threshold,
        "suppression": (
            f"counts from 1 to {threshold - 1} are hidden (null), with the smallest other count "
            "of a row or column where exactly one is hidden; rates and medians over fewer than "
            f"{threshold} referrals are hidden"
        ),
        "total": total,
        "by_state": {s: state_totals[s] for s in states},
        "by_service_type": types,
        "by_service_type_total": type_totals,
        "by_region": regions,
        "by_region_total": region_totals,
        "transnational": single(sum(1 for r in data if r[9]), threshold),
        "acceptance_rate": gated(
            round(accepted / answered_or_expired, 3) if answered_or_expired else None,
            answered_or_expired,
            threshold,
        ),
        "completion_rate": gated(
            round(by_state.get(State.COMPLETED, 0) / finished, 3) if finished else None,
            finished,
            threshold,
        ),
        "median_days_identification_to_first_referral": gated(
            _median(to_first_days), len(to_first_days), threshold
        ),
        "median_hours_referral_to_first_answer": gated(
            _median(answer_hours), len(answer_hours), threshold
        ),
        "awaiting_answer": state_totals[State.SENT],
        "overdue_to_start": single(overdue, threshold),
    }


def _threshold() -> int:
    """The one setting (0666); a function of its own so a test about the arithmetic can show
    cells of 1, which the setting's floor of 2 always hides."""
    return stats_threshold()
