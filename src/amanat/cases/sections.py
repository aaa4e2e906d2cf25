"""Sections other apps add to the case page (assessments, referrals, plans...).

An app registers `(order, template_name, context_function)` once (in its AppConfig.ready);
the case page calls `context_function(request, case)` and includes the template with the
returned dict as `section`. A function returning None hides its section.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CaseSection:
    order: int
    template: str
    context: Callable


_sections: dict[str, CaseSection] = {}


def register_case_section(key: str, *, order: int, template: str, context: Callable) -> None:
    _sections[key] = CaseSection(order, template, context)


def case_sections_for(request, case) -> list[dict]:
    result = []
    for section in sorted(_sections.values(), key=lambda s: s.order):
        data = section.context(request, case)
        if data is not None:
            result.append({"template": section.template, "data": data})
    return result
