"""Turning a path, query, form or payload value into a database id: the one place that does it.

Only 1-19 ASCII digits naming a value in the bigint range are ids. Python's `int()` also accepts
"٣" (Arabic-Indic three), "５", "+3", " 3 " and "3_0", and `str.isdigit()` accepts "¹", which
`int()` then rejects: parsing by hand in each view let one id have many spellings and let others
raise a 500. Everything that is not an id is answered like an id that does not exist.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from amanat.errors import NotFound, ValidationError

MAX_ID = 2**63 - 1  # PostgreSQL bigint and SQLite INTEGER; larger values overflow the driver
_DIGITS = re.compile(r"[0-9]{1,19}")  # a character class, not \d: \d matches every Unicode digit


def try_parse_id(value: object) -> int | None:
    """The id `value` spells, or None when it is not one."""
    if isinstance(value, bool):  # bool is an int subclass: True is not id 1
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def parse_id(value: object) -> int:
    """The id `value` spells, else NotFound (a malformed id looks like a missing object)."""
    number = try_parse_id(value)
    if number is None:
        raise NotFound()
    return number


def parse_id_field(value: object, field: str) -> int:
    """An id given in a form or payload field: a ValidationError naming the field if malformed."""
    number = try_parse_id(value)
    if number is None:
        raise ValidationError(_("Not a valid identifier."), field=field)
    return number
