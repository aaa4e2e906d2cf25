"""A screening submission's parsed values as an engine answer set (the adapter's `convert`).

The form tag, the case and the value parsing are shared (`amanat.cases.fieldwork.importer.read`,
`amanat.core.fieldwork.values`); here only what the values mean for a guide: answers to
questions, or indicators present and facts for a checklist. The engine's own checks (skip logic,
options, bounds) run afterwards in the service.
"""

from __future__ import annotations

from typing import Any

from amanat.cases.fieldwork.adapter import Converted
from amanat.core.fieldwork.form import FieldForm


def convert(form: FieldForm, values: dict[str, Any]) -> Converted:
    answers: dict[str, Any] = {}
    present: list[str] = []
    facts: dict[str, Any] = {}
    for name, value in values.items():
        item = form.by_name[name]
        if item.kind == "question":
            answers[name] = value
        elif item.kind == "present":
            present += value or []
        elif item.kind == "fact" and value is not None:
            facts[item.subject] = (
                value if item.subject == "age" else {"yes": True, "no": False}.get(value)
            )
    if form.source.sections:
        payload: dict[str, Any] = {"answers": answers}
    else:
        payload = {"present": present, "facts": {k: v for k, v in facts.items()
                                                 if v is not None}}  # fmt: skip
    return Converted(payload=payload, consent="")
