"""The coordinator's queue and link list: pseudonymous case codes, organisations, score, reasons.

Never a name, birth date, phone or any other personal field: rows are read with `values()` of
ids, codes and organisation names only, so no encrypted column is even loaded. Each read is
audited (what was listed, not what it showed).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Max, Q, Sum
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from amanat.cases.links.access import coordinator_country, links_visible_to, matches_visible_to
from amanat.cases.links.graph import components
from amanat.cases.links.models import MatchSource, MatchStatus, PersonLink
from amanat.cases.links.reasons import reason_label
from amanat.cases.models import Case
from amanat.errors import NotFound, ValidationError
from amanat.privacy.audit import audit_record

PAGE_SIZE = 50
COUNT_CAP = 10_000  # a total above it is shown as "more than 10,000"
_SIDE = ("owner_organisation__name", "owner_organisation__country")


@dataclass(frozen=True)
class Page:
    items: list[dict]
    total: int  # at most COUNT_CAP + 1
    number: int
    pages: int

    @property
    def total_is_lower_bound(self) -> bool:
        return self.total > COUNT_CAP


def _side_columns(prefix: str) -> list[str]:
    return [f"{prefix}_id", *(f"{prefix}__{c}" for c in _SIDE)]


def _case_codes(person_ids: set[int]) -> dict[int, list[str]]:
    codes: dict[int, list[str]] = {}
    rows = (
        Case.objects.filter(person_id__in=person_ids)
        .order_by("code")
        .values_list("person_id", "code")
    )
    for person_id, code in rows:
        codes.setdefault(person_id, []).append(code)
    return codes


def _side(row: dict, prefix: str, codes: dict[int, list[str]]) -> dict:
    person_id = row[f"{prefix}_id"]
    return {
        "case_codes": codes.get(person_id, []),
        "organisation": row[f"{prefix}__owner_organisation__name"],
        "country": row[f"{prefix}__owner_organisation__country"],
    }


class _CappedPaginator(Paginator):
    """Counts at most COUNT_CAP rows: an exact count of a national queue through the country
    scope's joins took 0.6 s at 57,000 open pairs; the coordinator works from the top."""

    @cached_property
    def count(self) -> int:
        return self.object_list.values("id")[: COUNT_CAP + 1].count()


def _page_of(queryset, columns: list[str], page: int) -> tuple[list[dict], Paginator, int]:
    if isinstance(page, bool) or not isinstance(page, int) or page < 1:
        raise ValidationError(_("The page must be 1 or more."), field="page")
    paginator = _CappedPaginator(queryset.values(*columns), PAGE_SIZE)
    number = min(page, max(paginator.num_pages, 1))
    return list(paginator.page(number).object_list), paginator, number


def match_queue(user, *, status: str = MatchStatus.OPEN, page: int = 1) -> Page:
    """Possible matches the coordinator may decide, best score first."""
    if status not in MatchStatus.values:
        raise ValidationError(
            _("Unknown status: use one of %(names)s.") % {"names": ", ".join(MatchStatus.values)},
            field="status",
        )
    if not _allowed(user):
        raise NotFound()
    queryset = matches_visible_to(user).filter(status=status).order_by("-score", "id")
    columns = [
        "id",
        "score",
        "reasons",
        "source",
        "status",
        "proposed_at",
        "decided_at",
        *_side_columns("person_low"),
        *_side_columns("person_high"),
    ]
    rows, paginator, number = _page_of(queryset, columns, page)
    codes = _case_codes({r[k] for r in rows for k in ("person_low_id", "person_high_id")})
    sources = dict(MatchSource.choices)
    statuses = dict(MatchStatus.choices)
    items = [
        {
            "id": r["id"],
            "score": round(r["score"], 3),
            "reasons": [{"code": c, "label": reason_label(c)} for c in r["reasons"]],
            "source": r["source"],
            "source_label": str(sources.get(r["source"], r["source"])),
            "status": r["status"],
            "status_label": str(statuses.get(r["status"], r["status"])),
            "proposed_at": r["proposed_at"],
            "decided_at": r["decided_at"],
            "persons": [_side(r, "person_low", codes), _side(r, "person_high", codes)],
        }
        for r in rows
    ]
    _audit_list(user, "person_match.list", len(items), status=status)
    return Page(items, paginator.count, number, paginator.num_pages)


def link_list(user, *, page: int = 1) -> Page:
    """Active person links the coordinator may undo, newest first."""
    if not _allowed(user):
        raise NotFound()
    queryset = (
        links_visible_to(user).filter(unlinked_at__isnull=True).order_by("-created_at", "-id")
    )
    columns = ["id", "created_at", *_side_columns("person_low"), *_side_columns("person_high")]
    rows, paginator, number = _page_of(queryset, columns, page)
    codes = _case_codes({r[k] for r in rows for k in ("person_low_id", "person_high_id")})
    items = [
        {
            "id": r["id"],
            "created_at": r["created_at"],
            "persons": [_side(r, "person_low", codes), _side(r, "person_high", codes)],
        }
        for r in rows
    ]
    _audit_list(user, "person_link.list", len(items))
    return Page(items, paginator.count, number, paginator.num_pages)


def open_match_count(user) -> int | None:
    """Open possible matches the coordinator may decide (a count: no personal data)."""
    if not _allowed(user):
        return None
    return matches_visible_to(user).filter(status=MatchStatus.OPEN).count()


def _allowed(user) -> bool:
    return coordinator_country(user) is not None


def _audit_list(user, action: str, shown: int, **extra) -> None:
    audit_record(
        actor=user,
        action=action,
        object_type="person_match" if action.startswith("person_match") else "person_link",
        fields=["case_codes", "organisation", "score", "reasons"],
        purpose="cross-organisation record linkage",
        extra={"shown": shown, **extra},
    )


def _links_version() -> tuple:
    """One aggregate query that moves with every link created, undone, erased or restored."""
    return tuple(
        PersonLink.objects.aggregate(
            total=Count("id"),
            active=Count("id", filter=Q(unlinked_at__isnull=True)),
            top=Max("id"),
            undone=Max("unlinked_at"),
            # Also the persons linked: a rolled-back transaction (tests) can reuse ids.
            low=Sum("person_low_id", filter=Q(unlinked_at__isnull=True)),
            high=Sum("person_high_id", filter=Q(unlinked_at__isnull=True)),
        ).values()
    )


_representatives: dict[str, tuple[tuple, dict[int, int]]] = {}
_lock = threading.Lock()


def link_representatives() -> dict[int, int]:
    """Each linked person id -> its component's representative (smallest id), over the active
    links of the whole platform. Ids only, for aggregate counts (insights); never shown.

    Kept per process under a version read from the database (so no process answers from stale
    links): the components of 100,000 links take about half a second to compute.
    """
    version = _links_version()
    with _lock:
        cached = _representatives.get("links")
    if cached is not None and cached[0] == version:
        return cached[1]
    edges = PersonLink.objects.filter(unlinked_at__isnull=True).values_list(
        "person_low_id", "person_high_id"
    )
    result = components(edges.iterator(chunk_size=10_000))
    with _lock:
        _representatives["links"] = (version, result)
    return result
