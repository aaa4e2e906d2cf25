"""ODK encrypted submissions (ODK XForms encryption specification), decrypted with `cryptography`.

An encrypted submission is a manifest (`submission.xml` with `encrypted="yes"`) next to the
encrypted files. The manifest carries a random 256-bit AES key encrypted with the form's RSA
public key (OAEP, SHA-256; MGF1 with SHA-1 as Java's "RSA/NONE/OAEPWithSHA256AndMGF1Padding"
gives on Android), the instanceID, the media files and `submission.xml.enc`. Each file is
AES-256 in CFB mode (128-bit segments) with PKCS#5 padding; the IVs come from MD5(instanceID +
key), one byte incremented per file in the order media first, then the submission. The element
signature (an MD5 over the form id, version, encrypted key, instanceID and each file's
`name::md5`, one per line, RSA-encrypted) is checked, so a tampered file is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as rsa_padding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

try:  # CFB moved to the "decrepit" ciphers in cryptography 47; ODK's specification needs it
    from cryptography.hazmat.decrepit.ciphers.modes import CFB
except ImportError:  # pragma: no cover - older cryptography
    from cryptography.hazmat.primitives.ciphers.modes import CFB
from django.utils.translation import gettext as _

from amanat.errors import UsageError

IV_LENGTH = 16


def oaep(mgf1_hash: hashes.HashAlgorithm) -> rsa_padding.OAEP:
    return rsa_padding.OAEP(
        mgf=rsa_padding.MGF1(algorithm=mgf1_hash), algorithm=hashes.SHA256(), label=None
    )


# ODK Collect and Enketo use MGF1 with SHA-1; accept MGF1 with SHA-256 too (other encryptors).
OAEP_VARIANTS = (oaep(hashes.SHA1()), oaep(hashes.SHA256()))  # noqa: S303 - MGF1 as ODK specifies


class IvSeed:
    """The IV sequence of one submission: each call increments one byte of the seed."""

    def __init__(self, instance_id: str, key: bytes):
        digest = hashlib.md5(instance_id.encode("utf-8") + key, usedforsecurity=False).digest()
        self.seed = bytearray(digest[i % len(digest)] for i in range(IV_LENGTH))
        self.counter = 0

    def next(self) -> bytes:
        position = self.counter % IV_LENGTH
        self.seed[position] = (self.seed[position] + 1) & 0xFF  # a Java byte wraps
        self.counter += 1
        return bytes(self.seed)


def aes_cfb_decrypt(data: bytes, key: bytes, iv: bytes) -> bytes:
    decryptor = Cipher(algorithms.AES(key), CFB(iv)).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    return unpadder.update(padded) + unpadder.finalize()


def aes_cfb_encrypt(data: bytes, key: bytes, iv: bytes) -> bytes:
    padder = padding.PKCS7(128).padder()
    padded = padder.update(data) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), CFB(iv)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


def load_private_key(data: bytes, *, source: str = "private key") -> rsa.RSAPrivateKey:
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        key = None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise UsageError(
            _("%(source)s: not an unencrypted RSA private key in PEM format.")
            % {"source": source}, field="private_key",
        )  # fmt: skip
    return key


def private_key_from(path: str | None, env_value: str | None) -> rsa.RSAPrivateKey | None:
    """The key from `--private-key FILE`, else the environment's PEM text, else None."""
    if path:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise UsageError(
                _("%(path)s: cannot read the private key (%(error)s).")
                % {"path": path, "error": error.strerror}, field="private_key",
            ) from None  # fmt: skip
        return load_private_key(data, source=path)
    if env_value:
        return load_private_key(env_value.encode("utf-8"), source="AMANAT_FIELDWORK_PRIVATE_KEY")
    return None


def rsa_decrypt(key: rsa.RSAPrivateKey, data: bytes) -> bytes | None:
    for variant in OAEP_VARIANTS:
        try:
            return key.decrypt(data, variant)
        except ValueError:
            continue
    return None


def _manifest(root: ElementTree.Element) -> dict[str, Any]:
    def text(name: str) -> str:
        for element in root.iter():
            if element.tag.rsplit("}", 1)[-1] == name:
                return (element.text or "").strip()
        return ""

    media = [
        (item.text or "").strip()
        for element in root
        if element.tag.rsplit("}", 1)[-1] == "media"
        for item in element
        if item.tag.rsplit("}", 1)[-1] == "file"
    ]
    return {
        "form_id": root.get("id") or "",
        "version": root.get("version") or "",
        "key": text("base64EncryptedKey"),
        "instance_id": text("instanceID"),
        "xml_file": text("encryptedXmlFile") or "submission.xml.enc",
        "signature": text("base64EncryptedElementSignature"),
        "media": media,
    }


def decrypt_instance(
    private_key: rsa.RSAPrivateKey,
    root: ElementTree.Element,
    flat: Mapping[str, Any],
    files: Mapping[str, bytes],
    where: str,
) -> bytes:
    """The plaintext submission.xml of an encrypted instance folder (signature checked)."""
    manifest = _manifest(root)

    def fail(problem: str) -> UsageError:
        return UsageError(f"{where}: {problem}", field="private_key")

    try:
        wrapped = base64.b64decode(manifest["key"], validate=True)
    except ValueError:
        raise fail(_("the encrypted key is not base64.")) from None
    key = rsa_decrypt(private_key, wrapped)
    if key is None or len(key) != 32:
        raise fail(_("the private key does not open this submission (wrong key?)."))
    seed = IvSeed(manifest["instance_id"], key)
    digests = []
    for name in manifest["media"]:
        iv = seed.next()
        if name not in files:
            raise fail(_("the media file %(name)s is missing.") % {"name": name})
        try:
            media = aes_cfb_decrypt(files[name], key, iv)
        except ValueError:
            raise fail(_("the media file %(name)s cannot be decrypted.") % {"name": name}) from None
        digests.append(
            f"{name.removesuffix('.enc')}::{hashlib.md5(media, usedforsecurity=False).hexdigest()}"
        )
    name = manifest["xml_file"]
    if name not in files:
        raise fail(_("%(name)s is missing.") % {"name": name})
    try:
        plain = aes_cfb_decrypt(files[name], key, seed.next())
    except ValueError:
        raise fail(_("%(name)s cannot be decrypted.") % {"name": name}) from None
    digests.append(
        f"{name.removesuffix('.enc')}::{hashlib.md5(plain, usedforsecurity=False).hexdigest()}"
    )
    lines = [manifest["form_id"], *([manifest["version"]] if manifest["version"] else []),
             manifest["key"], manifest["instance_id"], *digests]  # fmt: skip
    expected = hashlib.md5(
        ("\n".join(lines) + "\n").encode("utf-8"), usedforsecurity=False
    ).digest()
    try:
        signature = rsa_decrypt(private_key, base64.b64decode(manifest["signature"], validate=True))
    except ValueError:
        signature = None
    if signature is None or not hmac.compare_digest(signature, expected):
        raise fail(_("the signature does not match the files (altered or incomplete)."))
    return plain
