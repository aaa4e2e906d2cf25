"""How people write the same fact differently in the generated records: phone numbers in national
formats, document numbers, dates, keyboard slips. Part of `records_generator.py` (kept apart so
each module stays small); the generator's output is unchanged by the split.
"""

from __future__ import annotations

import datetime as dt
import random

_PHONE_PREFIXES = {  # mobile operator codes that libphonenumber accepts as valid (illustrative mix)
    "KZ": ("700", "701", "702", "705", "707", "747", "771", "775", "776", "777", "778"),
    "KG": ("555", "550", "700", "770", "777", "500", "221", "755", "999", "708"),
    "TJ": ("93", "92", "90", "91", "98", "50", "55", "88", "77", "11"),
    "UZ": ("90", "91", "93", "94", "97", "99", "88", "33", "95", "50"),
    "RU": ("916", "915", "926", "903", "905", "909", "925", "985", "968", "977"),
}
_NSN_LENGTH = {"KZ": 10, "KG": 9, "TJ": 9, "UZ": 9, "RU": 10}


def _phone(rng: random.Random, country: str) -> tuple[str, str]:
    prefix = rng.choice(_PHONE_PREFIXES[country])
    rest = _NSN_LENGTH[country] - len(prefix)
    return country, prefix + "".join(rng.choice("0123456789") for _ in range(rest))


def _document(rng: random.Random, country: str) -> str:
    digits = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    if country == "KZ":
        return "N" + digits(8)
    if country == "KG":
        return rng.choice(("AC", "AN", "ID")) + digits(7)
    if country == "TJ":
        return rng.choice(("A", "B")) + digits(8)
    if country == "UZ":
        return rng.choice(("AA", "AB", "AC", "FA")) + digits(7)
    return digits(4) + digits(6)  # RU: series and number


_CYR_LETTERS = "абвгдежзиклмнопрстуфхцчшыэюя"
_LAT_LETTERS = "abcdefghijklmnoprstuvyz"


def typo(rng: random.Random, word: str) -> str:
    """One keyboard slip: a letter dropped, doubled, replaced, or two neighbours swapped."""
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    op = rng.random()
    if op < 0.3:
        return word[:i] + word[i + 1 :]
    if op < 0.5:
        return word[:i] + word[i] + word[i:]
    if op < 0.8:
        letters = _CYR_LETTERS if "а" <= word[i].lower() <= "я" else _LAT_LETTERS
        return word[:i] + rng.choice(letters) + word[i + 1 :]
    if i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:-1]


def format_phone(rng: random.Random, country: str, nsn: str) -> str:
    """A phone number as people write it: international, national with a trunk prefix, spaced."""
    roll = rng.random()
    if country in ("KZ", "RU"):  # country code 7, trunk prefix 8
        a, b, c, d = nsn[:3], nsn[3:6], nsn[6:8], nsn[8:]
        forms = (f"+7{nsn}", f"8{nsn}", f"8 ({a}) {b}-{c}-{d}", f"7{nsn}", f"+7 {a} {b} {c} {d}")
    elif country == "KG":  # 996, trunk prefix 0
        a, b, c, d = nsn[:3], nsn[3:5], nsn[5:7], nsn[7:]
        forms = (
            f"+996{nsn}",
            f"0{nsn}",
            f"996 {a} {b} {c} {d}",
            f"0{a} {b}-{c}-{d}",
            f"+996 {a} {b}{c}{d}",
        )
    elif country == "TJ":  # 992, nine digits dialled locally
        a, b, c = nsn[:2], nsn[2:5], nsn[5:]
        forms = (f"+992{nsn}", nsn, f"992 {a} {b} {c}", f"+992 ({a}) {b}-{c}", f"{a} {b} {c}")
    else:  # UZ: 998, nine digits locally
        a, b, c, d = nsn[:2], nsn[2:5], nsn[5:7], nsn[7:]
        forms = (f"+998{nsn}", f"{a} {b} {c} {d}", f"998{nsn}", f"+998 ({a}) {b}-{c}-{d}", nsn)
    weights = (0.35, 0.25, 0.15, 0.15, 0.10)
    acc = 0.0
    for form, w in zip(forms, weights, strict=True):
        acc += w
        if roll < acc:
            return form
    return forms[0]


def format_document(rng: random.Random, number: str) -> str:
    roll = rng.random()
    if roll < 0.7:
        return number
    if roll < 0.85:
        return number.lower()
    i = next((k for k, ch in enumerate(number) if ch.isdigit()), 0)
    return (number[:i] + " " + number[i:]).strip() if i else number[:4] + " " + number[4:]


def format_date(rng: random.Random, day: dt.date) -> str:
    roll = rng.random()
    if roll < 0.70:
        return day.isoformat()
    if roll < 0.95:
        return day.strftime("%d.%m.%Y")
    return day.strftime("%d/%m/%Y")
