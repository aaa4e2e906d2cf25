"""Validation of single values shared by services and imports: clear errors naming the field."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from amanat.config.languages import LANGUAGE_CODES
from amanat.core import geography
from amanat.errors import ValidationError
from amanat.training import vocab
from amanat.training.analysis.vocabulary import read_truth, split_options
from amanat.training.models import Item, ItemType

OPTION_KEY = re.compile(r"^[A-Za-zА-Яа-яЁё0-9]{1,3}$")


def text(value, *, field: str, max_length: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(_("Enter text."), field=field)
    value = value.strip()
    if required and not value:
        raise ValidationError(_("This field is required."), field=field)
    if len(value) > max_length:
        raise ValidationError(_("Enter at most %(n)d characters.") % {"n": max_length}, field=field)
    if "\x00" in value:
        raise ValidationError(_("Enter text."), field=field)
    return value


def code_value(value, *, field: str, max_length: int = 40) -> str:
    value = text(value, field=field, max_length=max_length, required=True)
    if not re.fullmatch(r"[\w.\-]+", value):
        raise ValidationError(
            _("Use letters, digits, '.', '-' or '_' only, without spaces."), field=field
        )
    return value


def choice(value, *, field: str, vocabulary: str, required: bool = False) -> str:
    """A vocabulary code; labels in English or Russian are accepted too."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(_("Choose a value from the list."), field=field)
    found = vocab.lookup(vocabulary, value)
    if found is None:
        raise ValidationError(
            _("'%(value)s' is not an allowed value.") % {"value": value[:60]}, field=field
        )
    if required and not found:
        raise ValidationError(_("This field is required."), field=field)
    return found


def choice_list(values, *, field: str, vocabulary: str) -> list[str]:
    if values in (None, ""):
        return []
    if isinstance(values, str):
        values = [v for v in re.split(r"[;,]", values) if v.strip()]
    if not isinstance(values, list | tuple):
        raise ValidationError(_("Give a list of values."), field=field)
    result = []
    for value in values:
        code = choice(value, field=field, vocabulary=vocabulary, required=True)
        if code not in result:
            result.append(code)
    return result


def country(value, *, field: str = "country", required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(_("Choose a country."), field=field)
    value = value.strip()
    if not value:
        if required:
            raise ValidationError(_("This field is required."), field=field)
        return ""
    if value.upper() in geography.country_codes():
        return value.upper()
    folded = value.casefold()
    for language in LANGUAGE_CODES:  # a participants table may name countries in any of them
        for code, name in geography.country_choices(language):
            if name.casefold() == folded:
                return code
    raise ValidationError(
        _("'%(value)s' is not a country (use ISO codes such as KZ).") % {"value": value[:60]},
        field=field,
    )


def region(value, *, country_code: str, field: str = "region") -> str:
    value = (value or "").strip().upper() if isinstance(value, str) else ""
    if value and value not in geography.region_codes(country_code):
        raise ValidationError(
            _("'%(value)s' is not a region of %(country)s.")
            % {"value": value[:20], "country": country_code},
            field=field,
        )
    return value


def language(value, *, field: str = "language", required: bool = False) -> str:
    value = (value or "").strip().lower() if isinstance(value, str) else ""
    if not value:
        if required:
            raise ValidationError(_("This field is required."), field=field)
        return ""
    if value not in geography.language_codes():
        raise ValidationError(
            _("'%(value)s' is not an ISO 639 language code.") % {"value": value[:20]}, field=field
        )
    return value


def language_list(values, *, field: str = "languages") -> list[str]:
    if values in (None, ""):
        return []
    if isinstance(values, str):
        values = [v for v in re.split(r"[;,\s]", values) if v.strip()]
    if not isinstance(values, list | tuple):
        raise ValidationError(_("Give a list of values."), field=field)
    result = []
    for value in values:
        code = language(value, field=field, required=True)
        if code not in result:
            result.append(code)
    return result


def date(value, *, field: str, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValidationError(_("This field is required."), field=field)
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), field=field) from None


def time(value, *, field: str) -> dt.time | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.time):
        return value
    try:
        return dt.time.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(_("Enter a time as HH:MM."), field=field) from None


def integer(value, *, field: str, minimum: int, maximum: int) -> int:
    if isinstance(value, bool):
        raise ValidationError(_("Enter a whole number."), field=field)
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        raise ValidationError(_("Enter a whole number."), field=field) from None
    if not minimum <= number <= maximum:
        raise ValidationError(
            _("Enter a number from %(min)d to %(max)d.") % {"min": minimum, "max": maximum},
            field=field,
        )
    return number


def number(value, *, field: str, minimum: float, maximum: float) -> float:
    if isinstance(value, bool):
        raise ValidationError(_("Enter a number."), field=field)
    try:
        result = float(str(value).strip().replace(",", "."))
    except (TypeError, ValueError):
        raise ValidationError(_("Enter a number."), field=field) from None
    if not (minimum < result <= maximum) or result != result:
        raise ValidationError(
            _("Enter a number greater than %(min)g and at most %(max)g.")
            % {"min": minimum, "max": maximum},
            field=field,
        )
    return result


