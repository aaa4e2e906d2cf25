"""Scoring answers against the key, and the participant x item score matrices per phase.

Rules (docs/decisions/0700-training-answer-scoring.md):
- unanswered (empty cell, or an item of the key absent for a participant who took that test): 0;
- single choice and true/false: max_points when the answer equals the key, else 0;
- multiple choice, all_or_nothing (default): max_points only for exactly the keyed set of options;
- multiple choice, partial: max_points x max(0, right picks - wrong picks) / number of keyed options;
- score items (blank key) and every item when there is no key: the answer is already the points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from amanat.training.analysis.errors import TableError
from amanat.training.analysis.inputs import KeyItem, Response, read_number
from amanat.training.analysis.vocabulary import read_truth, split_options

PHASES = ("pre", "post")


class AnswerError(ValueError):
    """An answer that cannot be scored; the caller adds the row and column."""


def score_answer(key_item: KeyItem, answer: str) -> float:
    answer = answer.strip()
    if key_item.item_type == "score":
        return _score_points(answer, key_item.max_points)
    if not answer:
        return 0.0
    if key_item.item_type == "true_false":
        given = read_truth(answer)
        if given is None:
            raise AnswerError(
                f"'{answer}' is not a true/false answer (true/false, T/F, да/нет, 1/0...)"
            )
        return key_item.max_points if given == read_truth(key_item.correct_answer) else 0.0
    chosen = split_options(answer)
    keyed = key_item.correct_options
    if key_item.item_type == "multiple" and key_item.scoring == "partial":
        right = len(chosen & keyed)
        wrong = len(chosen - keyed)
        return key_item.max_points * max(0, right - wrong) / len(keyed)
    return key_item.max_points if chosen == keyed else 0.0


def _score_points(answer: str, max_points: float | None) -> float:
    if not answer:
        return 0.0
    points = read_number(answer)
    if points is None:
        raise AnswerError(f"'{answer}' is not a number of points")
    if points < 0 or (max_points is not None and points > max_points):
        limit = f"0 to {max_points:g}" if max_points is not None else "0 or more"
        raise AnswerError(f"{points:g} points is outside the allowed range {limit}")
    return points


@dataclass(frozen=True)
class ScoreSheet:
    """Scores of every participant on every item, per phase.

    `scores[phase]` is a (participants x items) float array with 0 for unanswered items;
    `took[phase]` marks the participants with at least one row in that phase.
    `max_points` is None when there is no key (the maximum is then unknown).
    """

    participants: tuple[str, ...]
    items: tuple[str, ...]
    scores: Mapping[str, np.ndarray]
    took: Mapping[str, np.ndarray]
    max_points: np.ndarray | None
    item_attributes: Mapping[str, Mapping[str, str]]

    @property
    def max_score(self) -> float | None:
        return float(self.max_points.sum()) if self.max_points is not None else None


def build_score_sheet(
    responses: Sequence[Response], key: Mapping[str, KeyItem] | None
) -> ScoreSheet:
    participants = list(dict.fromkeys(r.participant for r in responses))
    items = list(key) if key is not None else list(dict.fromkeys(r.item for r in responses))
    participant_index = {p: i for i, p in enumerate(participants)}
    item_index = {item: j for j, item in enumerate(items)}
    scores = {phase: np.zeros((len(participants), len(items))) for phase in PHASES}
    took = {phase: np.zeros(len(participants), dtype=bool) for phase in PHASES}
    known_scores: dict[tuple[str, str], float] = {}
    for response in responses:
        column = item_index.get(response.item)
        if column is None:
            raise TableError(
                response.source,
                f"item '{response.item}' is not in the key",
                row=response.row,
                column="item",
            )
        # Answers repeat a lot (a handful of options per item): score each distinct one once.
        memo = (response.item, response.answer)
        points = known_scores.get(memo)
        if points is None:
            try:
                if key is None:
                    points = _score_points(response.answer.strip(), None)
                else:
                    points = score_answer(key[response.item], response.answer)
            except AnswerError as error:
                raise TableError(
                    response.source, str(error), row=response.row, column="answer"
                ) from error
            known_scores[memo] = points
        row = participant_index[response.participant]
        scores[response.phase][row, column] = points
        took[response.phase][row] = True
    max_points = np.array([key[item].max_points for item in items]) if key is not None else None
    attributes = {item: dict(key[item].attributes) for item in items} if key is not None else {}
    return ScoreSheet(
        participants=tuple(participants),
        items=tuple(items),
        scores=scores,
        took=took,
        max_points=max_points,
        item_attributes=attributes,
    )
