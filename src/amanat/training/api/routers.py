"""The training routers in the order their operations were registered before the split (URL
patterns match in that order; operation ids keep their form through `amanat.api.AmanatAPI`)."""

from __future__ import annotations

from . import (
    agenda,
    bank,
    curricula,
    evaluations,
    events,
    links,
    participants,
    reports,
    submissions,
)

ROUTERS = (
    ("/training/public", links.public),
    ("/training", events.router),
    ("/training", agenda.router),
    ("/training", participants.router),
    ("/training", submissions.router),
    ("/training", evaluations.router),
    ("/training", reports.router),
    ("/training", curricula.router),
    ("/training", bank.router),
)
