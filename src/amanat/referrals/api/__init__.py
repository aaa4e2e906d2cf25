"""Referral endpoints (issue 4, item 9). Thin: parse, call one service or selector, present.
One Router per entity module; `ROUTERS` keeps the prefixes and the order of the operations
(a fixed route such as /referrals/stats before /referrals/{id}, every /referrals/{id}/... route
before the /referrals/{id}/{action} moves).

GET  /api/organisations?query=&country=&service=&region=   directory search
GET  /api/organisations/{id}                                one entry (with staff contacts)
GET  /api/cases/{id}/needs          POST /api/cases/{id}/needs
PATCH /api/needs/{id}
GET  /api/cases/{id}/matches?need=&limit=
GET  /api/cases/{id}/referrals      POST /api/cases/{id}/referrals
GET  /api/referrals?box=incoming|outgoing&status=&page=
GET  /api/referrals/stats?country=  (coordinator view, aggregates only)
GET  /api/referrals/notifications   POST /api/referrals/notifications/read
GET  /api/referrals/{id}            GET /api/referrals/{id}/case (the recipient's limited view)
POST /api/referrals/{id}/notes
POST /api/referrals/{id}/{send|accept|decline|start|complete|close_without_service|revoke}
"""

from amanat.referrals.api import (
    coordinator,
    directory,
    inbox,
    matching,
    moves,
    needs,
    notifications,
    referrals,
)

ROUTERS = (
    ("/organisations", directory.router),
    ("/cases", needs.case_router),
    ("/cases", matching.router),
    ("/cases", referrals.case_router),
    ("/needs", needs.router),
    ("/referrals", inbox.router),
    ("/referrals", coordinator.router),
    ("/referrals", notifications.router),
    ("/referrals", referrals.router),
    ("/referrals", moves.router),
)

__all__ = ["ROUTERS"]
