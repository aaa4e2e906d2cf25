from __future__ import annotations

from django.conf import settings


def amanat(request):
    user = getattr(request, "user", None)
    perms = user.permissions if user is not None and user.is_authenticated else frozenset()
    from amanat.core.navigation import nav_items_for

    return {
        "LANGUAGES": settings.LANGUAGES,
        "user_permissions": perms,
        "nav_items": nav_items_for(user) if user is not None else [],
    }
