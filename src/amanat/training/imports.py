"""Reading uploaded CSV/XLSX files: participant lists, paper tests, paper evaluations.

Parsing only, no writes: every row is checked before the service saves anything, and the first
problem raises a TableError naming the file, the spreadsheet row and the column (ADR 0702).
Column names are matched without regard to case; common Russian headers are understood.
"""

from __future__ import annotations

import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from amanat.config.files import write_private
from amanat.errors import ValidationError
from amanat.training import cleaning
from amanat.training.analysis.errors import TableError
from amanat.training.analysis.tables import Table, read_table
from amanat.training.analysis.vocabulary import read_phase
from amanat.training.models import AgendaItem, EvaluationQuestion, Item, Phase, QuestionKind

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx", ".xlsm")

PARTICIPANT_ALIASES = {
    "code": ("code", "код", "participant", "участник"),
    "full_name": ("name", "full_name", "full name", "фио", "имя", "ф.и.о."),
    "organisation_name": ("organisation", "organization", "организация"),
    "organisation_type": (
        "organisation_type",
        "organization_type",
        "organisation type",
        "organization type",
        "тип организации",
    ),
    "nrm_role": ("nrm_role", "role", "nrm role", "роль", "роль в нмп"),
    "gender": ("gender", "пол"),
    "country": ("country", "страна"),
    "position": ("position", "job", "должность"),
    "email": ("email", "e-mail", "эл. почта", "почта"),
    "phone": ("phone", "телефон"),
}
IGNORED_TEST_COLUMNS = {
    "name",
    "full_name",
    "фио",
    "comment",
    "комментарий",
    "total",
    "итого",
    "score",
    "балл",
    "баллы",
    "date",
    "дата",
}


def _safe_name(file_name: str) -> str:
    name = Path(unicodedata.normalize("NFC", file_name or "")).name.strip()
    name = "".join(c for c in name if c.isalnum() or c in " ._-()") or "upload"
    return name[-100:]


def read_upload(
    file_name: str, content: bytes, *, required=(), optional=(), keep_extra: bool = True
) -> Table:
    """The uploaded bytes as a Table, read by the same code as the CLI's files."""
    name = _safe_name(file_name)
    if Path(name).suffix.lower() not in SUFFIXES:
        raise TableError(name, _("unsupported file type: use .csv or .xlsx"))
    if not content:
        raise TableError(name, _("the file is empty"))
    if len(content) > MAX_UPLOAD_BYTES:
        raise TableError(name, _("the file is larger than 5 MB"))
    with tempfile.TemporaryDirectory(prefix="amanat-upload-") as folder:
        path = Path(folder) / name
        write_private(path, content)
        return read_table(path, required=required, optional=optional, keep_extra=keep_extra)


