"""The recruitment app's kinds of case-timeline event. Data holds ids and codes only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amanat.cases.timeline import event_kind

AD_LINKED = event_kind(
    "recruitment.ad_linked", _("Job advertisement linked as recruitment evidence")
)
AD_UNLINKED = event_kind("recruitment.ad_unlinked", _("Job advertisement unlinked"))
