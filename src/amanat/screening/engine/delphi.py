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
from .result import Conclusion, DimensionRow, RuleCitation, ScreeningResult


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
    """Score present indicators. The hot path works on indicator positions and table lookups;
    the explanation sentences are built only when the result's explanation is first read."""
    guide = compiled.guide
    scoring: DelphiScoring = guide.scoring  # type: ignore[assignment]
    slot = compiled.slot
    try:
        positions = sorted({slot[iid] for iid in present})
    except KeyError:
        check_present(compiled, present, where)
        raise  # pragma: no cover - check_present raised
    dimension_at = compiled.dimension_at
    grouped: dict[int, list[int]] = {}
    for position in positions:
        grouped.setdefault(dimension_at[position], []).append(position)
    labels = compiled.labels(language)
    texts = _texts(compiled, labels, language)
    empty_rows = texts.empty_rows
    dimension_labels = texts.dimension_labels
    clause_labels = texts.clause_labels
    grade_at = compiled.grade_at
    id_at = compiled.id_at
    uncertain = compiled.uncertain
    clause_table = compiled.clause_table
    rows: list[DimensionRow] = []
    positive_mask = 0
    alternative_mask = 0  # positive dimensions with the alternative grades
    for index, number in enumerate(compiled.order_of_dimensions):
        members = grouped.get(index)
        if members is None:
            rows.append(empty_rows[index])
            continue
        counts = [0, 0, 0]
        for position in members:
            counts[grade_at[position]] += 1
        key = (counts[0], counts[1], counts[2])
        clause = clause_table[key]
        notes: tuple[str, ...] = ()
        if clause is not None:
            positive_mask |= 1 << index
        if uncertain.isdisjoint(members):
            if clause is not None:
                alternative_mask |= 1 << index
        elif _alternative_positive(compiled, members, counts):
            alternative_mask |= 1 << index
            if clause is None:
                notes = (_uncertain_note(compiled, labels, number, members, True, language),)
        elif clause is not None:
            notes = (_uncertain_note(compiled, labels, number, members, False, language),)
        rows.append((number, dimension_labels[number], clause is not None,
                     tuple([id_at[position] for position in members]), key,
                     None if clause is None else clause_labels[clause], notes))  # fmt: skip

    met, rule_line = _conclusion(compiled, labels, language, positive_mask, facts)
    uncertain_line = None
    if alternative_mask != positive_mask:
        alt_met = _conclusion(compiled, labels, language, alternative_mask, facts)[0]
        if alt_met != met:
            uncertain_line = message("conclusion_uncertain", language,
                                     outcome=template("positive" if alt_met else "negative",
                                                      language))  # fmt: skip
    age_note = age_outside_note(scoring, facts.get("age"), language)

    def explain() -> list[str]:
        names = texts.names
        lines: list[str] = []
        for number, label, positive, present_ids, _counts, clause_label, row_notes in rows:
            if not present_ids:
                continue
            indicators = "; ".join([names[iid] for iid in present_ids])
            if positive:
                lines.append(texts.positive.format(id=number, label=label, clause=clause_label,
                                                   indicators=indicators))  # fmt: skip
            else:
                lines.append(texts.negative.format(id=number, label=label,
                                                   indicators=indicators))  # fmt: skip
            lines.extend(row_notes)
        lines.append(rule_line)
        if uncertain_line:
            lines.append(uncertain_line)
        if age_note:
            lines.append(age_note)
        return lines

    return ScreeningResult(
        guide=guide.id,
        version=guide.version,
        method=guide.method,
        language=language,
        text_languages=labels.languages,
        conclusion=Conclusion(
            met, scoring.conclusion_rule.id, scoring.conclusion_rule.citation, explain
        ),
        disclaimer=texts.disclaimer,
        rules=rule_citations(compiled, labels),
        present=[id_at[position] for position in positions],
        facts=facts,
        dimension_rows=rows,
        dimension_rule=scoring.dimension_rule.id,
    )


def _alternative_positive(compiled: CompiledGuide, members: list[int], counts: list[int]) -> bool:
    """Would the dimension be positive with the alternative grades of its uncertain indicators?"""
    alt = list(counts)
    index = {"strong": 0, "medium": 1, "weak": 2}
    for position in members:
        if position in compiled.uncertain:
            alt[compiled.grade_at[position]] -= 1
            alt[index[compiled.alternative_grade[compiled.id_at[position]]]] += 1
    return compiled.clause_table[(alt[0], alt[1], alt[2])] is not None


def _uncertain_note(
    compiled, labels, number: int, members: list[int], alt_positive: bool, language: str
) -> str:
    ids = [compiled.id_at[p] for p in members if p in compiled.uncertain]
    return message(
        "uncertain_grade",
        language,
        id=number,
        indicators=_names(ids, labels),
        outcome=template("positive" if alt_positive else "negative", language),
    )


def _conclusion(
    compiled: CompiledGuide, labels: Labels, language: str, mask: int, facts: dict[str, Any]
) -> tuple[bool, str]:
    """The conclusion for a set of positive dimensions (a bit mask) and the facts it reads, with
    its sentence: cached, since few combinations occur."""
    key = ("conclusion", language, mask, tuple(facts.get(f) for f in compiled.conclusion_facts))
    cached = compiled.cache.get(key)
    if cached is None:
        positive = {
            number for n, number in enumerate(compiled.order_of_dimensions) if mask >> n & 1
        }
        context = Context(facts=facts, positive_dimensions=positive)
        met = compiled.conclusion(context)
        cached = compiled.cache[key] = (met, _rule_line(compiled, labels, context, met, language))
    return cached


@dataclass(slots=True)
class _Texts:
    """Per-language strings a Delphi result needs, resolved once."""

    dimension_labels: dict[int, str]
    clause_labels: list[str]
    names: dict[str, str]  # indicator id -> "label [id]"
    positive: str
    negative: str
    disclaimer: str
    empty_rows: tuple[DimensionRow, ...]  # per dimension index: the row when nothing is present


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
            template("disclaimer", language),
            tuple(
                (d.id, labels.get("dimension", d.id), False, (), (0, 0, 0), None, ())
                for d in guide.dimensions
            ),
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
