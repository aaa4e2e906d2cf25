"""Composite guides (the identification interview): one interview feeding several scored guides.

Answers map to indicators of the fed guides. The Delphi list is chosen by age (child below 18,
else adult; if age is unknown the adult list is applied and the child result is reported too).
The Delphi conclusion becomes the `presumed_victim` fact of the vulnerability profile.
"""

from __future__ import annotations

from typing import Any

from .answers import ParsedAnswers, apply_answers
from .checklist import score_checklist
from .compiled import CompiledGuide
from .delphi import applies_to_age, rule_citations, score_delphi
from .errors import AnswerSetError
from .messages import message, template
from .result import Conclusion, RuleCitation, ScreeningResult
from .vulnerability import score_vulnerability


def score_composite(
    compiled: CompiledGuide, parsed: ParsedAnswers, language: str, where: str
) -> ScreeningResult:
    guide = compiled.guide
    applied = apply_answers(compiled.questions, compiled.question_by_id, parsed.answers, where)
    mappable: set[str] = set()
    for fed in compiled.fed:
        mappable.update(i for i, ind in fed.indicators.items() if ind.level != "structural")
    unknown = [iid for iid in parsed.present if iid not in mappable]
    if unknown:
        item = f"{where}.present"
        raise AnswerSetError(
            f"{item}: unknown indicator id(s) {', '.join(unknown)} for guide {guide.id}", item=item
        )
    present = applied.present | set(parsed.present)
    facts: dict[str, Any] = {**applied.facts, **parsed.facts}
    notes: list[str] = []
    for fact, question_id in applied.fact_sources.items():
        if fact not in parsed.facts:
            notes.append(
                message(
                    "fact_from_answer",
                    language,
                    fact=fact,
                    value=_show(facts[fact], language),
                    question=question_id,
                )
            )
    notes.extend(message("answer_ignored", language, question=qid) for qid in applied.ignored)

    age = facts.get("age")
    delphi = [fed for fed in compiled.fed if fed.guide.method == "delphi"]
    components: list[ScreeningResult] = []
    main: ScreeningResult | None = None
    for fed in delphi:
        result = score_delphi(
            fed, [i for i in present if i in fed.indicators], facts, language, where
        )
        components.append(result)
    if delphi:
        applicable = [
            r
            for r, fed in zip(components, delphi, strict=True)
            if applies_to_age(fed.guide.scoring, age)
        ]
        if age is None:
            # Unknown age: the adult list (the one with a minimum age) decides; the other is shown.
            adult = [
                r
                for r, fed in zip(components, delphi, strict=True)
                if fed.guide.scoring.age_min is not None
            ]
            main = adult[0] if adult else components[0]
            for other in components:
                if other is not main:
                    outcome = template(
                        "positive" if other.conclusion.presumed_victim else "negative", language
                    )
                    notes.append(
                        message(
                            "age_unknown_adult_rule",
                            language,
                            guide=main.guide,
                            other=other.guide,
                            outcome=outcome,
                        )
                    )
        else:
            main = applicable[0] if applicable else components[0]
            notes.append(message("age_applied", language, age=age, guide=main.guide))

    presumed = main.conclusion.presumed_victim if main else None
    checklist_result = None
    vulnerability_result = None
    for fed in compiled.fed:
        subset = [i for i in present if i in fed.indicators]
        if fed.guide.method == "checklist":
            checklist_result = score_checklist(fed, subset, facts, language, where)
            components.append(checklist_result)
        elif fed.guide.method == "vulnerability":
            fed_facts = dict(facts)
            if presumed is not None and "presumed_victim" not in parsed.facts:
                fed_facts["presumed_victim"] = presumed
            vulnerability_result = score_vulnerability(fed, subset, fed_facts, language, where)
            components.append(vulnerability_result)

    labels = compiled.labels(language)
    rules: list[RuleCitation] = rule_citations(compiled, labels)
    seen = {r.id for r in rules}
    languages = set(labels.languages)
    for component in components:
        languages.update(component.text_languages)
        for rule in component.rules:
            if rule.id not in seen:
                seen.add(rule.id)
                rules.append(rule)
    explanation = notes + (main.conclusion.explanation if main else [])
    order = {iid: n for fed in compiled.fed for n, iid in enumerate(fed.indicators)}
    return ScreeningResult(
        guide=guide.id,
        version=guide.version,
        method=guide.method,
        language=language,
        text_languages=sorted(languages),
        conclusion=Conclusion(
            presumed,
            main.conclusion.rule if main else guide.scoring.rule.id,
            main.conclusion.citation if main else guide.scoring.rule.citation,
            explanation,
        ),
        disclaimer=template("disclaimer", language),
        rules=rules,
        present=sorted(present, key=lambda i: (order.get(i, 0), i)),
        facts=facts,
        dimensions=main.dimensions if main else [],
        checklist=checklist_result.checklist if checklist_result else [],
        levels=vulnerability_result.levels if vulnerability_result else [],
        overall=vulnerability_result.overall if vulnerability_result else None,
        categories=vulnerability_result.categories if vulnerability_result else [],
        answers_used=applied.used,
        answers_ignored=applied.ignored,
        components=components,
    )


def _show(value: Any, language: str) -> str:
    if isinstance(value, bool):
        return template("yes" if value else "no", language)
    return str(value)
