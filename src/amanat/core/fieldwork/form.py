"""The description of a field form, read by the XLSForm writer and by the import (ADR 0360).

An app builds one `FieldForm` per questionnaire (screening per guide, assistance for the needs
assessment); the writer and the import only read it, so both agree on every name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from amanat.config.languages import LANGUAGE_CODES

Label = Callable[[str], str]  # language code -> text

FORM_TAG = "amanat_form"
CASE_GROUP = "amanat_case"
CASE_CODE = "amanat_case_code"
FIRST_NAME = "amanat_first_name"
LAST_NAME = "amanat_last_name"
TEXT_MAX = 2000


def gettext_in(message, language: str) -> str:
    """A gettext string in `language`; a language that is not an interface language reads the
    first interface language of its fallback order (ADR 1400), as guide content does."""
    from amanat.core.language import first_available

    with translation.override(first_available(LANGUAGE_CODES, language)):
        return str(message)


def fixed(message) -> Label:
    return lambda language: gettext_in(message, language)


@dataclass(frozen=True)
class Choice:
    name: str
    label: Label


@dataclass(frozen=True)
class Field:
    name: str
    # question | consent | present | fact | case_code | first_name | last_name | tag |
    # derived | note | setting: what the import does with the value (the adapter decides).
    kind: str
    xls_type: str
    label: Label | None = None
    hint: Label | None = None
    relevant: str = ""
    required: str = ""
    required_message: Label | None = None
    constraint: str = ""
    constraint_message: Label | None = None
    calculation: str = ""
    question: Any = None  # the app's own question object, for its adapter
    choices: tuple[Choice, ...] = ()  # the list named after the field (select fields)
    subject: str = ""  # the fact name of a `fact` field, the group id of a `present` field


@dataclass(frozen=True)
class Group:
    name: str
    label: Label
    relevant: str
    fields: tuple[Field, ...]


@dataclass
class FieldForm:
    form_id: str
    version: str
    title: Label
    tag: Field
    groups: tuple[Group, ...]
    # Choice lists shared by several fields (`select_one yes_no`), by list name.
    lists: dict[str, tuple[Choice, ...]] = field(default_factory=dict)
    source: Any = None  # what the form was built from (a screening guide, the needs guide)
    by_name: dict[str, Field] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_name = {f.name: f for f in self.all_fields()}

    @property
    def version_tag(self) -> str:
        return tag_value(self.form_id, self.version)

    def all_fields(self) -> list[Field]:
        return [self.tag, *(f for g in self.groups for f in g.fields)]

    def path(self, name: str) -> str:
        for group in self.groups:
            if any(f.name == name for f in group.fields):
                return f"{group.name}/{name}"
        return name


def tag_value(form_id: str, version: str) -> str:
    return f"{form_id} {version}"


def tag_field(form_id: str, version: str) -> Field:
    """The calculated form tag: travels in every export format, unlike the XForm version."""
    return Field(FORM_TAG, "tag", "calculate", calculation=f"'{tag_value(form_id, version)}'")


def ref(name: str) -> str:
    return "${" + name + "}"


def consent_refused_note(name: str, consent_question: str, gate: str) -> Field:
    """Shown once consent is answered and not given: the form ends there."""
    return Field(
        name, "note", "note",
        label=fixed(_("Consent was not given: stop here and save the form. Nothing more is "
                      "asked or recorded.")),
        relevant=f"{ref(consent_question)} != '' and not({gate})",
    )  # fmt: skip


def case_group(gate: str, *, new_persons: bool = True) -> Group:
    """The case the submission belongs to: an existing case's code, or a new person's name
    (unless the form is only about existing cases: then the code is required)."""
    no_code = f"{ref(CASE_CODE)} = ''"
    if not new_persons:
        return Group(CASE_GROUP, fixed(_("Case")), gate, (
            Field(CASE_CODE, "case_code", "text", label=fixed(_("Case code")),
                  hint=fixed(_("The code of the person's case, e.g. 7KQM-3XWA.")),
                  required="yes", required_message=fixed(_("Enter the case code.")),
                  constraint="string-length(translate(., '- ', '')) = 8",
                  constraint_message=fixed(_("A case code has 8 letters and digits."))),
        ))  # fmt: skip
    return Group(
        CASE_GROUP,
        fixed(_("Case")),
        gate,
        (
            Field(CASE_CODE, "case_code", "text",
                  label=fixed(_("Case code")),
                  hint=fixed(_("The code of the person's case, e.g. 7KQM-3XWA. Leave empty to "
                               "register a new person.")),
                  constraint="string-length(translate(., '- ', '')) = 8",
                  constraint_message=fixed(_("A case code has 8 letters and digits."))),
            Field(FIRST_NAME, "first_name", "text", label=fixed(_("First name")),
                  relevant=no_code, required="yes",
                  required_message=fixed(_("Enter the case code or the person's name."))),
            Field(LAST_NAME, "last_name", "text", label=fixed(_("Last name")), relevant=no_code),
        ),
    )  # fmt: skip
