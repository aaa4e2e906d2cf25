"""The ranked directory services for a case's open needs, with the reasons of each rank."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from amanat.referrals import codes, selectors
from amanat.referrals.matching.weights import load_weights
from amanat.referrals.matching_text import factor_detail, note_text
from amanat.referrals.views._common import language_of


@login_required
def matches(request, case_id):
    result = selectors.case_matches(request.user, case_id, limit=10)
    labels = load_weights().factor_labels
    lang = language_of(request)
    rankings = []
    for need, ranking in zip(result.needs, result.rankings, strict=True):
        rows = [
            {
                "match": m,
                "service": result.services.get(m.service_id),
                "organisation": result.organisations.get(m.organisation_id),
                "factors": [
                    {
                        "label": labels[f.code].get(lang, labels[f.code]["en"]),
                        "factor": f,
                        "detail": factor_detail(f),
                    }
                    for f in m.factors
                ],
            }
            for m in ranking.matches
        ]
        rankings.append(
            {
                "need": need,
                "label": codes.service_type_label(need.service_type),
                "urgency": codes.urgency_label(need.urgency),
                "ranking": ranking,
                "notes": [note_text(code) for code in ranking.note_codes],
                "rows": rows,
            }
        )
    return render(request, "referrals/matches.html", {"case": result.case, "rankings": rankings})
