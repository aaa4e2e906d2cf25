"""The insights app's case timeline events (declared once; services call `.record(...)`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amanat.cases.events import CASE_TRANSFERRED
from amanat.cases.timeline import event_kind

# An identifiable HTCDS transfer is recorded with the life cycle's kind (one code, one label).
__all__ = ["CASE_IMPORTED", "CASE_TRANSFERRED"]

CASE_IMPORTED = event_kind("case.imported", _("Case imported from another case system (HTCDS)"))
