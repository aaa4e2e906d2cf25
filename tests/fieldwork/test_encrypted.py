"""Encrypted forms: the public key in the XLSForm, submissions encrypted as ODK Collect does
(the test's own encryptor, written from the ODK XForms encryption specification), decrypted by
the import with the private key from a file or the environment."""

from __future__ import annotations

import base64
import hashlib
import io
import random
import uuid
import zipfile
from xml.sax.saxutils import escape

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from openpyxl import load_workbook

from amanat.cli import main
from amanat.core.fieldwork import odk_crypto, readers
from amanat.core.fieldwork.odk_crypto import CFB
from amanat.errors import UsageError
from amanat.screening.engine import get_builtin, screen
from amanat.screening.fieldwork import importer
from amanat.screening.fieldwork.xlsform import xlsform_bytes
from amanat.screening.models import Assessment
from tests.fieldwork.walk import answer_set, fill, read_sheets

GUIDE = "identification-interview"
# Java's "RSA/NONE/OAEPWithSHA256AndMGF1Padding" on Android: OAEP SHA-256, MGF1 SHA-1.
COLLECT_OAEP = padding.OAEP(
    mgf=padding.MGF1(hashes.SHA1()),  # noqa: S303 - as ODK Collect does
    algorithm=hashes.SHA256(),
    label=None,
)


@pytest.fixture(scope="module")
def key_pair():
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())  # fmt: skip
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, pem, public_pem


def instance_xml(record: dict, instance_id: str) -> bytes:
    """The XForm instance ODK Collect writes: groups as elements, meta/instanceID last."""
    tree: dict = {}
    for key, value in record.items():
        node = tree
        *groups, name = key.split("/")
        for group in groups:
            node = node.setdefault(group, {})
        node[name] = value

    def render(node: dict) -> str:
        return "".join(
            f"<{k}>{render(v) if isinstance(v, dict) else escape(str(v))}</{k}>"
            for k, v in node.items()
        )

    body = render(tree) + f"<meta><instanceID>{instance_id}</instanceID></meta>"
    return f'<data id="{GUIDE}" version="1.0">{body}</data>'.encode()


