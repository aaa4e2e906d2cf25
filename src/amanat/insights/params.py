"""Parse statistics filters the same way for the web, the API and the CLI.

Bad input raises `ValidationError` naming the parameter (`countries`, `match`, `period`,
`regions`), which the web shows on the form, the API returns as a 422 and the CLI as exit 2.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from amanat.accounts.models import Organisation
from amanat.core import geography
from amanat.errors import ValidationError
from amanat.insights.i18n import Msg, pgettext_lazy, text
from amanat.insights.stats.filters import MATCH_RULES, Filters, Period, PlaceFilter

CASE_MATCH = "identification"
ALL_MATCH_RULES = (CASE_MATCH, *MATCH_RULES)


def _codes(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.split(",")
    return [str(v).strip().upper() for v in value if str(v).strip()]


def parse_filters(
    *,
    cases: bool,
    countries=None,
    match: str | None = None,
    period: str | None = None,
    regions=None,
    organisations=None,
) -> Filters:
    """Filters for the platform's cases (`cases=True`) or a CTDC dataset."""
    country_codes = _codes(countries)
    for code in country_codes:
        if not geography.is_country(code):
            raise ValidationError(
                _("'%(value)s' is not an ISO 3166 country code.") % {"value": code[:8]},
                field="countries",
            )
    match = (match or "").strip() or (CASE_MATCH if cases else "either")
    allowed = ALL_MATCH_RULES if cases else MATCH_RULES
    if match not in allowed:
        raise ValidationError(
            _("Match countries by one of: %(allowed)s.") % {"allowed": ", ".join(allowed)},
            field="match",
        )
    place = PlaceFilter(tuple(dict.fromkeys(country_codes)), match) if country_codes else None
    parsed_period = parse_period(period)
    region_codes = _codes(regions)
    if region_codes and not cases:
        raise ValidationError(
            _("A CTDC dataset has no region: filter by country instead."), field="regions"
        )
    for code in region_codes:
        if code[:2] not in geography.country_codes() or code not in geography.region_codes(
            code[:2]
        ):
            raise ValidationError(
                _("'%(value)s' is not an ISO 3166-2 region code.") % {"value": code[:12]},
                field="regions",
            )
    return Filters(
        period=parsed_period,
        place=place,
        regions=tuple(dict.fromkeys(region_codes)),
        organisations=_organisation_ids(organisations, cases=cases),
    )


def _organisation_ids(value, *, cases: bool) -> tuple[int, ...]:
    """Ids of existing organisations (the case holders); names are not personal data."""
    raw = _codes(value)
    if raw and not cases:
        raise ValidationError(
            _("A CTDC dataset has no organisation: filter by country instead."),
            field="organisations",
        )
    ids = []
    for item in raw:
        if not item.isdigit() or len(item) > 12:
            raise ValidationError(
                _("'%(value)s' is not an organisation.") % {"value": item[:12]},
                field="organisations",
            )
        ids.append(int(item))
    ids = list(dict.fromkeys(ids))
    known = set(Organisation.objects.filter(pk__in=ids).values_list("pk", flat=True))
    missing = [i for i in ids if i not in known]
    if missing:
        raise ValidationError(
            _("'%(value)s' is not an organisation.") % {"value": missing[0]},
            field="organisations",
        )
    return tuple(ids)


def parse_period(period) -> Period | None:
    """'2010-2017' or '2016' within 1900-2200, or None when empty; else a ValidationError."""
    if not period or not str(period).strip():
        return None
    try:
        parsed = Period.parse(str(period))
    except ValueError:
        parsed = None
    if parsed is None or not (1900 <= parsed.start <= 2200 and parsed.end <= 2200):
        raise ValidationError(
            _("Enter a year or a period of years, e.g. 2010-2017."), field="period"
        )
    return parsed


def parse_threshold(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("Enter a whole number."), field="threshold") from None


# The filters in words (statistics filter context in the catalogue).
FILTER_WORDS: dict[str, Msg] = {
    "period": pgettext_lazy("statistics filter", "Years %(a)s-%(b)s"),
    "identification": pgettext_lazy("statistics filter", "country of identification"),
    "citizenship": pgettext_lazy("statistics filter", "citizenship"),
    "exploitation": pgettext_lazy("statistics filter", "country of exploitation"),
    "either": pgettext_lazy("statistics filter", "citizenship or country of exploitation"),
    "both": pgettext_lazy("statistics filter", "citizenship and country of exploitation"),
    "regions": pgettext_lazy("statistics filter", "Regions of identification: %(names)s"),
    "organisations": pgettext_lazy(
        "statistics filter", "Organisations holding the cases: %(names)s"
    ),
    "none": pgettext_lazy("statistics filter", "All records"),
}


def describe_filters(filters: Filters, lang: str) -> list[str]:
    """The filters in words, for reports and dashboards."""
    out = []
    if filters.period is not None:
        out.append(text(FILTER_WORDS["period"], lang, a=filters.period.start, b=filters.period.end))
    if filters.place is not None:
        names = ", ".join(geography.country_name(c, lang) for c in filters.place.countries)
        rule = text(FILTER_WORDS[filters.place.match], lang)
        out.append(f"{rule[:1].upper() + rule[1:]}: {names}")
    if filters.regions:
        names = ", ".join(geography.region_name(r, lang) for r in filters.regions)
        out.append(text(FILTER_WORDS["regions"], lang, names=names))
    if filters.organisations:
        names = ", ".join(
            Organisation.objects.filter(pk__in=filters.organisations)
            .order_by("name")
            .values_list("name", flat=True)
        )
        out.append(text(FILTER_WORDS["organisations"], lang, names=names))
    return out or [text(FILTER_WORDS["none"], lang)]
