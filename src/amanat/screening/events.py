"""The screening app's kinds of case-timeline event: declared once here, recorded by services.

Event data holds codes and ids only (assessment id, guide, language), never answers.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amanat.cases.timeline import event_kind

STARTED = event_kind("screening.started", _("Interview started"))
SAVED = event_kind("screening.saved", _("Interview answers saved"))
COMPLETED = event_kind("screening.completed", _("Interview completed"))
DISCARDED = event_kind("screening.discarded", _("Draft interview discarded"))
