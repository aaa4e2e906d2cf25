"""Encryption of personal data at rest (Fernet = AES-128-CBC + HMAC-SHA256, from `cryptography`)
and keyed blind indexes for exact look-up.

MultiFernet decrypts with any configured key and encrypts with the first, which is what key
rotation needs: add a new key in front, re-encrypt (`amanat keys rotate`), then retire the old one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import time
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from amanat.config import data_dir
from amanat.config.keyfile import KEYFILE_NAME, KeySet, effective_keyset


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


# The keys in force, read again when the key file changes (looked at no more than once a
# second): `amanat keys rotate` in one process reaches every running server within a second,
# instead of leaving them on a key set that can no longer read re-encrypted data (ADR 0022).
KEYFILE_RECHECK_SECONDS = 1.0
_keys: list = []  # [checked_at, file stamp, KeySet] or empty


def _keyfile_stamp() -> tuple[int, int] | None:
    try:
        stat = os.stat(data_dir() / KEYFILE_NAME)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def keyset() -> KeySet:
    now = time.monotonic()
    if _keys and now - _keys[0] < KEYFILE_RECHECK_SECONDS:
        return _keys[2]
    stamp = _keyfile_stamp()
    if _keys and stamp == _keys[1]:
        _keys[0] = now
        return _keys[2]
    keys = effective_keyset(data_dir())
    _keys[:] = [now, _keyfile_stamp(), keys]
    return keys


def reset_key_cache() -> None:
    _keys.clear()
    _fernet_for.cache_clear()


@lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _multifernet() -> MultiFernet:
    keys = keyset().data_keys
    if not keys:
        raise RuntimeError("No data encryption key is configured.")
    return _fernet_for(tuple(keys))


def encrypt_text(value: str) -> str:
    return _multifernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    try:
        return _multifernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError) as error:
        raise DecryptionError(
            "A stored value could not be decrypted: wrong or missing key."
        ) from error


def rotate_token(token: str) -> str:
    """Re-encrypt a stored token under the primary key."""
    return _multifernet().rotate(token.encode("ascii")).decode("ascii")


def _index_key() -> bytes:
    return base64.urlsafe_b64decode(keyset().index_key.encode())


def normalise_phone(value: str, region: str | None = None) -> str:
    """A phone number as E.164 digits (no "+"), so "0555 123 456" typed in Kyrgyzstan and
    "+996555123456" give one index value. `region` (ISO 3166 alpha-2: the organisation's or the
    case's country) reads national formats; without it, or when the number does not parse as a
    possible number, the bare digits are used (what was stored before ADR 0120)."""
    text = value or ""
    digits = re.sub(r"\D", "", text)
    if not digits:
        return ""
    import phonenumbers  # imported here: only writes and searches of phones need it

    candidates = [text] if text.strip().startswith("+") else [text, "+" + digits]
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, (region or "").upper() or None)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            return f"{number.country_code}{number.national_number}"
    return digits


def normalise_document_number(value: str) -> str:
    text = unicodedata.normalize("NFKC", value or "").upper()
    return re.sub(r"[^0-9A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]", "", text)


def derived_key(label: str) -> bytes:
    """A key of its own for one purpose, derived from the index key (HMAC as a PRF, as HKDF's
    expand step does): a truncated name index never shares a key with the exact indexes, and
    neither is the field-encryption key."""
    return hmac.new(_index_key(), f"amanat-derived-key:{label}".encode(), hashlib.sha256).digest()


def truncated_index(key: bytes, kind: str, normalised_value: str, bits: int) -> int:
    """Keyed HMAC-SHA256 of a value cut to its first `bits` bits (CipherSweet's truncated blind
    index): many different values share each result, so a match is a candidate, never a proof."""
    digest = hmac.new(key, f"{kind}:{normalised_value}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big") >> (32 - bits)


def blind_index(kind: str, normalised_value: str) -> str:
    """Keyed HMAC of a normalised value: equal inputs match, the value cannot be read back.

    `kind` separates the index spaces so a phone number never matches a document number.
    """
    if not normalised_value:
        return ""
    message = f"{kind}:{normalised_value}".encode()
    return hmac.new(_index_key(), message, hashlib.sha256).hexdigest()
