"""Paper evaluations: one sheet per participant and agenda item."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from amanat.training.models import AgendaItem, EvaluationQuestion, QuestionKind

from .files import read_upload


@dataclass
class ParsedEvaluation:
    participant: str  # a participant code, or "" for an anonymous sheet
    respondent: str
    answers: list[dict] = field(default_factory=list)


OVERALL_SPELLINGS = {"", "overall", "general", "event", "общее", "в целом", "мероприятие"}


def parse_evaluations(
    file_name: str,
    content: bytes,
    *,
    slots: list[tuple[AgendaItem | None, EvaluationQuestion]],
    scale_max: int,
    participant_codes: set[str],
    already_answered: set[str],
) -> list[ParsedEvaluation]:
    """Sheets from a long file: respondent (a sheet number or a participant code), session
    (agenda reference like 1.2, a session title, or blank/overall), question (its number or
    text), answer."""
    table = read_upload(file_name, content)
    respondent_column = next(
        (c for c in ("respondent", "participant", "респондент", "участник") if c in table.columns),
        None,
    )
    if respondent_column is None:
        raise table.error(_("missing column"), row=1, column="respondent")
    for column in ("session", "question", "answer"):
        if column not in table.columns:
            raise table.error(_("missing column"), row=1, column=column)
    agenda = {a.pk: a for a, _q in slots if a is not None}
    agenda_by_text: dict[str, int] = {}
    for item in agenda.values():
        agenda_by_text.setdefault(item.ref, item.pk)
        agenda_by_text.setdefault(item.title.casefold(), item.pk)
    questions = {q.pk: q for _a, q in slots}
    question_by_text: dict[str, int] = {}
    for question in questions.values():
        question_by_text.setdefault(str(question.order), question.pk)
        question_by_text.setdefault(question.text.casefold(), question.pk)
    valid = {(a.pk if a else None, q.pk) for a, q in slots}
    sheets: dict[str, ParsedEvaluation] = {}
    first_row: dict[tuple, int] = {}
    for row in table.rows:
        values = row.values
        respondent = values[respondent_column]
        if not respondent:
            raise table.error(_("empty value"), row=row.number, column=respondent_column)
        session_text = values["session"].strip().casefold()
        if session_text in OVERALL_SPELLINGS:
            agenda_id = None
        else:
            agenda_id = agenda_by_text.get(session_text)
            if agenda_id is None:
                raise table.error(
                    _(
                        "'%(value)s' is not a session of the agenda (write its "
                        "number like 1.2, its title, or 'overall')"
                    )
                    % {"value": values["session"][:60]},
                    row=row.number,
                    column="session",
                )
        question_id = question_by_text.get(values["question"].strip().casefold())
        if question_id is None:
            raise table.error(
                _(
                    "'%(value)s' is not a question of the evaluation form (write its "
                    "number or its text)"
                )
                % {"value": values["question"][:60]},
                row=row.number,
                column="question",
            )
        if (agenda_id, question_id) not in valid:
            raise table.error(
                _("this question is not asked for this session")
                if agenda_id is not None
                else _("this question is asked per session: name the session"),
                row=row.number,
                column="session",
            )
        place = (respondent, agenda_id, question_id)
        if place in first_row:
            raise table.error(
                _("duplicate answer: already given on row %(row)d") % {"row": first_row[place]},
                row=row.number,
                column="question",
            )
        first_row[place] = row.number
        answer = values["answer"].strip()
        question = questions[question_id]
        if (
            answer
            and question.kind == QuestionKind.LIKERT
            and (not answer.isdigit() or not 1 <= int(answer) <= scale_max)
        ):
            raise table.error(
                _("'%(value)s' is not a rating from 1 to %(max)d")
                % {"value": answer[:20], "max": scale_max},
                row=row.number,
                column="answer",
            )
        if len(answer) > 2000:
            raise table.error(
                _("Enter at most %(n)d characters.") % {"n": 2000}, row=row.number, column="answer"
            )
        sheet = sheets.get(respondent)
        if sheet is None:
            is_participant = respondent in participant_codes
            if is_participant and respondent in already_answered:
                raise table.error(
                    _("participant '%(code)s' has already given an evaluation")
                    % {"code": respondent},
                    row=row.number,
                    column=respondent_column,
                )
            sheet = sheets[respondent] = ParsedEvaluation(
                participant=respondent if is_participant else "", respondent=respondent[:40]
            )
        if answer:
            sheet.answers.append({"agenda": agenda_id, "question": question_id, "answer": answer})
    if not sheets:
        raise table.error(_("no answers: the file has a header but no rows"))
    return list(sheets.values())
