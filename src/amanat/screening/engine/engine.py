"""`screen(guide, answer_set)`: the one entry point that scores an answer set against a guide."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from .answers import apply_answers, split_answer_set
from .checklist import score_checklist
from .compiled import compile_guide
from .composite import score_composite
from .delphi import score_delphi
from .model import Guide
from .result import ScreeningResult
from .vulnerability import score_vulnerability


def screen(
    guide: Guide, answer_set: Any, *, language: str = "en", where: str = "answer set"
) -> ScreeningResult:
    """Score one answer set. Raises AnswerSetError naming any unknown id or bad value.

    `where` names the answer set in error messages (e.g. "answer set [3]" for a batch).
    """
    compiled = compile_guide(guide)
    parsed = split_answer_set(answer_set, where)
    if guide.method == "composite":
        return score_composite(compiled, parsed, language, where)
    present = parsed.present
    facts = parsed.facts
    answers: dict[str, Any] = {}
    used: list[str] = []
    ignored: list[str] = []
    if parsed.answers or compiled.questions:
        applied = apply_answers(compiled.questions, compiled.question_by_id, parsed.answers, where)
        if applied.present:
            present = [*present, *sorted(applied.present)]
        facts = {**applied.facts, **facts}
        answers, used, ignored = applied.answers, applied.used, applied.ignored
    if guide.method == "delphi":
        result = score_delphi(compiled, present, facts, language, where)
    elif guide.method == "checklist":
        result = score_checklist(compiled, present, facts, language, where)
    else:
        result = score_vulnerability(compiled, present, facts, language, where, answers)
    result.answers_used = used
    result.answers_ignored = ignored
    return result


# From this many answer sets on, a batch pauses the cyclic garbage collector (see gc_paused).
GC_PAUSE_FROM = 1_000


@contextmanager
def gc_paused(size: int) -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a batch of `size` answer sets is processed.

    Results hold no reference cycles, and collections triggered by many live results otherwise
    cost as much as the scoring itself. Small batches (under GC_PAUSE_FROM) leave the collector
    alone; it is restored afterwards, also on error.
    """
    paused = size >= GC_PAUSE_FROM and gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def screen_many(
    guide: Guide, answer_sets: Iterable[Any], *, language: str = "en"
) -> list[ScreeningResult]:
    """Score a batch in order; an error names the position of the bad answer set. A large batch
    runs with the cyclic garbage collector paused (gc_paused)."""
    if not isinstance(answer_sets, list | tuple):
        answer_sets = list(answer_sets)
    with gc_paused(len(answer_sets)):
        return [
            screen(guide, answer_set, language=language, where=f"answer set [{n}]")
            for n, answer_set in enumerate(answer_sets)
        ]
