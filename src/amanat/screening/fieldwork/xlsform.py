"""The XLSForm workbook of a guide: `survey`, `choices` and `settings` sheets (openpyxl).

Labels and hints get one column per language, `label::Russian (ru)`, as KoboToolbox and ODK
Collect expect; the first language is the form's default. `form_id` is the guide id and `version`
the guide version, so a submission names the guide version that asked it.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import pycountry
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.utils.translation import gettext as _
from openpyxl import Workbook

from amanat.errors import UsageError, ValidationError
from amanat.screening.engine import resolve
from amanat.screening.fieldwork.form import (
    YES_NO_LIST,
    Field,
    FieldForm,
    field_form,
    yes_no_choices,
)
from amanat.screening.services import INTERVIEW_LANGUAGES

SURVEY_COLUMNS = ("type", "name", "label", "hint", "relevant", "required", "required_message",
                  "constraint", "constraint_message", "calculation")  # fmt: skip
TRANSLATED = ("label", "hint", "required_message", "constraint_message")


def language_column(code: str) -> str:
    language = pycountry.languages.get(alpha_2=code) or pycountry.languages.get(alpha_3=code)
    name = language.name if language else code
    return f"{name} ({code})"


def parse_languages(raw: str | Sequence[str] | None, default: Sequence[str]) -> tuple[str, ...]:
    if raw is None or raw == "":
        codes = list(default)
    elif isinstance(raw, str):
        codes = [c.strip() for c in raw.split(",") if c.strip()]
    else:
        codes = list(raw)
    unknown = [c for c in codes if c not in INTERVIEW_LANGUAGES]
    if unknown or not codes:
        raise ValidationError(
            _("Unknown language '%(value)s'. Allowed: %(allowed)s.")
            % {"value": ", ".join(unknown) or "", "allowed": ", ".join(INTERVIEW_LANGUAGES)},
            field="langs",
        )
    return tuple(dict.fromkeys(codes))


def public_key_value(pem: bytes) -> str:
    """The `public_key` setting: the base64 DER body of an RSA public key (PEM or DER given)."""
    try:
        if pem.lstrip().startswith(b"-----"):
            key = serialization.load_pem_public_key(pem)
        else:
            key = serialization.load_der_public_key(base64.b64decode(pem, validate=True))
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise UsageError(_("The public key is not an RSA public key in PEM format."),
                         field="public_key") from None  # fmt: skip
    if not isinstance(key, rsa.RSAPublicKey):
        raise UsageError(_("The public key is not an RSA public key in PEM format."),
                         field="public_key")  # fmt: skip
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode("ascii")


def _cells(item: Field | None, languages: Sequence[str], values: dict) -> list:
    row = []
    for column in SURVEY_COLUMNS:
        if column in TRANSLATED:
            label = getattr(item, column, None) if item is not None else values.get(column)
            row += [label(code) if label else None for code in languages]
        else:
            row.append(values.get(column) or None)
    return row


def _field_values(item: Field) -> dict:
    return {
        "type": item.xls_type, "name": item.name, "relevant": item.relevant,
        "required": item.required, "constraint": item.constraint,
        "calculation": item.calculation,
    }  # fmt: skip


def build_workbook(
    form: FieldForm,
    languages: Sequence[str],
    *,
    public_key: str = "",
    submission_url: str = "",
) -> Workbook:
    guide = form.guide
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    header = []
    for column in SURVEY_COLUMNS:
        if column in TRANSLATED:
            header += [f"{column}::{language_column(code)}" for code in languages]
        else:
            header.append(column)
    survey.append(header)
    survey.append(_cells(form.tag, languages, _field_values(form.tag)))
    for group in form.groups:
        survey.append(_cells(None, languages, {"type": "begin_group", "name": group.name,
                                               "relevant": group.relevant,
                                               "label": group.label}))  # fmt: skip
        for item in group.fields:
            survey.append(_cells(item, languages, _field_values(item)))
        survey.append(_cells(None, languages, {"type": "end_group"}))
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", *(f"label::{language_column(c)}" for c in languages)])
    written = set()
    for item in form.all_fields():
        lists = [(YES_NO_LIST, yes_no_choices())] if YES_NO_LIST in item.xls_type.split() else []
        if item.choices:
            lists.append((item.name, item.choices))
        for list_name, options in lists:
            if list_name in written:
                continue
            written.add(list_name)
            for option in options:
                choices.append([list_name, option.name, *(option.label(c) for c in languages)])
    settings = workbook.create_sheet("settings")
    keys = ["form_title", "form_id", "version", "default_language"]
    values = [resolve(guide.title, languages[0]).text, guide.id, str(guide.version),
              language_column(languages[0])]  # fmt: skip
    if public_key:
        keys.append("public_key")
        values.append(public_key)
    if submission_url:
        keys.append("submission_url")
        values.append(submission_url)
    settings.append(keys)
    settings.append(values)
    return workbook


def xlsform_bytes(
    guide_id: str,
    languages: Sequence[str] | str | None = None,
    *,
    public_key_pem: bytes | None = None,
    submission_url: str = "",
) -> bytes:
    """The XLSForm of a built-in guide as .xlsx bytes."""
    from amanat.screening.services import guide_for

    guide = guide_for(guide_id)
    form = field_form(guide.id)
    ordered = [c for c in INTERVIEW_LANGUAGES if c in guide.languages]
    codes = parse_languages(languages, ordered)
    key = public_key_value(public_key_pem) if public_key_pem else ""
    if submission_url and not submission_url.startswith(("https://", "http://")):
        raise ValidationError(_("The submission URL must start with https://."),
                              field="submission_url")  # fmt: skip
    buffer = io.BytesIO()
    build_workbook(form, codes, public_key=key, submission_url=submission_url).save(buffer)
    return buffer.getvalue()
