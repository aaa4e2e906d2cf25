"""A submission's values as an engine answer set, a case reference and the consent answer.

Values arrive as the collection tools write them: strings from CSV and Kobo JSON, numbers from
OData, `"a b"` for a multiple choice. Each problem names the question (the field name); the
engine's own checks (skip logic, options, bounds) run afterwards in the service.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from amanat.cases.codes import normalise_case_code
from amanat.screening.fieldwork.form import (
    CONSENT_QUESTION,
    FORM_TAG,
    Field,
    FieldForm,
)
from amanat.screening.fieldwork.readers import Submission

_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_DATETIME_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})(T00:00:00(\.0+)?([+-]00:?00|Z)?)?$")


@dataclass
class Problem:
    question: str
    message: str


@dataclass
class Converted:
    answer_set: dict[str, Any]
    consent: str  # "yes", "no", "unknown" or "" (not answered)
    case_code: str = ""
    person: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


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


def parse_value(item: Field, raw: Any) -> tuple[Any, str]:
    """(value, problem): the field's value in the engine's form, or a problem sentence."""
    kind = item.xls_type.split()[0]
    if isinstance(raw, str):
        raw = raw.strip()
    if raw in (None, ""):
        return None, ""
    if kind in ("select_one",):
        allowed = [c.name for c in item.choices] or ["yes", "no", "unknown"]
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


def convert(form: FieldForm, submission: Submission, mapping: dict[str, str]) -> Converted:
    by_name: dict[str, Any] = {}
    for key, value in submission.values.items():
        name = mapping.get(key)
        if name is not None and value not in (None, ""):
            by_name[name] = value
    answers: dict[str, Any] = {}
    present: list[str] = []
    facts: dict[str, Any] = {}
    out = Converted(answer_set={}, consent="")
    tag = by_name.get(FORM_TAG)
    if tag is None:
        out.problems.append(Problem(FORM_TAG, _(
            "missing: this submission was not made with a form exported by Amanat for this "
            "guide.")))  # fmt: skip
    elif str(tag).strip() != form.version_tag:
        out.problems.append(Problem(FORM_TAG, _(
            "the form is '%(found)s' but the guide is '%(expected)s': export the form again "
            "for this guide version and collect with it (the guide has no changelog that "
            "maps an older version).") % {"found": tag, "expected": form.version_tag}))  # fmt: skip
    if submission.version and submission.version != str(form.guide.version):
        out.problems.append(Problem("version", _(
            "form version %(found)s does not match guide version %(expected)s.")
            % {"found": submission.version, "expected": form.guide.version}))  # fmt: skip
    for name, raw in by_name.items():
        item = form.by_name[name]
        if item.kind in ("tag", "derived", "note"):
            continue
        value, problem = parse_value(item, raw)
        if problem:
            out.problems.append(Problem(name, problem))
            continue
        if name == CONSENT_QUESTION:
            out.consent = value or ""
        if item.kind == "question":
            answers[name] = value
        elif item.kind == "present":
            present += value or []
        elif item.kind == "fact" and value is not None:
            facts[item.subject] = (
                value if item.subject == "age" else {"yes": True, "no": False}.get(value)
            )
        elif item.kind == "case_code":
            code = normalise_case_code(str(value))
            if not code:
                out.problems.append(Problem(name, _("'%(value)s' is not a case code.")
                                            % {"value": value}))  # fmt: skip
            out.case_code = code
        elif item.kind in ("first_name", "last_name"):
            out.person[item.kind] = str(value)[:200]
    if form.guide.sections:
        out.answer_set = {"answers": answers}
    else:
        out.answer_set = {"present": present, "facts": {k: v for k, v in facts.items()
                                                        if v is not None}}  # fmt: skip
    return out
