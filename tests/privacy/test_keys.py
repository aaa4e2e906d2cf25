from __future__ import annotations

import json
import stat

import pytest
from django.db import connection

from amanat.cases.models import Person
from amanat.config.keyfile import KEYFILE_NAME, load_or_create_keyfile
from amanat.privacy import crypto
from amanat.privacy.keys import keys_retire, keys_rotate
from tests.fixtures import make_case


def test_keyfile_is_created_owner_only(tmp_path):
    keys = load_or_create_keyfile(tmp_path)
    path = tmp_path / KEYFILE_NAME
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["data_keys"] == keys.data_keys
    # A second load reads the same keys instead of making new ones.
    assert load_or_create_keyfile(tmp_path).data_keys == keys.data_keys


def _raw_first_name(person_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT first_name FROM cases_person WHERE id = %s", [person_id])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_rotation_reencrypts_under_the_new_key_and_retire_drops_the_old(case_manager, settings):
    original_keys = list(crypto.keyset().data_keys)
    case = make_case(user=case_manager, person={"first_name": "Ботир"})
    before = _raw_first_name(case.person_id)
    try:
        report = keys_rotate()
        assert report["rows"] >= 1
        after = _raw_first_name(case.person_id)
        assert after != before
        assert len(crypto.keyset().data_keys) == 2
        crypto.reset_key_cache()
        assert Person.objects.get(pk=case.person_id).first_name == "Ботир"
        assert keys_retire() == 1
        assert crypto.keyset().data_keys[0] not in original_keys
        assert Person.objects.get(pk=case.person_id).first_name == "Ботир"
    finally:
        # Give the rest of the suite its original key back (the test database is rolled back).
        keys = crypto.keyset()
        keys.data_keys = original_keys
        from amanat.config.keyfile import write_keyfile

        write_keyfile(keys, keys.path)
        crypto.reset_key_cache()
