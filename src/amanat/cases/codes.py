"""Pseudonymous case codes that are safe to read out on the phone.

Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), grouped 4-4: 29^8 codes.
They carry no meaning: no name, date, place or sequence.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ACDEFGHJKMNPQRTUVWXYZ"


def new_case_code() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def normalise_case_code(text: str) -> str:
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    if len(cleaned) != 8:
        return ""
    return f"{cleaned[:4]}-{cleaned[4:]}"
