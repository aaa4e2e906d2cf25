"""A submission's values as the form's fields: export keys matched to field names, values parsed.

Values arrive as the collection tools write them: strings from CSV and Kobo JSON, numbers from
OData, `"a b"` for a multiple choice. Each problem names the question (the field name); what the
values mean (answers, facts, a consent) is the owning app's adapter's business.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from amanat.core.fieldwork.form import FORM_TAG, Field, FieldForm
from amanat.core.fieldwork.readers import Submission

_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_DATETIME_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})(T00:00:00(\.0+)?([+-]00:?00|Z)?)?$")


@dataclass
class Problem:
    question: str
    message: str


def resolve_keys(form: FieldForm, keys: set[str]) -> dict[str, str]:
    """Flat key -> field name, by the key's last path element (`-` or `/`), case-folded."""
    names = {name.casefold(): name for name in form.by_name}
    mapping: dict[str, str] = {}
    for key in keys:
        if key in names:
            mapping[key] = names[key]
            continue
        for folded, name in names.items():
            suffix = key.endswith(f"/{folded}") or key.endswith(f"-{folded}")
            if suffix and len(folded) > len(mapping.get(key, "")):
                mapping[key] = name
    return mapping


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = value
    elif isinstance(value, str) and _NUMBER.match(value.strip()):
        number = float(value)
    else:
        return None
    return int(number) if float(number).is_integer() else float(number)


def parse_value(item: Field, raw: Any, form: FieldForm | None = None) -> tuple[Any, str]:
    """(value, problem): the field's value in the engine's form, or a problem sentence."""
    words = item.xls_type.split()
    kind = words[0]
    if isinstance(raw, str):
        raw = raw.strip()
    if raw in (None, ""):
        return None, ""
    if kind in ("select_one",):
        shared = form.lists.get(words[1], ()) if form is not None and len(words) > 1 else ()
        allowed = [c.name for c in item.choices or shared] or ["yes", "no", "unknown"]
        if raw not in allowed:
            return None, _("'%(value)s' is not one of %(allowed)s (export XML values, not "
                           "labels).") % {"value": raw, "allowed": ", ".join(allowed)}  # fmt: skip
        return raw, ""
    if kind == "select_multiple":
        values = raw if isinstance(raw, list) else str(raw).split()
        allowed = {c.name for c in item.choices}
        unknown = [v for v in values if v not in allowed]
        if unknown:
            return None, _("'%(value)s' is not an option of this question.") % {"value": unknown[0]}
        return list(dict.fromkeys(values)), ""
    if kind in ("integer", "decimal"):
        number = _number(raw)
        if number is None:
            return None, _("'%(value)s' is not a number.") % {"value": raw}
        return number, ""
    if kind == "date":
        match = _DATETIME_MIDNIGHT.match(str(raw))
        try:
            if match is None:
                raise ValueError
            dt.date.fromisoformat(match.group(1))
        except ValueError:
            return None, _("'%(value)s' is not a date (YYYY-MM-DD).") % {"value": raw}
        return match.group(1), ""
    return str(raw), ""


def by_field(submission: Submission, mapping: dict[str, str]) -> dict[str, Any]:
    """The submission's non-empty raw values by field name."""
    found: dict[str, Any] = {}
    for key, value in submission.values.items():
        name = mapping.get(key)
        if name is not None and value not in (None, ""):
            found[name] = value
    return found


def tag_problems(form: FieldForm, tag: Any, submission: Submission) -> list[Problem]:
    """A submission of another form or form version is refused, with an explanation."""
    problems = []
    if tag is None:
        problems.append(Problem(FORM_TAG, _(
            "missing: this submission was not made with a form exported by Amanat for this "
            "guide.")))  # fmt: skip
    elif str(tag).strip() != form.version_tag:
        problems.append(Problem(FORM_TAG, _(
            "the form is '%(found)s' but the guide is '%(expected)s': export the form again "
            "for this guide version and collect with it (the guide has no changelog that "
            "maps an older version).") % {"found": tag, "expected": form.version_tag}))  # fmt: skip
    if submission.version and submission.version != str(form.version):
        problems.append(Problem("version", _(
            "form version %(found)s does not match guide version %(expected)s.")
            % {"found": submission.version, "expected": form.version}))  # fmt: skip
    return problems
