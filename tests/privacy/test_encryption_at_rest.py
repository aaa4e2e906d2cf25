"""Personal data never reaches the disk in plaintext: database file, WAL, dumps, backups."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from amanat.cases.models import Person
from amanat.platform.backup import backup_restore, backup_write
from amanat.privacy.crypto import blind_index, normalise_phone
from tests.fixtures import make_case, make_org, make_user

CYRILLIC = "Зульфиягуль Эргашбоевна"
LATIN = "Zulfiyagul Ergashboyevna"
DOCUMENT = "FA7781234"
PHONE = "+998901234567"
NARRATIVE = "Привезли на стройку в Алматы, паспорт забрали"


def _secrets() -> list[bytes]:
    values = [
        CYRILLIC,
        "Зульфиягуль",
        "Эргашбоевна",
        LATIN,
        "Zulfiyagul",
        "Ergashboyevna",
        DOCUMENT,
        PHONE,
        "998901234567",
        "Алматы, паспорт",
        "1991-04-17",
    ]
    encoded = []
    for value in values:
        encoded.append(value.encode("utf-8"))
        encoded.append(value.encode("utf-16-le"))
    return encoded


def _make_distinctive_case():
    org = make_org(name="Disk NGO", country="KZ")
    user = make_user(org=org, roles=["case_manager"])
    first, last = CYRILLIC.split()
    first_lat, last_lat = LATIN.split()
    return make_case(
        user=user,
        person={
            "first_name": first,
            "last_name": last,
            "first_name_latin": first_lat,
            "last_name_latin": last_lat,
            "birth_date": "1991-04-17",
            "id_document_number": DOCUMENT,
            "phone": PHONE,
            "address": "Алматы, ул. Тестовая 1",
            "gender": "Feminine",
        },
        case={"narrative": NARRATIVE},
    ), user


def _assert_no_secret(blob: bytes, where: str) -> None:
    for secret in _secrets():
        assert secret not in blob, f"{secret!r} found in {where}"


@pytest.mark.django_db(transaction=True)
def test_sqlite_file_and_wal_hold_no_personal_data():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite file check")
    case, _user = _make_distinctive_case()
    person = Person.objects.get(pk=case.person_id)
    assert person.first_name == "Зульфиягуль"  # it round-trips through the ORM
    db_path = Path(connection.settings_dict["NAME"])
    blobs = {db_path: db_path.read_bytes()}
    for suffix in ("-wal", "-shm", "-journal"):
        extra = Path(str(db_path) + suffix)
        if extra.exists():
            blobs[extra] = extra.read_bytes()
    assert Path(str(db_path) + "-wal").exists()  # WAL mode is on, and the WAL is checked too
    assert any(len(b) > 0 for b in blobs.values())
    for path, blob in blobs.items():
        _assert_no_secret(blob, str(path))


@pytest.mark.django_db(transaction=True)
def test_postgresql_dump_holds_no_personal_data(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL dump check")
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.fail("pg_dump is needed for this test (apt-get install postgresql-client)")
    _make_distinctive_case()
    params = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": params.get("PASSWORD") or ""}
    out = tmp_path / "dump.sql"
    subprocess.run(
        [
            pg_dump,
            "-h",
            params.get("HOST") or "localhost",
            "-p",
            str(params.get("PORT") or 5432),
            "-U",
            params["USER"],
            "-f",
            str(out),
            params["NAME"],
        ],
        check=True,
        env=env,
    )
    blob = out.read_bytes()
    assert b"cases_person" in blob
    _assert_no_secret(blob, "pg_dump output")


@pytest.mark.django_db(transaction=True)
def test_backup_file_holds_no_personal_data_and_restores(tmp_path):
    case, _user = _make_distinctive_case()
    path = tmp_path / "amanat.backup"
    counts = backup_write(path)
    assert counts["cases.case"] == 1
    raw = path.read_bytes()
    _assert_no_secret(raw, "backup (compressed)")
    _assert_no_secret(gzip.decompress(raw), "backup (decompressed)")

    Person.objects.filter(pk=case.person_id).update(first_name="")
    restored = backup_restore(path)
    assert restored["cases.person"] == 1
    person = Person.objects.get(pk=case.person_id)
    assert person.first_name == "Зульфиягуль"
    assert person.phone == PHONE


@pytest.mark.django_db
def test_blind_index_finds_phone_without_storing_it():
    case, _user = _make_distinctive_case()
    person = Person.objects.get(pk=case.person_id)
    assert person.phone_index == blind_index("phone", normalise_phone("+998 90 123-45-67"))
    assert PHONE not in person.phone_index
    assert Person.objects.filter(phone_index=blind_index("phone", "998901234567")).count() == 1


@pytest.mark.django_db
def test_encrypted_fields_refuse_plaintext_lookups():
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError, match="blind index"):
        list(Person.objects.filter(first_name="x"))
