"""Main-menu entries that apps add (AppConfig.ready), shown to users holding the permission."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    order: int
    label: object  # a lazy translatable string
    url_name: str
    permission: str | None


_items: dict[str, NavItem] = {}


def register_nav_item(
    key: str, *, order: int, label, url_name: str, permission: str | None = None
) -> None:
    _items[key] = NavItem(order, label, url_name, permission)


def nav_items_for(user) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        item
        for item in sorted(_items.values(), key=lambda i: i.order)
        if item.permission is None or user.can(item.permission)
    ]
