"""The result page (everything a completed assessment's stored result explains) and the
assessments on the case page."""

from __future__ import annotations

from amanat.screening.models import AssessmentStatus
from amanat.screening.presenters.indicators import indicator_index
from amanat.screening.presenters.labels import (
    GRADE_LABELS,
    PROFILE_LABELS,
    guide_or_none,
    guide_title,
    language_name,
    named_indicators,
)
from amanat.screening.presenters.summary import (
    applicable_delphi_guide,
    indicators_by_dimension,
    missing_to_decide,
)


def _delphi_grades(result: dict) -> dict[str, str]:
    """Grades of the Delphi list that decided (the composite's main component)."""
    main = result.get("guide")
    for component in result.get("components") or ():
        if component.get("method") == "delphi" and component.get("dimensions") == result.get(
            "dimensions"
        ):
            main = component.get("guide")
            break
    guide = guide_or_none(main) if main else None
    return {i.id: i.grade for i in guide.indicators} if guide else {}


def result_view(assessment, language_for_ui: str) -> dict:
    """Everything the result page explains, from the stored result of a completed assessment."""
    result = assessment.result or {}
    language = result.get("language") or assessment.language
    guide = guide_or_none(assessment.guide_id)
    index = indicator_index(guide, language)
    grades = _delphi_grades(result)
    dimensions = []
    for dimension in result.get("dimensions") or ():
        indicators = [
            {
                **item,
                "grade": grades.get(item["id"]),
                "grade_label": GRADE_LABELS.get(grades.get(item["id"]) or "", ""),
            }
            for item in named_indicators(dimension["present"], index, language)
        ]
        dimensions.append({**dimension, "indicators": indicators})
    levels = []
    for level in result.get("levels") or ():
        levels.append(
            {
                **level,
                "profile_ui": PROFILE_LABELS.get(level.get("profile") or "", ""),
                "risk_named": named_indicators(level.get("risk") or (), index, language),
                "protective_named": named_indicators(
                    level.get("protective") or (), index, language
                ),
            }
        )
    overall = result.get("overall")
    fallback_languages = sorted(set(result.get("text_languages") or ()) - {language})
    # Only the Delphi list that applies to the person's age: the other list's verdict (e.g. the
    # child list's for an adult) is not a finding about this person.
    decided_by = applicable_delphi_guide(result, assessment.guide_id)
    components = [
        {
            "guide": c["guide"],
            "title": guide_title(c["guide"], language),
            "presumed_victim": c["conclusion"]["presumed_victim"],
            "method": c["method"],
        }
        for c in result.get("components") or ()
        if c.get("method") == "delphi" and c.get("guide") == decided_by
    ]
    return {
        "result": result,
        "language": language,
        "language_name": language_name(language),
        "fallback_languages": [language_name(code) for code in fallback_languages],
        "presumed_victim": (result.get("conclusion") or {}).get("presumed_victim"),
        "conclusion": result.get("conclusion") or {},
        "dimensions": dimensions,
        "checklist_present": [item for item in result.get("checklist") or () if item["present"]],
        "checklist_total": len(result.get("checklist") or ()),
        "levels": [
            lv for lv in levels if lv["id"] != "structural" or lv["risk"] or lv["protective"]
        ],
        "overall": {**overall, "profile_ui": PROFILE_LABELS.get(overall.get("profile") or "", "")}
        if overall
        else None,
        "categories": result.get("categories") or [],
        "rules": result.get("rules") or [],
        "disclaimer": result.get("disclaimer") or "",
        "components": components,
        "indicators_by_dimension": indicators_by_dimension(dimensions),
        "missing": missing_to_decide(result, decided_by, language),
        "answers_ignored": result.get("answers_ignored") or [],
    }


def case_section_view(rows: list, language: str) -> dict:
    """The assessments on a case page (newest first) and the guides that can be compared."""
    completed_guides = [a.guide_id for a in rows if a.status == AssessmentStatus.COMPLETED]
    comparable = sorted({g for g in completed_guides if completed_guides.count(g) > 1})
    return {
        "rows": [
            {
                "assessment": a,
                "title": guide_title(a.guide_id, language),
                "language_name": language_name(a.language),
            }
            for a in reversed(rows)
        ],
        "comparable": [(g, guide_title(g, language)) for g in comparable],
    }