def _cfb(data: bytes, key: bytes, iv: bytes) -> bytes:
    pad = 16 - len(data) % 16
    padded = data + bytes([pad]) * pad  # PKCS#5
    encryptor = Cipher(algorithms.AES(key), CFB(iv)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


def encrypt_like_collect(xml: bytes, instance_id: str, public_key, media: dict[str, bytes]):
    """(manifest bytes, {file name: encrypted bytes}) per the ODK encryption specification."""
    key = bytes(random.Random(instance_id).randrange(256) for _ in range(32))
    wrapped = base64.b64encode(public_key.encrypt(key, COLLECT_OAEP)).decode()
    seed = bytearray(hashlib.md5(instance_id.encode() + key, usedforsecurity=False).digest())
    counter = 0

    def next_iv() -> bytes:
        nonlocal counter
        seed[counter % 16] = (seed[counter % 16] + 1) & 0xFF
        counter += 1
        return bytes(seed)

    files, lines = {}, [GUIDE, "1.0", wrapped, instance_id]
    for name, content in media.items():
        files[f"{name}.enc"] = _cfb(content, key, next_iv())
        lines.append(f"{name}::{hashlib.md5(content, usedforsecurity=False).hexdigest()}")
    files["submission.xml.enc"] = _cfb(xml, key, next_iv())
    lines.append(f"submission.xml::{hashlib.md5(xml, usedforsecurity=False).hexdigest()}")
    digest = hashlib.md5(("\n".join(lines) + "\n").encode(), usedforsecurity=False).digest()
    signature = base64.b64encode(public_key.encrypt(digest, COLLECT_OAEP)).decode()
    media_xml = "".join(f"<media><file>{n}.enc</file></media>" for n in media)
    manifest = (
        f'<data xmlns="http://opendatakit.org/submissions" id="{GUIDE}" version="1.0" '
        f'encrypted="yes"><base64EncryptedKey>{wrapped}</base64EncryptedKey>'
        f'<meta xmlns="http://openrosa.org/xforms"><instanceID>{instance_id}</instanceID></meta>'
        f"{media_xml}<encryptedXmlFile>submission.xml.enc</encryptedXmlFile>"
        f"<base64EncryptedElementSignature>{signature}</base64EncryptedElementSignature></data>"
    ).encode()
    return manifest, files


def _encrypted_zip(public_key, count: int = 3, tamper: bool = False):
    survey, choices, _ = read_sheets(xlsform_bytes(GUIDE))
    rng = random.Random(9)
    buffer = io.BytesIO()
    expected = []
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(count):
            record, values = fill(survey, choices, rng)
            instance = f"uuid:{uuid.UUID(int=rng.getrandbits(128))}"
            manifest, files = encrypt_like_collect(
                instance_xml(record, instance), instance, public_key, {"photo.jpg": b"\xff\xd8jpeg"}
            )
            if tamper and n == 1:
                files["photo.jpg.enc"] = files["photo.jpg.enc"][:-16] + bytes(16)
            archive.writestr(f"instances/{GUIDE}_{n}/submission.xml", manifest)
            for name, content in files.items():
                archive.writestr(f"instances/{GUIDE}_{n}/{name}", content)
            expected.append((instance, values))
    return buffer.getvalue(), expected


def test_public_key_and_submission_url_in_settings(key_pair):
    _private, _pem, public_pem = key_pair
    data = xlsform_bytes(GUIDE, public_key_pem=public_pem,
                         submission_url="https://kc.example.org/submission")  # fmt: skip
    rows = list(load_workbook(io.BytesIO(data))["settings"].iter_rows(values_only=True))
    settings = dict(zip(rows[0], rows[1], strict=True))
    der = serialization.load_pem_public_key(public_pem).public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert settings["public_key"] == base64.b64encode(der).decode()
    assert settings["submission_url"] == "https://kc.example.org/submission"


def test_a_bad_public_key_is_refused():
    with pytest.raises(UsageError) as caught:
        xlsform_bytes(
            GUIDE, public_key_pem=b"-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----"
        )
    assert caught.value.field == "public_key"


def test_encrypted_round_trip_equals_direct_scoring(key_pair, case_manager):
    private, _pem, _public = key_pair
    data, expected = _encrypted_zip(private.public_key())

    def decrypt(root, flat, files, where):
        return odk_crypto.decrypt_instance(private, root, flat, files, where)

    subs = readers.read_upload(data, "instances.zip", decrypt)
    assert all(s.decrypted for s in subs)
    result = importer.submissions_import(user=case_manager, guide_id=GUIDE, submissions=subs)
    guide = get_builtin(GUIDE)
    by_instance = {s.instance_id: a for s, a in zip(subs, result.assessment_ids, strict=True)}
    for instance, values in expected:
        stored = Assessment.objects.get(pk=by_instance[instance])
        assert stored.result == screen(guide, answer_set(guide, values), language="ru").to_dict()


def test_encrypted_without_key_or_with_the_wrong_key_is_refused(key_pair):
    private, _pem, _public = key_pair
    data, _expected = _encrypted_zip(private.public_key(), count=1)
    with pytest.raises(UsageError) as caught:
        readers.read_upload(data, "instances.zip")
    assert "encrypted" in caught.value.message
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(UsageError) as caught:
        readers.read_upload(
            data,
            "instances.zip",
            lambda r, f, files, w: odk_crypto.decrypt_instance(other, r, f, files, w),
        )
    assert "does not open this submission" in caught.value.message


def test_a_tampered_media_file_fails_the_signature(key_pair):
    private, _pem, _public = key_pair
    data, _expected = _encrypted_zip(private.public_key(), count=2, tamper=True)
    with pytest.raises(UsageError) as caught:
        readers.read_upload(
            data,
            "instances.zip",
            lambda r, f, files, w: odk_crypto.decrypt_instance(private, r, f, files, w),
        )
    assert f"{GUIDE}_1" in caught.value.message


def test_cli_reads_the_private_key_from_the_environment(
    key_pair, case_manager, tmp_path, settings, capsys
):
    private, pem, _public = key_pair
    data, expected = _encrypted_zip(private.public_key(), count=2)
    path = tmp_path / "instances.zip"
    path.write_bytes(data)
    settings.AMANAT_FIELDWORK_PRIVATE_KEY = pem.decode()
    code = main(
        ["import", "submissions", str(path), "--guide", GUIDE, "--user", case_manager.username]
    )
    assert code == 0
    assert Assessment.objects.count() == 2
    key_file = tmp_path / "key.pem"
    key_file.write_bytes(b"not a key")
    settings.AMANAT_FIELDWORK_PRIVATE_KEY = ""
    code = main(["import", "submissions", str(path), "--guide", GUIDE, "--user",
                 case_manager.username, "--private-key", str(key_file)])  # fmt: skip
    assert code == 2
    assert "not an unencrypted RSA private key" in capsys.readouterr().err
