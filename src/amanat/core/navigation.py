"""Main-menu entries that apps add (AppConfig.ready), shown to users holding the permission."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    """One menu entry, shown (in `order`) to users holding `permission` (None: to everyone)."""

    order: int
    label: object  # a lazy translatable string
    url_name: str
    permission: str | None = None
    badge: Callable | None = None  # badge(user) -> int, e.g. unread notices; 0 shows nothing


@dataclass(frozen=True)
class NavEntry:
    label: object
    url_name: str
    badge: int


_items: dict[str, NavItem] = {}


def register_nav_item(
    key: str,
    *,
    order: int,
    label,
    url_name: str,
    permission: str | None = None,
    badge: Callable | None = None,
) -> None:
    _items[key] = NavItem(order, label, url_name, permission, badge)


def register_nav_items(*items: NavItem) -> None:
    """Add an app's menu entries, declared as one table in its AppConfig.ready()."""
    for item in items:
        _items[item.url_name] = item


def nav_items_for(user) -> list[NavEntry]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        NavEntry(item.label, item.url_name, item.badge(user) if item.badge else 0)
        for item in sorted(_items.values(), key=lambda i: i.order)
        if item.permission is None or user.can(item.permission)
    ]
