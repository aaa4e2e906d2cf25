"""One input record -> the comparison features the linkage model compares (pure: no Django).

Names are folded by `amanat.cases.names` (either script, any romanisation, gendered endings read
as one), phones become E.164 with `phonenumbers`, birth dates ISO with the day/month-swapped
reading beside them. A value that cannot be read raises `TableError` naming the row and column:
the CLI exits 2 and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

import phonenumbers
import pycountry

from amanat.cases.names import fold_name
from amanat.tables import Table, TableError, TableRow

INPUT_COLUMNS = (
    "record_id",
    "first_name",
    "last_name",
    "patronymic",
    "first_name_latin",
    "last_name_latin",
    "birth_date",
    "gender",
    "citizenship",
    "phone",
    "document_number",
)
FEATURE_COLUMNS = (
    "unique_id",
    "fn_key",
    "sn_key",
    "fn_keys",
    "sn_keys",
    "name_key",
    "father_key",
    "dob",
    "dob_swap",
    "birth_year",
    "gender",
    "citizenship",
    "phone",
    "phone_tail",
    "document",
)
# Where a phone is written without its country code, the record's citizenship is tried first,
# then the five countries the platform serves (a local KG number parses only as KG, and so on).
PHONE_REGIONS = ("KG", "KZ", "UZ", "TJ", "RU")
_GENDERS = {
    "m": "M", "male": "M", "masculine": "M", "transgendermasculine": "M", "м": "M",
    "f": "F", "female": "F", "feminine": "F", "transgenderfeminine": "F", "ж": "F",
    "nonconforming": None, "nonspecifiedunknown": None, "unknown": None, "u": None,
}  # fmt: skip
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y.%m.%d", "%d-%m-%Y")
# Patronymic endings that are not part of the father's name: Russian -ovich/-ovna (folded by
# the engine to -ovich), Kazakh -uly/-kyzy written as one word.
_FATHER_SUFFIXES = ("ovich", "evich", "ich", "uli", "kizi")
_DOC_STRIP = re.compile(r"[\s\-./№#]+")
_PHONE_CHARS = re.compile(r"^[0-9+()\-.\s/]+$")


@lru_cache(maxsize=500_000)
def _keys(text: str) -> tuple[str, ...]:
    return fold_name(text).keys if text else ()


def father_key(patronymic: str) -> str | None:
    """The father's name in a patronymic (Азизовна, Aziz o'g'li, Азиз уулу all give 'aziz')."""
    keys = _keys(patronymic)
    if not keys:
        return None
    key = keys[0]
    for suffix in _FATHER_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 2:
            return key[: -len(suffix)]
    return key


def parse_date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    if "T" in text:  # a spreadsheet date cell read as a datetime
        text = text.split("T", 1)[0]
    try:  # the common form first, in C (strptime costs ten times more at a million rows)
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def swapped(day: dt.date) -> dt.date | None:
    """The same date with day and month exchanged, when that is a different valid date."""
    if day.day > 12 or day.day == day.month:
        return None
    return day.replace(day=day.month, month=day.day)


@lru_cache(maxsize=50_000)
def _country(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code) or pycountry.countries.get(alpha_3=code)
    if found is None:
        raise ValueError(code)
    return found.alpha_2


_COUNTRY_CODES = {"996": 12, "998": 12, "992": 12, "7": 11}  # digits with the code


def parse_phone(text: str, region: str | None) -> str:
    """E.164 of a phone typed in any national format; ValueError when it is not a phone."""
    if not _PHONE_CHARS.match(text):
        raise ValueError(text)
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) < 7:
        raise ValueError(text)
    # One person's phone is written many ways ("+996 555 12 34 56", "996555123456"): the same
    # digits with their country code are one parse, cached.
    plus = text.lstrip().startswith("+") or any(
        digits.startswith(code) and len(digits) == size for code, size in _COUNTRY_CODES.items()
    )
    return _parse_phone("+" + digits if plus else digits, None if plus else region)


@lru_cache(maxsize=500_000)
def _parse_phone(text: str, region: str | None) -> str:
    regions = ((region,) if region else ()) + tuple(r for r in PHONE_REGIONS if r != region)
    if text.startswith("+"):
        regions = (None,)  # the country code is in the number
    fallback = None
    for hint in regions:
        try:
            number = phonenumbers.parse(text, hint)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if fallback is None:
            fallback = number
    if fallback is None:
        raise ValueError(text)
    # Not valid in any of the countries (a new operator code, a typo): kept as written, in E.164.
    return phonenumbers.format_number(fallback, phonenumbers.PhoneNumberFormat.E164)


def _name_keys(*texts: str) -> tuple[str, ...]:
    seen: list[str] = []
    for text in texts:
        for key in _keys(text):
            if key not in seen:
                seen.append(key)
    return tuple(seen)


def record_features(row: TableRow, source: str) -> dict:
    v = row.values
    record_id = v.get("record_id", "")
    if not record_id:
        raise TableError(source, "record_id is empty", row=row.number, column="record_id")

    def bad(column: str, problem: str) -> TableError:
        return TableError(source, problem, row=row.number, column=column)

    citizenship = None
    if v.get("citizenship"):
        try:
            citizenship = _country(v["citizenship"].upper())
        except ValueError:
            raise bad("citizenship", "not an ISO 3166 country code (e.g. KG or KGZ)") from None
    try:
        birth = parse_date(v.get("birth_date", ""))
    except ValueError:
        raise bad("birth_date", "not a date (use YYYY-MM-DD or DD.MM.YYYY)") from None
    gender_text = v.get("gender", "").strip().casefold()
    if gender_text and gender_text not in _GENDERS:
        raise bad("gender", "not a gender: use M or F, or an HTCDS value such as Feminine")
    phone = None
    if v.get("phone"):
        try:
            phone = parse_phone(v["phone"], citizenship)
        except ValueError:
            raise bad("phone", "not a phone number") from None
    first = _name_keys(v.get("first_name", ""), v.get("first_name_latin", ""))
    last = _name_keys(v.get("last_name", ""), v.get("last_name_latin", ""))
    swap = swapped(birth) if birth else None
    document = _DOC_STRIP.sub("", v.get("document_number", "")).upper() or None
    return {
        "unique_id": record_id,
        "fn_key": first[0] if first else None,
        "sn_key": last[0] if last else None,
        "fn_keys": list(first) or None,
        "sn_keys": list(last) or None,
        "name_key": " ".join(sorted({*first[:1], *last[:1]})) or None,
        "father_key": father_key(v.get("patronymic", "")),
        "dob": birth.isoformat() if birth else None,
        "dob_swap": swap.isoformat() if swap else None,
        "birth_year": birth.year if birth else None,
        "gender": _GENDERS.get(gender_text) if gender_text else None,
        "citizenship": citizenship,
        "phone": phone,
        "phone_tail": phone[-7:] if phone else None,
        "document": document,
    }


def table_features(table: Table, *, progress: Iterable | None = None) -> Iterator[dict]:
    """Features of every row; duplicate record ids are an error naming both rows."""
    seen: dict[str, int] = {}
    rows = progress if progress is not None else table.rows
    for row in rows:
        record = record_features(row, table.source)
        first_row = seen.setdefault(record["unique_id"], row.number)
        if first_row != row.number:
            raise TableError(
                table.source,
                f"duplicate record_id (first on row {first_row})",
                row=row.number,
                column="record_id",
            )
        yield record
