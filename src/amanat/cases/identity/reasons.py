"""What each match reason code means, translated for the pages and the API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REASONS = {
    "name_same_key": _("same name once spellings are folded"),
    "name_similar": _("similar name (a few letters differ)"),
    "name_other_script": _("written in the other script (Cyrillic / Latin)"),
    "birth_date_same": _("same birth date"),
    "birth_year_same": _("same birth year"),
    "birth_year_close": _("birth year one year apart"),
    "birth_year_differs": _("different birth year"),
    "phone_same": _("same phone number"),
    "case_code_same": _("case code"),
    "document_same": _("same identity document number"),
}


def reason_labels(codes) -> list[str]:
    return [str(REASONS.get(code, code)) for code in codes]
