"""The case worker's worklist (ADR 1621): filters and sorts of the case list, keyset-paged.

Every sort is a keyset order on an index of its own (`Case.Meta.indexes`), so a page costs the
same on a large organisation whatever the sort. Apps above cases add filters that only they can
compute (assistance: "overdue follow-up") with `register_case_filter`, as a `Q` over `Case`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amanat.accounts.models import User
from amanat.accounts.roles import ROLE_PERMISSIONS, Perm
from amanat.cases.flags import flags_in_force_q
from amanat.cases.models import Case, CaseFlag
from amanat.core import vocabularies
from amanat.core.ids import try_parse_id
from amanat.errors import ValidationError

# key -> (keyset order, label, the date the list shows)
SORTS: dict[str, tuple[tuple[str, ...], object, str]] = {
    "newest": (("-created_at", "-id"), gettext_lazy("Newest first"), "created_at"),
    "oldest": (("created_at", "id"), gettext_lazy("Oldest first"), "created_at"),
    "code": (("code",), gettext_lazy("By case code"), "created_at"),
    "activity": (("-updated_at", "-id"), gettext_lazy("Last activity first"), "updated_at"),
}
DEFAULT_SORT = "newest"


@dataclass(frozen=True)
class CaseFilter:
    key: str
    label: object
    condition: Callable  # condition(user, today) -> Q over Case


_filters: dict[str, CaseFilter] = {}


def register_case_filter(key: str, label, condition: Callable) -> None:
    """An app above cases adds a yes/no filter of the worklist (e.g. "overdue follow-up")."""
    _filters[key] = CaseFilter(key, label, condition)


def case_filters() -> list[CaseFilter]:
    return sorted(_filters.values(), key=lambda f: f.key)


@dataclass(frozen=True)
class Worklist:
    status: str = ""
    assigned: str = ""  # "", "me", "none" or a user id
    flagged: bool = False
    extra: tuple[str, ...] = ()  # keys of registered filters that are on
    sort: str = DEFAULT_SORT

    @property
    def scope(self) -> str:
        """Names the list and its filters: a cursor of another list is refused (keyset)."""
        extra = ",".join(self.extra)
        return f"cases:{self.status}:{self.assigned}:{int(self.flagged)}:{extra}:{self.sort}"

    @property
    def order(self) -> tuple[str, ...]:
        return SORTS[self.sort][0]

    @property
    def date_field(self) -> str:
        return SORTS[self.sort][2]


def parse_worklist(params: Mapping) -> Worklist:
    """The worklist a query string asks for; a bad value is a ValidationError naming it."""
    status = (params.get("status") or "").strip()
    if status and status not in vocabularies.codes("case_status"):
        raise ValidationError(
            _("Unknown status '%(value)s'. Allowed: %(allowed)s.")
            % {"value": status, "allowed": ", ".join(sorted(vocabularies.codes("case_status")))},
            field="status",
        )
    assigned = (params.get("assigned") or "").strip()
    if assigned not in ("", "me", "none") and try_parse_id(assigned) is None:
        raise ValidationError(_("assigned must be 'me', 'none' or a user id."), field="assigned")
    sort = (params.get("sort") or DEFAULT_SORT).strip()
    if sort not in SORTS:
        raise ValidationError(
            _("Unknown sort '%(value)s'. Allowed: %(allowed)s.")
            % {"value": sort, "allowed": ", ".join(SORTS)},
            field="sort",
        )
    extra = tuple(key for key in sorted(_filters) if _yes(params.get(key)))
    return Worklist(status, assigned, _yes(params.get("flagged")), extra, sort)


def _yes(value) -> bool:
    return str(value or "").strip().lower() in ("1", "true", "yes", "on")


def worklist_filter(user, queryset: QuerySet[Case], worklist: Worklist) -> QuerySet[Case]:
    if worklist.status:
        queryset = queryset.filter(status=worklist.status)
    if worklist.assigned == "me":
        queryset = queryset.filter(case_worker_id=user.pk)
    elif worklist.assigned == "none":
        queryset = queryset.filter(case_worker__isnull=True)
    elif worklist.assigned:
        queryset = queryset.filter(case_worker_id=try_parse_id(worklist.assigned))
    today = timezone.localdate()
    if worklist.flagged:
        flags = CaseFlag.objects.filter(flags_in_force_q(today), case_id=OuterRef("pk"))
        queryset = queryset.filter(Exists(flags))
    for key in worklist.extra:
        queryset = queryset.filter(_filters[key].condition(user, today))
    return queryset


def assigned_choices(user) -> list[tuple[str, str]]:
    """The case workers of the user's organisation, for the "assigned worker" filter."""
    if user.organisation_id is None:
        return []
    workers = (
        User.objects.filter(organisation_id=user.organisation_id, is_active=True)
        .filter(
            role_rows__role__in=[r for r, p in ROLE_PERMISSIONS.items() if Perm.CASE_UPDATE in p]
        )
        .distinct()
        .order_by("username")
        .values_list("pk", "username")[:200]
    )
    return [(str(pk), name) for pk, name in workers]
