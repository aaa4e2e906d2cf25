"""Paper tests: answer sheets in a long or a wide layout."""

from __future__ import annotations

from django.utils.translation import gettext as _

from amanat.training import cleaning
from amanat.training.analysis.tables import Table
from amanat.training.analysis.vocabulary import read_phase
from amanat.training.models import Item, Phase

from .files import read_upload

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
