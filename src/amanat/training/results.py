"""From the database to the pure analysis package: scores, statistics and evaluation summaries.

No access checks here: callers are the selectors, which check and audit. Scores are computed
from the stored answers and the current answer key each time (25 to 30 participants take
milliseconds), so a corrected key re-scores everything and nothing can go stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from amanat.training.analysis import KeyItem, Response, analyze
from amanat.training.analysis.analyze import AnalysisResult
from amanat.training.analysis.evaluations import (
    OVERALL,
    EvaluationAnswer,
    EvaluationSummary,
    summarize_evaluations,
)
from amanat.training.models import (
    AgendaItem,
    EvaluationQuestion,
    Item,
    Participant,
    QuestionKind,
    QuestionScope,
    TestForm,
    TrainingEvent,
)

GROUP_BY = ("nrm_role", "organisation_type", "gender", "country")
# Items whose difficulty or discrimination suggests a look (classical test theory rules of thumb).
EASY, HARD, LOW_DISCRIMINATION = 0.9, 0.3, 0.2


def key_item(item: Item) -> KeyItem:
    attributes = {
        name: value for name, value in (("module", item.module), ("topic", item.topic)) if value
    }
    return KeyItem(
        item=item.code,
        item_type=item.item_type,
        max_points=float(item.max_points),
        correct_answer=item.correct_answer,
        scoring=item.scoring,
        attributes=attributes,
    )


def form_items(form: TestForm) -> list[Item]:
    return [fi.item for fi in form.form_items.select_related("item").order_by("order", "id")]


def evaluation_slots(event: TrainingEvent) -> list[tuple[AgendaItem | None, EvaluationQuestion]]:
    """Every (agenda item or None for overall, question) an evaluation asks, in order."""
    if event.evaluation_form_id is None:
        return []
    questions = list(event.evaluation_form.questions.all())
    sessions = [a for a in event.agenda.all() if a.method != "other"]
    slots: list[tuple[AgendaItem | None, EvaluationQuestion]] = []
    for agenda_item in sessions:
        slots += [(agenda_item, q) for q in questions if q.scope == QuestionScope.SESSION]
    slots += [(None, q) for q in questions if q.scope == QuestionScope.OVERALL]
    return slots


def event_items(event: TrainingEvent) -> list[Item]:
    if event.test_form_id is None:
        return []
    return [
        fi.item for fi in event.test_form.form_items.select_related("item").order_by("order", "id")
    ]


@dataclass
class TestResults:
    analysis: AnalysisResult
    items: list[Item]
    participants: dict[str, Participant]  # by code
    item_groups: tuple[str, ...]
    flags: dict[str, list[str]] = field(default_factory=dict)  # item code -> reasons to review

    @property
    def has_post(self) -> bool:
        return self.analysis.n_post > 0


def compute_test_results(event: TrainingEvent) -> TestResults | None:
    """Every participant's scores and the paired statistics; None without a test form."""
    items = event_items(event)
    if not items:
        return None
    participants = {p.code: p for p in event.participants.all()}
    responses: list[Response] = []
    for submission in (
        event.submissions.counted()
        .select_related("participant")
        .order_by("participant__code", "phase")
    ):
        code = submission.participant.code
        answers = submission.answers or {}
        for item in items:
            responses.append(
                Response(
                    participant=code,
                    phase=submission.phase,
                    item=item.code,
                    answer=str(answers.get(item.code, "")),
                    row=0,
                    source="database",
                )
            )
    key = {item.code: key_item(item) for item in items}
    attributes = {
        code: {name: getattr(p, name) for name in GROUP_BY} for code, p in participants.items()
    }
    item_groups = ("module",) if any(item.module for item in items) else ()
    result = analyze(
        responses, key, participants=attributes, group_by=GROUP_BY, item_group_by=item_groups
    )
    results = TestResults(result, items, participants, item_groups)
    for item_result in result.items:
        reasons = []
        stats = item_result.post if item_result.post.n else item_result.pre
        if stats.difficulty is not None and stats.difficulty >= EASY:
            reasons.append("easy")
        if stats.difficulty is not None and stats.difficulty <= HARD:
            reasons.append("hard")
        if stats.discrimination is not None and stats.discrimination < LOW_DISCRIMINATION:
            reasons.append("low_discrimination")
        if reasons:
            results.flags[item_result.item] = reasons
    return results


@dataclass
class EvaluationResults:
    summary: EvaluationSummary
    responses: int
    agenda_by_label: dict[str, AgendaItem | None]


def session_label(agenda_item: AgendaItem | None) -> str:
    return OVERALL if agenda_item is None else f"{agenda_item.ref} {agenda_item.title}"


def question_label(question: EvaluationQuestion) -> str:
    return f"{question.order}. {question.text}"


def compute_evaluation_summary(event: TrainingEvent) -> EvaluationResults | None:
    if event.evaluation_form_id is None:
        return None
    agenda = {a.pk: a for a in event.agenda.all()}
    questions = {q.pk: q for q in event.evaluation_form.questions.all()}
    answers: list[tuple[tuple, EvaluationAnswer]] = []
    responses = list(event.evaluations.select_related("participant"))
    for number, response in enumerate(responses, start=1):
        respondent = (
            response.participant.code
            if response.participant
            else (response.respondent or f"#{number}")
        )
        for entry in response.answers or []:
            agenda_item = agenda.get(entry.get("agenda")) if entry.get("agenda") else None
            question = questions.get(entry.get("question"))
            if question is None or (entry.get("agenda") and agenda_item is None):
                continue  # the agenda item was removed before any evaluation existed
            order = (1, 0, 0) if agenda_item is None else (0, agenda_item.day, agenda_item.order)
            answers.append(
                (
                    (*order, question.order),
                    EvaluationAnswer(
                        session=session_label(agenda_item),
                        question=question_label(question),
                        answer=str(entry.get("answer", "")),
                        row=0,
                        respondent=respondent,
                        question_type=question.kind
                        if question.kind == QuestionKind.LIKERT
                        else "open",
                    ),
                )
            )
    answers.sort(key=lambda pair: pair[0])
    summary = summarize_evaluations(
        [a for _order, a in answers], scale=(1, event.evaluation_form.scale_max)
    )
    by_label: dict[str, AgendaItem | None] = {OVERALL: None}
    for agenda_item in agenda.values():
        by_label[session_label(agenda_item)] = agenda_item
    return EvaluationResults(summary, len(responses), by_label)
