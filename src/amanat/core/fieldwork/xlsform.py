"""The XLSForm workbook of a field form: `survey`, `choices` and `settings` sheets (openpyxl).

Labels and hints get one column per language, `label::Russian (ru)`, as KoboToolbox and ODK
Collect expect; the first language is the form's default. `form_id` and `version` are the form's
own (a screening guide's id and version, the needs guide's), so a submission names the version
that asked it.
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

from amanat.core.fieldwork.form import Field, FieldForm
from amanat.errors import UsageError, ValidationError

SURVEY_COLUMNS = ("type", "name", "label", "hint", "relevant", "required", "required_message",
                  "constraint", "constraint_message", "calculation")  # fmt: skip
TRANSLATED = ("label", "hint", "required_message", "constraint_message")
# The languages an interview (and so a field form) may be held in.
FORM_LANGUAGES = ("ru", "en", "kk", "ky", "tg", "uz")


def language_column(code: str) -> str:
    language = pycountry.languages.get(alpha_2=code) or pycountry.languages.get(alpha_3=code)
    name = language.name if language else code
    return f"{name} ({code})"


def parse_languages(
    raw: str | Sequence[str] | None,
    default: Sequence[str],
    allowed: Sequence[str] = FORM_LANGUAGES,
) -> tuple[str, ...]:
    if raw is None or raw == "":
        codes = list(default)
    elif isinstance(raw, str):
        codes = [c.strip() for c in raw.split(",") if c.strip()]
    else:
        codes = list(raw)
    unknown = [c for c in codes if c not in allowed]
    if unknown or not codes:
        raise ValidationError(
            _("Unknown language '%(value)s'. Allowed: %(allowed)s.")
            % {"value": ", ".join(unknown) or "", "allowed": ", ".join(allowed)},
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
        words = item.xls_type.split()
        lists = [(name, form.lists[name]) for name in words[1:] if name in form.lists]
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
    values = [form.title(languages[0]), form.form_id, str(form.version),
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


def workbook_bytes(
    form: FieldForm,
    languages: Sequence[str],
    *,
    public_key_pem: bytes | None = None,
    submission_url: str = "",
) -> bytes:
    """The form as .xlsx bytes, with the public key and submission URL checked first."""
    key = public_key_value(public_key_pem) if public_key_pem else ""
    if submission_url and not submission_url.startswith(("https://", "http://")):
        raise ValidationError(_("The submission URL must start with https://."),
                              field="submission_url")  # fmt: skip
    buffer = io.BytesIO()
    build_workbook(form, languages, public_key=key, submission_url=submission_url).save(buffer)
    return buffer.getvalue()
