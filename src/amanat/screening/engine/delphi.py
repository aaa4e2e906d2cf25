"""Scoring of the ILO/EC Delphi indicator lists.

Per dimension: count the present indicators by grade and test the clauses of the dimension rule
(data). Then the guide's conclusion rule (data) combines positive dimensions and facts. Indicators
whose grade the reference gives as uncertain are re-scored with the alternative grade, and a
result that would change is reported, not hidden.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .compiled import CompiledGuide, Labels
from .conditions import Context
from .errors import AnswerSetError
from .explain import describe, satisfied, unsatisfied_parts
from .messages import message, template
from .model import DelphiScoring
from .result import Conclusion, DimensionResult, RuleCitation, ScreeningResult


def check_present(compiled: CompiledGuide, present: Iterable[str], where: str) -> None:
    unknown = [iid for iid in present if iid not in compiled.indicators]
    if unknown:
        item = f"{where}.present"
        raise AnswerSetError(
            f"{item}: unknown indicator id(s) {', '.join(unknown)} for guide {compiled.guide.id}",
            item=item,
        )


def score_delphi(
    compiled: CompiledGuide,
    present: Iterable[str],
    facts: dict[str, Any],
    language: str,
    where: str = "answer set",
) -> ScreeningResult:
    guide = compiled.guide
    scoring: DelphiScoring = guide.scoring  # type: ignore[assignment]
    grade_of = compiled.grade_of
    by_dimension: dict[int, list[str]] = {number: [] for number in compiled.order_of_dimensions}
    seen: set[str] = set()
    for iid in present:
        entry = grade_of.get(iid)
        if entry is None:
            check_present(compiled, present, where)
        if iid not in seen:
            seen.add(iid)
            by_dimension[entry[0]].append(iid)
    labels = compiled.labels(language)
    texts = _texts(compiled, labels, language)
    names = texts.names
    order = compiled.order
    alternative = compiled.alternative_grade
    clause_table = compiled.clause_table
    dimension_rule = scoring.dimension_rule.id
    dimensions: list[DimensionResult] = []
    positive: set[int] = set()
    positive_alt: set[int] = set()
    explanation: list[str] = []
    for number, ids in by_dimension.items():
        label = texts.dimension_labels[number]
        if not ids:
            dimensions.append(
                DimensionResult(
                    number, label, False, ids, {"strong": 0, "medium": 0, "weak": 0}, dimension_rule
                )
            )
            continue
        if len(ids) > 1:
            ids.sort(key=order.__getitem__)
        counts = {"strong": 0, "medium": 0, "weak": 0}
        for iid in ids:
            counts[grade_of[iid][1]] += 1
        clause = clause_table[(counts["strong"], counts["medium"], counts["weak"])]
        result = DimensionResult(number, label, clause is not None, ids, counts, dimension_rule)
        indicators = "; ".join([names[iid] for iid in ids])
        if clause is not None:
            positive.add(number)
            result.clause = texts.clause_labels[clause]
            explanation.append(
                texts.positive.format(
                    id=number, label=label, clause=result.clause, indicators=indicators
                )
            )
        else:
            explanation.append(texts.negative.format(id=number, label=label, indicators=indicators))
        uncertain = [iid for iid in ids if iid in alternative]
        if uncertain:
            alt_counts = dict(counts)
            for iid in uncertain:
                alt_counts[grade_of[iid][1]] -= 1
                alt_counts[alternative[iid]] += 1
            alt_positive = (
                clause_table[(alt_counts["strong"], alt_counts["medium"], alt_counts["weak"])]
                is not None
            )
            if alt_positive:
                positive_alt.add(number)
            if alt_positive != result.positive:
                note = message("uncertain_grade", language, id=number, indicators=_names(uncertain, labels),
                               outcome=template("positive" if alt_positive else "negative", language))  # fmt: skip
                result.notes.append(note)
                explanation.append(note)
        elif result.positive:
            positive_alt.add(number)
        dimensions.append(result)

    # The conclusion depends only on the positive dimensions and a few facts: cache its sentence.
    key = (
        "conclusion",
        language,
        frozenset(positive),
        tuple(facts.get(f) for f in compiled.conclusion_facts),
    )
    cached = compiled.cache.get(key)
    if cached is None:
        context = Context(facts=facts, positive_dimensions=positive)
        met = compiled.conclusion(context)
        cached = compiled.cache[key] = (met, _rule_line(compiled, labels, context, met, language))
    met = cached[0]
    explanation.append(cached[1])
    if positive_alt != positive:
        alt_met = compiled.conclusion(Context(facts=facts, positive_dimensions=positive_alt))
        if alt_met != met:
            explanation.append(
                message(
                    "conclusion_uncertain",
                    language,
                    outcome=template("positive" if alt_met else "negative", language),
                )
            )
    age_note = age_outside_note(scoring, facts.get("age"), language)
    if age_note:
        explanation.append(age_note)
    return ScreeningResult(
        guide=guide.id,
        version=guide.version,
        method=guide.method,
        language=language,
        text_languages=labels.languages,
        conclusion=Conclusion(
            met, scoring.conclusion_rule.id, scoring.conclusion_rule.citation, explanation
        ),
        disclaimer=template("disclaimer", language),
        rules=rule_citations(compiled, labels),
        present=sorted(seen, key=order.__getitem__),
        facts=facts,
        dimensions=dimensions,
    )


@dataclass(slots=True)
class _Texts:
    """Per-language strings a Delphi result needs, resolved once."""

    dimension_labels: dict[int, str]
    clause_labels: list[str]
    names: dict[str, str]  # indicator id -> "label [id]"
    positive: str
    negative: str


def _texts(compiled: CompiledGuide, labels: Labels, language: str) -> _Texts:
    key = ("texts", language)
    texts = compiled.cache.get(key)
    if texts is None:
        guide = compiled.guide
        texts = compiled.cache[key] = _Texts(
            {d.id: labels.get("dimension", d.id) for d in guide.dimensions},
            [labels.get("clause", n) for n in range(len(guide.scoring.clauses))],
            {i.id: f"{labels.get('indicator', i.id)} [{i.id}]" for i in guide.indicators},
            template("dimension_positive", language),
            template("dimension_negative", language),
        )
    return texts


def _names(ids: list[str], labels: Labels) -> str:
    return "; ".join(f"{labels.get('indicator', iid)} [{iid}]" for iid in ids)


def _rule_line(
    compiled: CompiledGuide, labels: Labels, context: Context, met: bool, language: str
) -> str:
    scoring: DelphiScoring = compiled.guide.scoring  # type: ignore[assignment]
    rule = scoring.conclusion_rule
    label = lambda iid: labels.get("indicator", iid)  # noqa: E731
    if met:
        because = ", ".join(
            describe(c, language, label) for c in satisfied(scoring.conclusion, context)
        )
        return message(
            "rule_met",
            language,
            rule=rule.id,
            description=labels.get("rule", rule.id),
            because=because,
        )
    missing = "; ".join(
        describe(c, language, label) for c in unsatisfied_parts(scoring.conclusion, context)
    )
    return message(
        "rule_not_met",
        language,
        rule=rule.id,
        description=labels.get("rule", rule.id),
        missing=missing,
    )


def age_outside_note(scoring: DelphiScoring, age: Any, language: str) -> str | None:
    if age is None:
        return None
    if scoring.age_min is not None and age < scoring.age_min:
        return message(
            "age_outside",
            language,
            age=age,
            range=message("age_from", language, age=scoring.age_min),
        )
    if scoring.age_below is not None and age >= scoring.age_below:
        return message(
            "age_outside",
            language,
            age=age,
            range=message("age_below", language, age=scoring.age_below),
        )
    return None


def applies_to_age(scoring: DelphiScoring, age: Any) -> bool:
    if age is None:
        return True
    return not (
        (scoring.age_min is not None and age < scoring.age_min)
        or (scoring.age_below is not None and age >= scoring.age_below)
    )


def rule_citations(compiled: CompiledGuide, labels: Labels) -> list[RuleCitation]:
    key = ("rules", id(labels))
    rules = compiled.cache.get(key)
    if rules is None:
        scoring = compiled.guide.scoring
        rules = compiled.cache[key] = [
            RuleCitation(rule.id, labels.get("rule", rule.id), rule.citation)
            for rule in _rules_of(scoring)
        ]
    return list(rules)


def _rules_of(scoring) -> list:
    if isinstance(scoring, DelphiScoring):
        return [scoring.dimension_rule, scoring.conclusion_rule]
    if hasattr(scoring, "category_rule"):
        return [scoring.rule, scoring.category_rule]
    return [scoring.rule]
