"""Where each user lands, and the count panels of the landing pages (ADR 1620).

Apps register, in `AppConfig.ready()`, the landing page they offer with the permission it serves
and a priority; `/` sends a user to the highest-priority page whose permission they hold. No
view knows role names: a new role (or app) changes only its own registration.

Panels are small counts linking to a list ("overdue follow-ups: 3"), registered by the app that
owns the list and shown on the landing pages of an audience ("worklist": the case worklist;
"coordinator": the coordinator's overview) to users holding the panel's permission.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Landing:
    key: str
    url_name: str
    permission: str
    priority: int  # higher wins when a user holds several permissions


@dataclass(frozen=True)
class Panel:
    key: str
    order: int
    label: object  # a lazy translatable string
    # count(user) -> int, a short text for a suppressed count ("<10"), or None (not
    # applicable to this user: the panel is hidden)
    count: Callable
    url: Callable  # url(user) -> str, the list the count stands for
    permission: str | None
    audiences: tuple[str, ...]


@dataclass(frozen=True)
class PanelEntry:
    key: str
    label: object
    count: int | str
    url: str


_landings: dict[str, Landing] = {}
_panels: dict[str, Panel] = {}

NO_ROLE_URL_NAME = "no_role"


def register_landing(key: str, *, url_name: str, permission: str, priority: int) -> None:
    _landings[key] = Landing(key, url_name, permission, priority)


def landing_for(user) -> str:
    """The URL name of `user`'s landing page; the "ask for a role" page when none applies."""
    held = [
        landing
        for landing in _landings.values()
        if getattr(user, "is_authenticated", False) and user.can(landing.permission)
    ]
    if not held:
        return NO_ROLE_URL_NAME
    return max(held, key=lambda landing: (landing.priority, landing.key)).url_name


def register_panel(
    key: str,
    *,
    order: int,
    label,
    count: Callable,
    url: Callable,
    permission: str | None,
    audiences: tuple[str, ...],
) -> None:
    _panels[key] = Panel(key, order, label, count, url, permission, audiences)


def panels_for(user, audience: str) -> list[PanelEntry]:
    """The panels of `audience` that `user` may see, in order, with their counts."""
    entries = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        if audience not in panel.audiences:
            continue
        if panel.permission is not None and not user.can(panel.permission):
            continue
        count = panel.count(user)
        if count is None:
            continue
        entries.append(PanelEntry(panel.key, panel.label, count, panel.url(user)))
    return entries
