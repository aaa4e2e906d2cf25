"""The XLSForm of a built-in screening guide (the workbook itself: `amanat.core.fieldwork`)."""

from __future__ import annotations

from collections.abc import Sequence

from amanat.core.fieldwork.xlsform import parse_languages, workbook_bytes
from amanat.screening.fieldwork.form import field_form
from amanat.screening.services import INTERVIEW_LANGUAGES


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
    codes = parse_languages(languages, ordered, INTERVIEW_LANGUAGES)
    return workbook_bytes(form, codes, public_key_pem=public_key_pem,
                          submission_url=submission_url)  # fmt: skip