def _columns_by_alias(table: Table, aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Our field name -> the table's column holding it."""
    found: dict[str, str] = {}
    for name, spellings in aliases.items():
        for column in table.columns:
            if column in spellings:
                if name in found:
                    raise table.error(
                        _("two columns hold the same thing: '%(a)s' and '%(b)s'")
                        % {"a": found[name], "b": column},
                        row=1,
                        column=column,
                    )
                found[name] = column
    return found


def parse_participants(file_name: str, content: bytes, *, existing_codes: set[str]) -> list[dict]:
    table = read_upload(file_name, content)
    columns = _columns_by_alias(table, PARTICIPANT_ALIASES)
    if "full_name" not in columns:
        raise table.error(_("missing column"), row=1, column="name")
    rows = []
    first_row: dict[str, int] = {}
    for row in table.rows:
        data = {name: row.values[column] for name, column in columns.items()}
        try:
            if not data.get("full_name"):
                raise ValidationError(_("empty value"), field="full_name")
            cleaned = _participant_values(data)
        except ValidationError as error:
            raise table.error(
                error.message, row=row.number, column=columns.get(error.field or "", error.field)
            ) from None
        code = data.get("code", "")
        if code:
            try:
                code = cleaning.code_value(code, field="code", max_length=16)
            except ValidationError as error:
                raise table.error(error.message, row=row.number, column=columns["code"]) from None
            if code in existing_codes:
                raise table.error(
                    _("participant code '%(code)s' is already used in this event") % {"code": code},
                    row=row.number,
                    column=columns["code"],
                )
            if code in first_row:
                raise table.error(
                    _("participant code '%(code)s' is already on row %(row)d")
                    % {"code": code, "row": first_row[code]},
                    row=row.number,
                    column=columns["code"],
                )
            first_row[code] = row.number
            cleaned["code"] = code
        rows.append(cleaned)
    if not rows:
        raise table.error(_("no participants: the file has a header but no rows"))
    return rows


def _participant_values(data: dict) -> dict:
    return cleaning.participant({k: v for k, v in data.items() if k != "code"})


def _item_columns(table: Table, items: list[Item]) -> dict[str, Item]:
    by_folded: dict[str, Item] = {}
    for item in items:
        by_folded.setdefault(item.code.casefold(), item)
    return by_folded


def parse_test_responses(
    file_name: str,
    content: bytes,
    *,
    items: list[Item],
    participant_codes: set[str],
    phase: str | None,
    existing: set[tuple[str, str]],
) -> dict[tuple[str, str], dict[str, str]]:
    """Answer sheets {(participant code, phase): {item code: answer}} from a long file
    (participant, phase, item, answer) or a wide one (participant, [phase], one column per item).
    `phase` is used when the file has no phase column. Items a sheet leaves out are unanswered."""
    table = read_upload(file_name, content)
    if "participant" not in table.columns:
        raise table.error(_("missing column"), row=1, column="participant")
    if phase is None and "phase" not in table.columns:
        raise table.error(
            _("missing column (or choose the phase when importing)"), row=1, column="phase"
        )
    by_folded = _item_columns(table, items)
    long_layout = "item" in table.columns and "answer" in table.columns
    if not long_layout:
        item_columns = [c for c in table.columns if c in by_folded]
        unknown = [
            c
            for c in table.columns
            if c not in by_folded and c not in ("participant", "phase", *IGNORED_TEST_COLUMNS)
        ]
        if unknown:
            raise table.error(
                _("'%(column)s' is not an item of this test (items: %(items)s)")
                % {"column": unknown[0], "items": ", ".join(i.code for i in items)},
                row=1,
                column=unknown[0],
            )
        if not item_columns:
            raise table.error(
                _(
                    "no item columns: expected item and answer columns, or one "
                    "column per item (%(items)s)"
                )
                % {"items": ", ".join(i.code for i in items)},
                row=1,
            )
    sheets: dict[tuple[str, str], dict[str, str]] = {}
    first_row: dict[tuple, int] = {}
    for row in table.rows:
        values = row.values
        code = values["participant"]
        if not code:
            raise table.error(_("empty value"), row=row.number, column="participant")
        if code not in participant_codes:
            raise table.error(
                _("'%(code)s' is not a participant code of this event") % {"code": code[:40]},
                row=row.number,
                column="participant",
            )
        row_phase = phase
        if "phase" in table.columns and values["phase"]:
            row_phase = read_phase(values["phase"])
            if row_phase is None or (phase is not None and row_phase != phase):
                raise table.error(
                    _("unknown phase '%(value)s': expected pre or post")
                    % {"value": values["phase"][:20]}
                    if row_phase is None
                    else _("this row belongs to the %(row)s, but you are importing the %(chosen)s")
                    % {"row": _phase_name(row_phase), "chosen": _phase_name(phase)},
                    row=row.number,
                    column="phase",
                )
        if row_phase is None:
            raise table.error(_("empty value"), row=row.number, column="phase")
        sheet_key = (code, row_phase)
        if sheet_key in existing:
            raise table.error(
                _(
                    "participant '%(code)s' already has a %(phase)s recorded; "
                    "import again with 'replace' to overwrite it"
                )
                % {"code": code, "phase": _phase_name(row_phase)},
                row=row.number,
                column="participant",
            )
        sheet = sheets.setdefault(sheet_key, {item.code: "" for item in items})
        if long_layout:
            folded = values["item"].casefold()
            item = by_folded.get(folded)
            if item is None:
                raise table.error(
                    _("'%(item)s' is not an item of this test (items: %(items)s)")
                    % {"item": values["item"][:40], "items": ", ".join(i.code for i in items)},
                    row=row.number,
                    column="item",
                )
            place = (code, row_phase, item.code)
            if place in first_row:
                raise table.error(
                    _("duplicate answer: already given on row %(row)d") % {"row": first_row[place]},
                    row=row.number,
                    column="item",
                )
            first_row[place] = row.number
            sheet[item.code] = _answer(table, row.number, "answer", item, values["answer"])
        else:
            if sheet_key in first_row:
                raise table.error(
                    _("participant '%(code)s' has a %(phase)s on row %(row)d already")
                    % {"code": code, "phase": _phase_name(row_phase), "row": first_row[sheet_key]},
                    row=row.number,
                    column="participant",
                )
            first_row[sheet_key] = row.number
            for column in item_columns:
                item = by_folded[column]
                sheet[item.code] = _answer(table, row.number, column, item, values[column])
    if not sheets:
        raise table.error(_("no answers: the file has a header but no rows"))
    return sheets


def _phase_name(phase: str) -> str:
    """'pre-test' / 'входной тест': the phase's label, in lower case inside a sentence."""
    return str(Phase(phase).label).lower()


def _answer(table: Table, row: int, column: str, item: Item, raw: str) -> str:
    try:
        return cleaning.normalise_answer(item, raw)
    except cleaning.AnswerProblem as problem:
        raise table.error(str(problem), row=row, column=column) from None


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
