"""Export and import of a language's texts, audited (the CLI and the administrators' page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from amanat.errors import UsageError, ValidationError
from amanat.platform.translations import apply, workbook
from amanat.platform.translations.workbook import Change, WorkbookErrors
from amanat.privacy.audit import audit_record

OBJECT_TYPE = "translation_catalogue"


@dataclass(frozen=True)
class ImportResult:
    language: str
    changes: list[Change]
    files: list[str]  # written (empty for a preview)


def translations_export(*, actor, language: str) -> bytes:
    """The translator's workbook of `language` (every interface and content text)."""
    from amanat.config.languages import LANGUAGE_CODES

    if language not in LANGUAGE_CODES or language == "en":
        raise ValidationError(f"unknown language '{language}'", field="lang")
    data = workbook.export_workbook(language)
    with transaction.atomic():
        audit_record(
            actor=actor, action="translations.export", object_type=OBJECT_TYPE,
            object_id=language, purpose="translation",
        )  # fmt: skip
    return data


def translations_import(
    *, actor, data: bytes, expected_language: str | None = None, preview: bool = False
) -> ImportResult:
    """Validate a returned workbook completely, then (unless `preview`) write every change.

    Raises WorkbookErrors listing each problem by row and column; nothing is written then."""
    language, changes = workbook.read_changes(data, expected_language=expected_language)
    if preview:
        return ImportResult(language, changes, [])
    with transaction.atomic():
        try:
            files = apply.apply_changes(language, changes) if changes else []
        except OSError as error:  # e.g. the package is installed read-only: nothing was moved
            raise UsageError(
                f"cannot write the translation files ({error.strerror or error}); nothing imported"
            ) from None
        audit_record(
            actor=actor, action="translations.import", object_type=OBJECT_TYPE,
            object_id=language, purpose="translation",
            extra={"changes": len(changes), "files": len(files)},
        )  # fmt: skip
    if files:
        _forget_loaded_catalogues()
    return ImportResult(language, changes, files)


def _forget_loaded_catalogues() -> None:
    """This process reads the new interface catalogues on its next request (others on restart)."""
    import gettext

    from asgiref.local import Local
    from django.utils.translation import trans_real

    # What Django's own reloader does when a .mo file changes (utils/translation/reloader.py).
    gettext._translations = {}
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()


__all__ = ["ImportResult", "WorkbookErrors", "translations_export", "translations_import"]
