"""The matcher's reasons and notes in the reader's language.

The matching engine is pure (no Django), so it returns each factor's reason as a code and
parameters; this module phrases them with gettext for pages and the API's translated fields.
Service types come from the taxonomy's labels, countries, regions and languages from
amanat.core.geography, all in the active language.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from amanat.core import geography
from amanat.referrals import codes
from amanat.referrals.matching.model import Factor


def _num(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _country(code) -> str:
    return geography.country_name(code) if code else "—"


def _region(code) -> str:
    return geography.region_name(code) if code else "—"


def _languages(items) -> str:
    return ", ".join(geography.language_name(code) for code in items)


def _need_fit(reason: str, p: dict) -> str:
    if reason == "exact":
        return _("provides %(service)s, the service needed") % {
            "service": codes.service_type_label(p["service_type"])
        }
    return _("provides %(service)s, which partly meets a need for %(need)s (fit %(fit)s)") % {
        "service": codes.service_type_label(p["service_type"]),
        "need": codes.service_type_label(p["need_type"]),
        "fit": _num(p["fit"]),
    }


def _region_text(reason: str, p: dict) -> str:
    if reason == "same_region":
        return _("serves the person's region %(region)s") % {"region": _region(p["region"])}
    if reason == "nationwide":
        return _("serves all of %(country)s, the person's country") % {
            "country": _country(p["country"])
        }
    if reason == "cross_border":
        return _("in %(country)s, another country: a cross-border referral") % {
            "country": _country(p["country"])
        }
    values = {
        "country": _country(p["country"]),
        "regions": ", ".join(_region(code) for code in p["regions"]),
    }
    if p.get("region_recorded"):
        return _("in %(country)s, serving %(regions)s, not the person's region") % values
    return _("in %(country)s, serving %(regions)s; the person's region is not recorded") % values


def _language_text(reason: str, p: dict) -> str:
    if reason == "shared":
        return _("works in %(languages)s") % {"languages": _languages(p["shared"])}
    if reason == "not_shared":
        return _(
            "works in %(languages)s, none of the person's languages (%(person)s): an "
            "interpreter is needed"
        ) % {"languages": _languages(p["service"]), "person": _languages(p["person"])}
    return _("the person's or the service's languages are not recorded")


def _capacity_text(reason: str, p: dict) -> str:
    if reason == "unknown":
        return _("capacity or current availability not recorded")
    count, values = p["capacity"], {"available": p["available"], "capacity": p["capacity"]}
    if reason == "full":
        text = ngettext(
            "full: %(available)s of %(capacity)s place free (waiting list)",
            "full: %(available)s of %(capacity)s places free (waiting list)",
            count,
        )
    elif reason == "limited":
        text = ngettext(
            "only %(available)s of %(capacity)s place free",
            "only %(available)s of %(capacity)s places free",
            count,
        )
    else:
        text = ngettext(
            "%(available)s of %(capacity)s place free",
            "%(available)s of %(capacity)s places free",
            count,
        )
    return text % values


def _response_text(reason: str, p: dict) -> str:
    if reason == "unmeasured":
        return _("no past answered referrals to measure")
    return _(
        "median past answer %(median)s h against the %(deadline)s h deadline of %(urgency)s urgency"
    ) % {
        "median": _num(p["median"]),
        "deadline": _num(p["deadline"]),
        "urgency": codes.urgency_label(p["urgency"]),
    }


_FACTORS = {
    "need_fit": _need_fit,
    "region": _region_text,
    "language": _language_text,
    "capacity": _capacity_text,
    "response_time": _response_text,
}


def factor_detail(factor: Factor) -> str:
    """Why the factor has its value, in the active language (English for a factor the engine
    gave no reason code, e.g. one built by an older caller)."""
    phrase = _FACTORS.get(factor.code)
    if phrase is None or not factor.reason:
        return factor.detail
    return phrase(factor.reason, factor.params)


def note_text(code: str) -> str:
    """A ranking's note (a code of matching.engine.NOTES) in the active language."""
    texts = {
        "gender": _("gender not recorded: gender restrictions not checked"),
        "age": _("age not recorded: age limits not checked"),
        "nationality": _("nationality not recorded: nationality restrictions not checked"),
        "status": _("status not recorded: status restrictions not checked"),
        "region": _("region not recorded: services in the same country count as same country"),
        "languages": _("languages not recorded: language scored as unknown"),
    }
    return texts.get(code, code)
