"""The name index holds no plaintext, no folded token and no unkeyed hash (issue 12 acceptance):
the SQLite file (and WAL) and, on PostgreSQL, the key table's dump are searched for them."""

from __future__ import annotations

import hashlib
import hmac
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from amanat.cases.identity.keys import BITS, name_keys
from amanat.cases.models import PersonNameKey
from tests.fixtures import make_case, make_org, make_user

WRITTEN = ("Эргашбоева", "Зульфиягуль", "Тохировна")
LATIN = ("Ergashboyeva", "Zulfiyagul")


def _plain_keys() -> set[tuple[str, str]]:
    return name_keys(" ".join(WRITTEN), " ".join(LATIN))


def _forbidden() -> list[bytes]:
    values = [*WRITTEN, *LATIN] + [value for _kind, value in _plain_keys()]
    out = []
    for value in values:
        for text in (value, value.lower(), value.upper()):
            out += [text.encode("utf-8"), text.encode("utf-16-le")]
        for algorithm in (hashlib.sha256, hashlib.md5, hashlib.sha1):
            digest = algorithm(value.encode()).hexdigest()
            out += [digest.encode(), digest[:16].encode()]
    return out


def _register():
    user = make_user(org=make_org(name="Disk NGO", country="UZ"), roles=["case_manager"])
    case = make_case(
        user=user,
        person={
            "last_name": WRITTEN[0],
            "first_name": WRITTEN[1],
            "middle_name": WRITTEN[2],
            "last_name_latin": LATIN[0],
            "first_name_latin": LATIN[1],
        },
    )
    return case


def _unkeyed(kind: str, value: str, key: bytes = b"") -> int:
    digest = hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big") >> (32 - BITS[kind])


def _assert_clean(blob: bytes, where: str) -> None:
    for secret in _forbidden():
        assert secret not in blob, f"{secret!r} found in {where}"


@pytest.mark.django_db
def test_the_stored_keys_are_keyed_not_a_hash_anyone_can_compute():
    case = _register()
    stored = set(PersonNameKey.objects.filter(person_id=case.person_id).values_list("kind", "key"))
    assert len(stored) == len(_plain_keys()) >= 10
    assert {kind for kind, _ in stored} == {"t", "s", "h", "e"}
    for guess in (b"", b"amanat"):
        unkeyed = {(k, _unkeyed(k, v, guess)) for k, v in _plain_keys()}
        assert len(stored & unkeyed) <= 2  # chance coincidences of a few bits at most
    plain_sha = {
        (k, int.from_bytes(hashlib.sha256(v.encode()).digest()[:4], "big") >> (32 - BITS[k]))
        for k, v in _plain_keys()
    }
    assert len(stored & plain_sha) <= 2
    assert all(0 <= key < 2 ** BITS[kind] for kind, key in stored)


@pytest.mark.django_db(transaction=True)
def test_sqlite_file_holds_no_name_token_or_unkeyed_hash():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite file check")
    case = _register()
    assert PersonNameKey.objects.filter(person_id=case.person_id).count() >= 10
    db_path = Path(connection.settings_dict["NAME"])
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(str(db_path) + suffix)
        if path.exists():
            _assert_clean(path.read_bytes(), str(path))


@pytest.mark.django_db(transaction=True)
def test_postgresql_dump_of_the_key_table_holds_no_name_token_or_unkeyed_hash(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL dump check")
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.fail("pg_dump is needed for this test (apt-get install postgresql-client)")
    _register()
    params = connection.settings_dict
    out = tmp_path / "keys.sql"
    subprocess.run(
        [
            pg_dump,
            "-h",
            params.get("HOST") or "localhost",
            "-p",
            str(params.get("PORT") or 5432),
            "-U",
            params["USER"],
            "-t",
            PersonNameKey._meta.db_table,
            "-t",
            "cases_person",
            "-f",
            str(out),
            params["NAME"],
        ],
        check=True,
        env={**os.environ, "PGPASSWORD": params.get("PASSWORD") or ""},
    )
    blob = out.read_bytes()
    assert PersonNameKey._meta.db_table.encode() in blob
    _assert_clean(blob, "pg_dump of the name keys")
