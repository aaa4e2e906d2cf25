"""Helpers shared by the referral services: free-text checks and the limits they apply."""

from __future__ import annotations

from django.utils.translation import gettext as _

from amanat.accounts.roles import Perm
from amanat.errors import NotFound, ValidationError

MAX_REASON = 4000
MIN_JUSTIFICATION = 20


def clean_text(value, *, field: str, limit: int = MAX_REASON, required: bool = False) -> str:
    """Stripped text of at most `limit` characters (ValidationError naming `field` otherwise)."""
    text = (value or "").strip() if isinstance(value, str | type(None)) else None
    if text is None:
        raise ValidationError(_("Expected text."), field=field)
    if required and not text:
        raise ValidationError(_("This field is required."), field=field)
    if len(text) > limit:
        raise ValidationError(_("At most %(n)d characters.") % {"n": limit}, field=field)
    return text


def require_directory_manager(user) -> None:
    """Directory edits: a directory manager, or the command line (`user` None)."""
    if user is not None and not user.can(Perm.DIRECTORY_MANAGE):
        raise NotFound()
