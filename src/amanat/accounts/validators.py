"""A password rule Django lacks: a short pattern repeated (`weak3weak3weak3`, `aaaaaaaaaaaa`)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The whole password is one unit written two or more times.
_REPEATED = re.compile(r"(.+?)\1+", re.DOTALL)


class RepeatedPatternValidator:
    """Reject a repeated unit, or a password of three or fewer distinct characters.

    Length rules count characters, not guesses: `weak3weak3weak3` is as strong as `weak3`.
    """

    def __init__(self, min_distinct: int = 4) -> None:
        self.min_distinct = min_distinct

    def validate(self, password: str, user=None) -> None:
        lowered = password.casefold()
        if _REPEATED.fullmatch(lowered) or len(set(lowered)) < self.min_distinct:
            raise ValidationError(
                _("This password is a short pattern repeated; choose one that is not."),
                code="password_repeated_pattern",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot be a short pattern repeated.")
