from __future__ import annotations

from django.conf import settings


def amanat(request):
    user = getattr(request, "user", None)
    perms = user.permissions if user is not None and user.is_authenticated else frozenset()
    return {"LANGUAGES": settings.LANGUAGES, "user_permissions": perms}
