"""Participant lists."""

from __future__ import annotations

from django.utils.translation import gettext as _

from amanat.errors import ValidationError
from amanat.training import cleaning

from .files import columns_by_alias, read_upload

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


def parse_participants(file_name: str, content: bytes, *, existing_codes: set[str]) -> list[dict]:
    table = read_upload(file_name, content)
    columns = columns_by_alias(table, PARTICIPANT_ALIASES)
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
