"""Small presentation helpers shared by the referral pages."""

from __future__ import annotations

from amanat.core import geography
from amanat.referrals import codes


def language_of(request) -> str:
    """The request's language without its region ("ru-RU" -> "ru")."""
    return (getattr(request, "LANGUAGE_CODE", "en") or "en").split("-")[0]


def country_choices() -> list[tuple[str, str]]:
    """The NRM countries for the country pickers, as (code, name)."""
    return [(c, geography.country_name(c)) for c in geography.NRM_COUNTRIES]


def services_text(service_types) -> str:
    """Service types as one translated, comma-separated line."""
    return ", ".join(codes.service_type_label(s) for s in service_types)


def service_rows(listed) -> list[dict]:
    """An organisation's directory services with their translated type labels."""
    return [{"s": s, "label": codes.service_type_label(s.service_type)} for s in listed]
