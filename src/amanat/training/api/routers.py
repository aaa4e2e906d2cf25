"""The training routers in the order their operations were registered before the split.

Ninja derives an operation's id from its view's module; the ids are part of the published OpenAPI
document, so every operation keeps the id it had when all endpoints lived in
`amanat.training.api`, and the routers keep their order (URL patterns match in that order).
"""

from __future__ import annotations

from ninja import Router

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

OPERATION_ID_PREFIX = "amanat_training_api_"


def _keep_operation_ids(router: Router) -> Router:
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            if not operation.operation_id:
                operation.operation_id = OPERATION_ID_PREFIX + operation.view_func.__name__
    return router


ROUTERS = tuple(
    (prefix, _keep_operation_ids(router))
    for prefix, router in (
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
)
