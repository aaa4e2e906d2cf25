"""Drafted recommendations from findings (issue 15, point 7): pure, exact texts."""

from __future__ import annotations

import polars as pl

from amanat.insights.gaps import gap_analysis
from amanat.insights.recommendations import (
    draft_recommendations,
    findings_from_gaps,
    significant_difference,
)

SHELTER = {"en": "Shelter", "ru": "Приют"}
COUNTRY = {"en": "country", "ru": "стране"}


def _gaps(threshold=1):
    cases = pl.DataFrame(
        {
            "caseId": [1, 2, 3],
            "countryOfIdentification": ["KZ", "KZ", "TJ"],
            "regionOfIdentification": ["KZ-75", "KZ-75", None],
            "yearOfRegistration": [2024] * 3,
        },
        schema_overrides={"yearOfRegistration": pl.Int16},
    )
    needs = pl.DataFrame(
        {"caseId": [1, 2, 3], "serviceType": ["shelter"] * 3, "status": ["open"] * 3}
    )
    directory = pl.DataFrame(
        schema={
            "serviceType": pl.String,
            "country": pl.String,
            "regions": pl.List(pl.String),
            "accepting": pl.Boolean,
            "available": pl.Int64,
        }
    )
    return gap_analysis(cases, needs, directory, threshold=threshold)


def test_needs_without_services_become_draft_recommendations():
    draft = draft_recommendations(findings_from_gaps(_gaps()))
    kinds = [r.kind for r in draft.recommendations]
    assert kinds == ["no_service", "no_service_in_country", "unmet", "unmet"]
    first = draft.recommendations[0]
    assert first.draft is True
    assert first.text["en"] == (
        "Kazakhstan: Almaty: no Shelter is listed in the service directory although people in "
        "cases need it. Map or establish a Shelter provider for this region and add it to the "
        "directory."
    )
    assert first.evidence[0]["en"] == (
        "Gap analysis: Shelter in Kazakhstan: Almaty; people with the need: 2; need unmet: 2; "
        "services listed: 0 (accepting: 0)."
    )
    assert "Region not recorded" in draft.recommendations[1].text["en"]
    assert draft.note["en"].startswith("Draft generated from the findings")
    assert draft.note["ru"] != draft.note["en"]


def test_suppressed_counts_are_never_stated():
    draft = draft_recommendations(findings_from_gaps(_gaps(threshold=5)))
    evidence = draft.recommendations[0].evidence[0]["en"]
    assert "people with the need: fewer than 5" in evidence
    assert ": 2;" not in evidence


def test_significant_differences_are_drafted_and_insignificant_ones_are_not():
    significant = significant_difference(
        subject=SHELTER,
        variable=COUNTRY,
        test="chi-square",
        statistic=12.3456,
        pvalue=0.0123,
        effect=0.31,
        source="needs_by_country",
    )
    assert (
        significant_difference(
            subject=SHELTER, variable=COUNTRY, test="chi-square", statistic=1.0, pvalue=0.2
        )
        is None
    )
    very = significant_difference(
        subject=SHELTER, variable=COUNTRY, test="Fisher's exact test", statistic=3.0, pvalue=1e-5
    )
    draft = draft_recommendations([significant, very])
    assert [r.text["en"] for r in draft.recommendations] == [
        "Shelter differs significantly by country (chi-square, p = 0.012, effect size 0.31). "
        "Consider services and outreach targeted to the groups most affected.",
        "Shelter differs significantly by country (Fisher's exact test, p < 0.001). "
        "Consider services and outreach targeted to the groups most affected.",
    ]
    assert draft.recommendations[0].evidence[0]["en"] == (
        "chi-square: statistic 12.35, p = 0.012, effect size 0.31."
    )


def test_no_findings_no_recommendations():
    assert draft_recommendations([]).recommendations == ()
    assert findings_from_gaps(None) == []
