"""Password-protected files for identifiable exports: AES-256 ZIP (WinZip AE-2), no Django.

7-Zip, WinZip, PeaZip, Keka and `7z x` open it with the password (ADR 0665). File names inside a
ZIP are not encrypted, so callers name members by purpose and format only, never by person.
"""

from __future__ import annotations

import io

import pyzipper

ENCRYPTION = "zip-aes256"


def encrypt_files(files: dict[str, bytes], password: str) -> bytes:
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode("utf-8"))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def decrypt_files(content: bytes, password: str) -> dict[str, bytes]:
    """Every member's bytes; a wrong password raises RuntimeError (pyzipper's "Bad password")."""
    with pyzipper.AESZipFile(io.BytesIO(content)) as archive:
        archive.setpassword(password.encode("utf-8"))
        return {name: archive.read(name) for name in archive.namelist()}
