"""The insights app's case timeline events (declared once; services call `.record(...)`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amanat.cases.timeline import event_kind

CASE_TRANSFERRED = event_kind(
    "case.transferred", _("Case data transferred to another case system (HTCDS)")
)
CASE_IMPORTED = event_kind("case.imported", _("Case imported from another case system (HTCDS)"))
