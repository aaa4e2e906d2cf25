"""Evaluation forms: Likert items (1-5) per session and overall, and open answers.

File columns: `session, question, answer`, optional `respondent` and `type` (likert | open).
An empty session means a question about the whole event ("overall"). Without a `type` column a
question is Likert when every non-empty answer is a whole number, open otherwise; a Likert answer
outside the scale is an error naming its row. Empty answers are skipped (not counted in n).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from amanat.training.analysis.tables import Table, read_table

OVERALL = "overall"
QUESTION_TYPES = ("likert", "open")


@dataclass(frozen=True)
class EvaluationAnswer:
    session: str
    question: str
    answer: str
    row: int
    respondent: str = ""
    question_type: str = ""  # "likert", "open", or "" to infer


@dataclass
class LikertStats:
    n: int
    mean: float | None
    median: float | None
    sd: float | None
    distribution: dict[int, int]  # every scale level, including those nobody chose
    null_reasons: dict[str, str] = field(default_factory=dict)


@dataclass
class QuestionSummary:
    question: str
    question_type: str
    likert: LikertStats | None = None
    open_answers: list[str] = field(default_factory=list)


@dataclass
class SessionSummary:
    session: str
    questions: list[QuestionSummary]
    likert_pooled: LikertStats | None  # all Likert answers of the session together


@dataclass
class EvaluationSummary:
    scale: tuple[int, int]
    sessions: list[SessionSummary]
    likert_all: LikertStats | None


def read_evaluations(path: str | Path) -> list[EvaluationAnswer]:
    table = read_table(
        path, required=("session", "question", "answer"), optional=("respondent", "type")
    )
    return evaluations_from_table(table)


def evaluations_from_table(table: Table) -> list[EvaluationAnswer]:
    answers = []
    for row in table.rows:
        values = row.values
        if not values["question"]:
            raise table.error("empty value", row=row.number, column="question")
        question_type = values.get("type", "").casefold()
        if question_type and question_type not in QUESTION_TYPES:
            raise table.error(
                f"unknown type '{values['type']}': expected likert or open",
                row=row.number,
                column="type",
            )
        answers.append(
            EvaluationAnswer(
                session=values["session"] or OVERALL,
                question=values["question"],
                answer=values["answer"],
                row=row.number,
                respondent=values.get("respondent", ""),
                question_type=question_type,
            )
        )
    if not answers:
        raise table.error("no answers: the file has a header but no rows")
    summarize_evaluations(answers, source=table.source)  # validates Likert answers with row numbers
    return answers


def likert_stats(values: Sequence[int], scale: tuple[int, int]) -> LikertStats:
    low, high = scale
    distribution = {level: 0 for level in range(low, high + 1)}
    for value in values:
        distribution[value] += 1
    if not values:
        reason = "no answers"
        return LikertStats(
            0, None, None, None, distribution, {"mean": reason, "median": reason, "sd": reason}
        )
    array = np.asarray(values, dtype=float)
    stats = LikertStats(
        n=len(values),
        mean=float(array.mean()),
        median=float(np.median(array)),
        sd=float(array.std(ddof=1)) if len(values) > 1 else None,
        distribution=distribution,
    )
    if stats.sd is None:
        stats.null_reasons["sd"] = "needs at least 2 answers"
    return stats


def summarize_evaluations(
    answers: Sequence[EvaluationAnswer],
    *,
    scale: tuple[int, int] = (1, 5),
    source: str = "evaluations",
) -> EvaluationSummary:
    from amanat.training.analysis.errors import TableError

    grouped: dict[str, dict[str, list[EvaluationAnswer]]] = {}
    for answer in answers:
        grouped.setdefault(answer.session, {}).setdefault(answer.question, []).append(answer)
    sessions = []
    everything: list[int] = []
    for session, questions in grouped.items():
        summaries = []
        pooled: list[int] = []
        for question, rows in questions.items():
            given = [r for r in rows if r.answer.strip()]
            declared = next((r.question_type for r in rows if r.question_type), "")
            is_likert = declared == "likert" or (
                not declared and bool(given) and all(_is_whole_number(r.answer) for r in given)
            )
            if not is_likert:
                summaries.append(
                    QuestionSummary(question, "open", open_answers=[r.answer for r in given])
                )
                continue
            values = []
            for r in given:
                value = int(float(r.answer)) if _is_whole_number(r.answer) else None
                if value is None or not scale[0] <= value <= scale[1]:
                    raise TableError(
                        source,
                        f"'{r.answer}' is not a level of the {scale[0]}-{scale[1]} scale",
                        row=r.row,
                        column="answer",
                    )
                values.append(value)
            pooled += values
            summaries.append(
                QuestionSummary(question, "likert", likert=likert_stats(values, scale))
            )
        everything += pooled
        sessions.append(
            SessionSummary(session, summaries, likert_stats(pooled, scale) if pooled else None)
        )
    return EvaluationSummary(
        scale, sessions, likert_stats(everything, scale) if everything else None
    )


def _is_whole_number(text: str) -> bool:
    try:
        return float(text.strip()).is_integer()
    except ValueError:
        return False


def _likert_dict(stats: LikertStats | None) -> dict[str, Any] | None:
    if stats is None:
        return None
    return {
        "n": stats.n,
        "mean": stats.mean,
        "median": stats.median,
        "sd": stats.sd,
        "distribution": {str(k): v for k, v in stats.distribution.items()},
        "null_reasons": stats.null_reasons,
    }


def evaluation_dict(summary: EvaluationSummary) -> dict[str, Any]:
    return {
        "scale": list(summary.scale),
        "likert_all": _likert_dict(summary.likert_all),
        "sessions": [
            {
                "session": s.session,
                "likert_pooled": _likert_dict(s.likert_pooled),
                "questions": [
                    {
                        "question": q.question,
                        "type": q.question_type,
                        "likert": _likert_dict(q.likert),
                    }
                    if q.question_type == "likert"
                    else {"question": q.question, "type": "open", "answers": q.open_answers}
                    for q in s.questions
                ],
            }
            for s in summary.sessions
        ],
    }


def evaluation_text(summary: EvaluationSummary) -> str:
    low, high = summary.scale
    lines = [f"Evaluation summary (scale {low}-{high})"]
    for s in summary.sessions:
        lines += ["", f"Session: {s.session}"]
        for q in s.questions:
            if q.likert is not None:
                dist = " ".join(f"{k}:{v}" for k, v in q.likert.distribution.items())
                mean = f"{q.likert.mean:.2f}" if q.likert.mean is not None else "-"
                median = f"{q.likert.median:g}" if q.likert.median is not None else "-"
                lines.append(f"  {q.question}: n={q.likert.n} mean={mean} median={median} [{dist}]")
            else:
                lines.append(f"  {q.question} (open, {len(q.open_answers)} answers):")
                lines += [f"    - {a}" for a in q.open_answers]
    return "\n".join(lines)