def item_options(raw, *, field: str = "options") -> list[dict]:
    """[{"key": "A", "text": "..."}]; also accepts lines 'A) text' or 'A. text' or a dict."""
    if raw in (None, "", []):
        return []
    if isinstance(raw, dict):
        raw = [{"key": k, "text": v} for k, v in raw.items()]
    if isinstance(raw, str):
        lines = [line.strip() for line in raw.splitlines() if line.strip()]
        parsed = []
        for number_, line in enumerate(lines, start=1):
            match = re.match(r"^([A-Za-zА-Яа-яЁё0-9]{1,3})\s*[).:]\s*(.+)$", line)
            if not match:
                raise ValidationError(
                    _("Line %(n)d: write each option as 'A) text'.") % {"n": number_}, field=field
                )
            parsed.append({"key": match.group(1), "text": match.group(2)})
        raw = parsed
    if not isinstance(raw, list | tuple):
        raise ValidationError(_("Give the options as a list."), field=field)
    options: list[dict] = []
    seen: set[str] = set()
    for entry in raw:
        if not isinstance(entry, dict):
            raise ValidationError(_("Each option needs a key and a text."), field=field)
        key = str(entry.get("key", "")).strip()
        if not OPTION_KEY.fullmatch(key):
            raise ValidationError(
                _("Option keys are 1 to 3 letters or digits (A, B, C...)."), field=field
            )
        folded = key.upper()
        if folded in seen:
            raise ValidationError(_("Option '%(key)s' appears twice.") % {"key": key}, field=field)
        seen.add(folded)
        options.append(
            {
                "key": folded,
                "text": text(entry.get("text"), field=field, max_length=1000, required=True),
            }
        )
    if len(options) > 12:
        raise ValidationError(_("An item has at most 12 options."), field=field)
    return options


def item_key(
    item_type: str, options: list[dict], correct: str, *, field: str = "correct_answer"
) -> str:
    """The answer key in canonical form ('A', 'A;C', 'true'), checked against the options."""
    correct = text(correct, field=field, max_length=100, required=True)
    if item_type == ItemType.TRUE_FALSE:
        truth = read_truth(correct)
        if truth is None:
            raise ValidationError(_("Write true or false."), field=field)
        return "true" if truth else "false"
    keys = {o["key"] for o in options}
    chosen = split_options(correct)
    if len(options) < 2:
        raise ValidationError(_("A choice item needs at least two options."), field="options")
    unknown = sorted(chosen - keys)
    if unknown:
        raise ValidationError(
            _("'%(key)s' is not one of the options.") % {"key": unknown[0]}, field=field
        )
    if item_type == ItemType.SINGLE and len(chosen) != 1:
        raise ValidationError(
            _("A single-choice item has exactly one correct option."), field=field
        )
    if not chosen:
        raise ValidationError(_("This field is required."), field=field)
    return ";".join(sorted(chosen))


def participant(data: dict) -> dict:
    """The participant fields present in `data`, cleaned (the code is the caller's)."""
    cleaned: dict = {}
    limits = {
        "full_name": 200,
        "organisation_name": 300,
        "position": 200,
        "email": 254,
        "phone": 40,
    }
    for name, limit in limits.items():
        if name in data:
            cleaned[name] = text(data[name], field=name, max_length=limit)
    if "email" in cleaned and cleaned["email"] and "@" not in cleaned["email"]:
        raise ValidationError(_("Enter a valid e-mail address."), field="email")
    if "organisation_type" in data:
        cleaned["organisation_type"] = choice(
            data["organisation_type"], field="organisation_type", vocabulary="organisation_type"
        )
    if "nrm_role" in data:
        cleaned["nrm_role"] = choice(data["nrm_role"], field="nrm_role", vocabulary="nrm_role")
    if "gender" in data:
        cleaned["gender"] = choice(data["gender"], field="gender", vocabulary="gender")
    if "country" in data:
        cleaned["country"] = country(data["country"])
    return cleaned


class AnswerProblem(ValueError):
    """An answer that does not fit its item; the caller names the row, column or field."""


def normalise_answer(item: Item, answer) -> str:
    """An answer in canonical form; '' when unanswered. Raises AnswerProblem when it cannot be
    an answer to this item (an option that does not exist, a word that is not true/false)."""
    if answer is None:
        return ""
    if isinstance(answer, bool):
        answer = "true" if answer else "false"
    if isinstance(answer, list | tuple):
        answer = ";".join(str(a) for a in answer)
    if not isinstance(answer, str | int | float):
        raise AnswerProblem(_("not an answer"))
    answer = str(answer).strip()
    if not answer:
        return ""
    if len(answer) > 100:
        raise AnswerProblem(_("too long to be an answer"))
    if item.item_type == ItemType.TRUE_FALSE:
        truth = read_truth(answer)
        if truth is None:
            raise AnswerProblem(_("'%(answer)s' is not true or false") % {"answer": answer})
        return "true" if truth else "false"
    chosen = split_options(answer)
    keys = {o["key"] for o in item.options}
    unknown = sorted(chosen - keys)
    if unknown:
        raise AnswerProblem(
            _("'%(option)s' is not an option of item %(item)s (options: %(keys)s)")
            % {"option": unknown[0], "item": item.code, "keys": ", ".join(sorted(keys))}
        )
    return ";".join(sorted(chosen))
