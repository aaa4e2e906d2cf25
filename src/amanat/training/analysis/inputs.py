"""Responses, answer key and participants: validated records read from tables.

Responses: columns `participant, phase, item, answer` (phase pre|post, see answer_vocabulary.yaml).
Key: columns `item, correct_answer, max_points`, optional `type` (single | multiple | true_false |
score), `scoring` (all_or_nothing | partial, for multiple choice) and any other column (module,
topic...) kept as an item attribute for results by module.
Participants: column `participant` and any attribute columns (role, organisation_type, gender...).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from amanat.training.analysis.tables import Table, bulk_allocation, read_table
from amanat.training.analysis.vocabulary import read_phase, read_truth, split_options

RESPONSE_COLUMNS = ("participant", "phase", "item", "answer")
KEY_COLUMNS = ("item", "correct_answer", "max_points")
KEY_OPTIONAL_COLUMNS = ("type", "scoring")
ITEM_TYPES = ("single", "multiple", "true_false", "score")
SCORING_RULES = ("all_or_nothing", "partial")


@dataclass(frozen=True, slots=True)
class Response:
    participant: str
    phase: str  # "pre" or "post"
    item: str
    answer: str  # as written; empty when unanswered
    row: int
    source: str = ""


@dataclass(frozen=True)
class KeyItem:
    item: str
    item_type: str  # one of ITEM_TYPES
    max_points: float
    correct_answer: str = ""
    scoring: str = "all_or_nothing"
    attributes: Mapping[str, str] = field(default_factory=dict)
    row: int = 0

    @cached_property
    def correct_options(self) -> frozenset[str]:
        return split_options(self.correct_answer)


def read_responses(path: str | Path) -> list[Response]:
    with bulk_allocation():
        return responses_from_table(read_table(path, required=RESPONSE_COLUMNS))


def responses_from_table(table: Table) -> list[Response]:
    responses: list[Response] = []
    seen: dict[tuple[str, str, str], int] = {}
    for row in table.rows:
        values = row.values
        for column in ("participant", "item"):
            if not values[column]:
                raise table.error("empty value", row=row.number, column=column)
        phase = read_phase(values["phase"])
        if phase is None:
            raise table.error(
                f"unknown phase '{values['phase']}': expected pre or post",
                row=row.number,
                column="phase",
            )
        identity = (values["participant"], phase, values["item"])
        if identity in seen:
            raise table.error(
                f"duplicate answer: participant '{identity[0]}', {phase}-test, item '{identity[2]}'"
                f" already answered on row {seen[identity]}",
                row=row.number,
                column="item",
            )
        seen[identity] = row.number
        responses.append(
            Response(
                participant=values["participant"],
                phase=phase,
                item=values["item"],
                answer=values["answer"],
                row=row.number,
                source=table.source,
            )
        )
    if not responses:
        raise table.error("no responses: the file has a header but no rows")
    return responses


def read_key(path: str | Path) -> dict[str, KeyItem]:
    return key_from_table(
        read_table(path, required=KEY_COLUMNS, optional=KEY_OPTIONAL_COLUMNS, keep_extra=True)
    )


def key_from_table(table: Table) -> dict[str, KeyItem]:
    key: dict[str, KeyItem] = {}
    attribute_columns = [c for c in table.columns if c not in (*KEY_COLUMNS, *KEY_OPTIONAL_COLUMNS)]
    for row in table.rows:
        values = row.values
        item = values["item"]
        if not item:
            raise table.error("empty value", row=row.number, column="item")
        if item in key:
            raise table.error(
                f"item '{item}' is already in the key on row {key[item].row}",
                row=row.number,
                column="item",
            )
        max_points = _positive_number(values["max_points"])
        if max_points is None:
            raise table.error(
                f"max_points must be a number greater than 0, not '{values['max_points']}'",
                row=row.number,
                column="max_points",
            )
        correct = values["correct_answer"]
        item_type = values.get("type", "").casefold() or _infer_type(correct)
        if item_type not in ITEM_TYPES:
            raise table.error(
                f"unknown type '{values['type']}': expected one of {', '.join(ITEM_TYPES)}",
                row=row.number,
                column="type",
            )
        scoring = values.get("scoring", "").casefold() or "all_or_nothing"
        if scoring not in SCORING_RULES:
            raise table.error(
                f"unknown scoring '{values['scoring']}': expected one of {', '.join(SCORING_RULES)}",
                row=row.number,
                column="scoring",
            )
        _check_correct_answer(table, row.number, item_type, correct)
        key[item] = KeyItem(
            item=item,
            item_type=item_type,
            max_points=max_points,
            correct_answer=correct,
            scoring=scoring,
            attributes={c: values[c] for c in attribute_columns if values[c]},
            row=row.number,
        )
    if not key:
        raise table.error("no items: the key has a header but no rows")
    return key


def _infer_type(correct: str) -> str:
    """Without a `type` column: blank key -> score; several options -> multiple; a true/false
    word -> true_false; anything else -> single. Digits stay single choice (options may be
    numbered 1-4): write type=true_false for a true/false item keyed 1 or 0."""
    if not correct:
        return "score"
    if len(split_options(correct)) > 1:
        return "multiple"
    if not correct.strip().isdigit() and read_truth(correct) is not None:
        return "true_false"
    return "single"


def _check_correct_answer(table: Table, row: int, item_type: str, correct: str) -> None:
    if item_type == "score":
        if correct:
            raise table.error(
                "a score item has no correct answer: leave correct_answer empty",
                row=row,
                column="correct_answer",
            )
        return
    if not correct:
        raise table.error(
            f"empty correct answer for a {item_type} item", row=row, column="correct_answer"
        )
    if item_type == "true_false" and read_truth(correct) is None:
        raise table.error(
            f"'{correct}' is not a true/false answer (true/false, T/F, да/нет, 1/0...)",
            row=row,
            column="correct_answer",
        )
    if item_type == "single" and len(split_options(correct)) != 1:
        raise table.error(
            f"a single-choice item has exactly one correct option, not '{correct}'",
            row=row,
            column="correct_answer",
        )


def _positive_number(text: str) -> float | None:
    number = read_number(text)
    return number if number is not None and number > 0 else None


def read_number(text: str) -> float | None:
    """A finite number written with a dot or a decimal comma ('2,5'), or None."""
    try:
        number = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def read_participants(path: str | Path) -> dict[str, dict[str, str]]:
    table = read_table(path, required=("participant",), keep_extra=True)
    participants: dict[str, dict[str, str]] = {}
    first_row: dict[str, int] = {}
    for row in table.rows:
        participant = row.values["participant"]
        if not participant:
            raise table.error("empty value", row=row.number, column="participant")
        if participant in participants:
            raise table.error(
                f"participant '{participant}' is already listed on row {first_row[participant]}",
                row=row.number,
                column="participant",
            )
        first_row[participant] = row.number
        participants[participant] = {c: v for c, v in row.values.items() if c != "participant"}
    return participants
