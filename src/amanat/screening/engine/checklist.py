"""Checklist guides (the ILO forced-labour indicators): list what is present, draw no conclusion.

The ILO booklet gives no weights and no scoring rule, so the result lists the present indicators
and the guide's rule text says so; `presumed_victim` stays None.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .compiled import CompiledGuide
from .delphi import check_present, rule_citations
from .messages import message, template
from .result import ChecklistItem, Conclusion, ScreeningResult


def score_checklist(
    compiled: CompiledGuide,
    present: Iterable[str],
    facts: dict[str, Any],
    language: str,
    where: str = "answer set",
) -> ScreeningResult:
    present = list(present)
    check_present(compiled, present, where)
    guide = compiled.guide
    labels = compiled.labels(language)
    found = set(present)
    items = [
        ChecklistItem(i.id, labels.get("indicator", i.id), i.id in found) for i in guide.indicators
    ]
    ids = [item.id for item in items if item.present]
    total = len(items)
    if ids:
        line = message("checklist_present", language, count=len(ids), total=total,
                       indicators="; ".join(f"{labels.get('indicator', i)} [{i}]" for i in ids))  # fmt: skip
    else:
        line = message("checklist_none", language, total=total)
    rule = guide.scoring.rule
    return ScreeningResult(
        guide=guide.id,
        version=guide.version,
        method=guide.method,
        language=language,
        text_languages=labels.languages,
        conclusion=Conclusion(None, rule.id, rule.citation, [line, labels.get("rule", rule.id)]),
        disclaimer=template("disclaimer", language),
        rules=rule_citations(compiled, labels),
        present=ids,
        facts=facts,
        checklist=items,
    )
