"""Screening results: plain dataclasses with `to_dict()` for JSON, the API and storage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class DimensionResult:
    id: int
    label: str
    positive: bool
    present: list[str]  # indicator ids, in guide order
    counts: dict[str, int]  # present indicators per grade
    rule: str  # id of the dimension rule
    clause: str | None = None  # the clause of the rule that made it positive
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "positive": self.positive,
            "present": list(self.present),
            "counts": dict(self.counts),
            "rule": self.rule,
            "clause": self.clause,
            "notes": list(self.notes),
        }


class Conclusion:
    """The conclusion and the sentences explaining it.

    `explanation` may be given as a list, or as a function building that list: the Delphi scorer
    passes a function, so a batch that never reads the sentences never formats them (they are
    built once, on first access, from the stored result parts).
    """

    __slots__ = ("presumed_victim", "rule", "citation", "_explanation", "_explain")

    def __init__(
        self,
        presumed_victim: bool | None,  # None: the guide draws no such conclusion
        rule: str | None,
        citation: str | None,
        explanation: list[str] | Callable[[], list[str]],
    ):
        self.presumed_victim = presumed_victim
        self.rule = rule
        self.citation = citation
        if callable(explanation):
            self._explanation: list[str] | None = None
            self._explain: Callable[[], list[str]] | None = explanation
        else:
            self._explanation = explanation
            self._explain = None

    @property
    def explanation(self) -> list[str]:
        if self._explanation is None:
            self._explanation = self._explain()  # type: ignore[misc]
            self._explain = None
        return self._explanation

    @explanation.setter
    def explanation(self, lines: list[str]) -> None:
        self._explanation = lines
        self._explain = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Conclusion):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Conclusion(presumed_victim={self.presumed_victim!r}, rule={self.rule!r}, "
            f"citation={self.citation!r}, explanation={self.explanation!r})"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "presumed_victim": self.presumed_victim,
            "rule": self.rule,
            "citation": self.citation,
            "explanation": list(self.explanation),
        }


@dataclass(slots=True)
class CategoryResult:
    id: str
    label: str
    rule: str  # the category's condition, written out
    because: list[str]  # the parts of the condition that hold

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "rule": self.rule,
            "because": list(self.because),
        }


@dataclass(slots=True)
class LevelResult:
    id: str
    label: str
    score: int | None  # None for the structural level (context, not scored per person)
    profile: str | None
    profile_label: str | None
    risk: list[str]
    protective: list[str]
    thresholds: dict[str, int]
    source: str = "person"  # person | country_profile

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "score": self.score,
            "profile": self.profile,
            "profile_label": self.profile_label,
            "risk": list(self.risk),
            "protective": list(self.protective),
            "thresholds": dict(self.thresholds),
            "source": self.source,
        }


@dataclass(slots=True)
class ChecklistItem:
    id: str
    label: str
    present: bool

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "present": self.present}


@dataclass(slots=True)
class RuleCitation:
    id: str
    description: str
    citation: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "description": self.description, "citation": self.citation}


# A Delphi dimension in compact form, as the scorer produces it (immutable, so the rows of empty
# dimensions are shared): (id, label, positive, present ids, (strong, medium, weak), clause, notes)
DimensionRow = tuple[
    int, str, bool, tuple[str, ...], tuple[int, int, int], "str | None", tuple[str, ...]
]


def _row_dict(row: DimensionRow, rule: str) -> dict[str, Any]:
    number, label, positive, present, counts, clause, notes = row
    return {
        "id": number,
        "label": label,
        "positive": positive,
        "present": list(present),
        "counts": {"strong": counts[0], "medium": counts[1], "weak": counts[2]},
        "rule": rule,
        "clause": clause,
        "notes": list(notes),
    }


class ScreeningResult:
    """The result of screening one answer set.

    `dimensions` may be given as compact rows (`dimension_rows` and `dimension_rule`): the
    DimensionResult objects are then built on first access, and `to_dict()` works from the rows
    directly. Together with the lazily built explanation (see Conclusion), a batch that reads
    only the conclusion builds no per-dimension object and formats no sentence.
    """

    __slots__ = (
        "guide",
        "version",
        "method",
        "language",
        "text_languages",
        "conclusion",
        "disclaimer",
        "rules",
        "present",
        "facts",
        "_dimensions",
        "_rows",
        "_row_rule",
        "checklist",
        "levels",
        "overall",
        "categories",
        "answers_used",
        "answers_ignored",
        "components",
    )

    def __init__(
        self,
        *,
        guide: str,
        version: str,
        method: str,
        language: str,  # requested language
        text_languages: list[str],  # languages the labels actually came from (fallback shown)
        conclusion: Conclusion,
        disclaimer: str,
        rules: list[RuleCitation],
        present: list[str] | None = None,  # every indicator present, guide order
        facts: dict[str, Any] | None = None,
        dimensions: list[DimensionResult] | None = None,
        dimension_rows: list[DimensionRow] | None = None,
        dimension_rule: str = "",
        checklist: list[ChecklistItem] | None = None,
        levels: list[LevelResult] | None = None,
        overall: LevelResult | None = None,
        categories: list[CategoryResult] | None = None,
        answers_used: list[str] | None = None,
        answers_ignored: list[str] | None = None,
        components: list[ScreeningResult] | None = None,
    ):
        self.guide = guide
        self.version = version
        self.method = method
        self.language = language
        self.text_languages = text_languages
        self.conclusion = conclusion
        self.disclaimer = disclaimer
        self.rules = rules
        self.present = present if present is not None else []
        self.facts = facts if facts is not None else {}
        self._rows = dimension_rows
        self._row_rule = dimension_rule
        self._dimensions = dimensions if dimensions is not None or dimension_rows else []
        self.checklist = checklist if checklist is not None else []
        self.levels = levels if levels is not None else []
        self.overall = overall
        self.categories = categories if categories is not None else []
        self.answers_used = answers_used if answers_used is not None else []
        self.answers_ignored = answers_ignored if answers_ignored is not None else []
        self.components = components if components is not None else []

    @property
    def dimensions(self) -> list[DimensionResult]:
        if self._dimensions is None:
            rule = self._row_rule
            self._dimensions = [
                DimensionResult(number, label, positive, list(present),
                                {"strong": c[0], "medium": c[1], "weak": c[2]}, rule, clause,
                                list(notes))
                for number, label, positive, present, c, clause, notes in self._rows or ()
            ]  # fmt: skip
            self._rows = None
        return self._dimensions

    @dimensions.setter
    def dimensions(self, value: list[DimensionResult]) -> None:
        self._dimensions = value
        self._rows = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ScreeningResult):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ScreeningResult(guide={self.guide!r}, conclusion={self.conclusion!r})"

    def to_dict(self) -> dict[str, Any]:
        if self._dimensions is None:
            rule = self._row_rule
            dimensions = [_row_dict(row, rule) for row in self._rows or ()]
        else:
            dimensions = [d.to_dict() for d in self._dimensions]
        return {
            "guide": self.guide,
            "version": self.version,
            "method": self.method,
            "language": self.language,
            "text_languages": list(self.text_languages),
            "dimensions": dimensions,
            "conclusion": self.conclusion.to_dict(),
            "checklist": [c.to_dict() for c in self.checklist],
            "levels": [level.to_dict() for level in self.levels],
            "overall": self.overall.to_dict() if self.overall else None,
            "categories": [c.to_dict() for c in self.categories],
            "present": list(self.present),
            "facts": dict(self.facts),
            "answers_used": list(self.answers_used),
            "answers_ignored": list(self.answers_ignored),
            "rules": [r.to_dict() for r in self.rules],
            "components": [c.to_dict() for c in self.components],
            "disclaimer": self.disclaimer,
        }
