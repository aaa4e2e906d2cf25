"""A reintegration score's notes in the reader's language.

The scorer (amanat.assistance.reintegration, a pure engine) stores its explanation as data
with English notes; pages phrase the notes again from that data (counts, weights, the codes
left out), so records scored before this module existed read in every language too.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from amanat.core.language import active

# Texts a rule file may carry in `source.weights_status`: translated when shown.
WEIGHTS_STATUSES = (gettext_noop("project default (equal weights), not IOM's official weights"),)


def _label(items, code: str, language: str) -> str:
    known = items.get(code)
    return known.label.get(language) if known else code


def dimension_note(dimension: dict, instrument) -> str:
    """The note of one dimension of a stored explanation."""
    rows = dimension.get("indicators", [])
    if dimension.get("score") is None:
        return _("no scored answers: dimension score is null and left out of the composite")
    scored = [row for row in rows if row.get("status") == "scored"]
    left_out = dimension.get("left_out") or [
        row["indicator"] for row in rows if row.get("status") != "scored"
    ]
    if not left_out:
        return ngettext(
            "all %(count)s indicator scored", "all %(count)s indicators scored", len(rows)
        ) % {"count": len(rows)}
    language = active()
    return ngettext(
        "scored from %(scored)s of %(total)s indicator; weights renormalised over the answered "
        "ones (%(weight)s of %(full)s); left out: %(left_out)s",
        "scored from %(scored)s of %(total)s indicators; weights renormalised over the "
        "answered ones (%(weight)s of %(full)s); left out: %(left_out)s",
        len(rows),
    ) % {
        "scored": len(scored),
        "total": len(rows),
        "weight": f"{sum(row['weight'] for row in scored):g}",
        "full": f"{sum(row['weight'] for row in rows):g}",
        "left_out": ", ".join(_label(instrument.indicators, c, language) for c in left_out),
    }


def composite_note(composite: dict, instrument) -> str:
    """The note of a stored explanation's composite."""
    if composite.get("score") is None:
        return _("no dimension could be scored: composite is null")
    missing = composite.get("dimensions_missing") or []
    if not missing:
        return _("composite of all dimensions")
    language = active()
    return _("composite of %(used)s only; %(missing)s had no scored answers") % {
        "used": ", ".join(
            _label(instrument.dimensions, c, language) for c in composite.get("dimensions_used", [])
        ),
        "missing": ", ".join(_label(instrument.dimensions, c, language) for c in missing),
    }


def weights_status(text: str) -> str:
    """The rule file's note on its weights, translated when it is one the catalogues know."""
    return _(text) if text in WEIGHTS_STATUSES else text
