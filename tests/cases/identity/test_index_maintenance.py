"""The name index follows every change: edit, transfer, retention erasure, key rotation,
backup and restore, `amanat names reindex`."""

from __future__ import annotations

import datetime as dt

import pytest

from amanat.cases.consent import consent_record
from amanat.cases.identity import find_similar_persons
from amanat.cases.identity.index import index_state
from amanat.cases.lifecycle import case_transfer
from amanat.cases.models import Case, NameIndexState, PersonNameKey
from amanat.cases.retention import retention_apply
from amanat.cases.services import case_edit, person_update
from amanat.cli import main as cli_main
from amanat.config.keyfile import write_keyfile
from amanat.platform.backup import backup_restore, backup_write
from amanat.privacy import crypto
from amanat.privacy.keys import keys_rotate
from amanat.privacy.models import AuditEvent
from tests.fixtures import make_case, make_org, make_user

pytestmark = pytest.mark.django_db


def _ids(org_id, name, **kwargs):
    return [m.person_id for m in find_similar_persons(organisation_id=org_id, first_name=name)]


def _keys(person_id):
    return sorted(PersonNameKey.objects.filter(person_id=person_id).values_list("kind", "key"))


def _register(user, first="Дильшод", last="Гафуров"):
    return make_case(user=user, person={"first_name": first, "last_name": last})


def test_registration_writes_keys_and_an_edit_of_the_names_rewrites_them(case_manager):
    case = _register(case_manager)
    before = _keys(case.person_id)
    assert len(before) >= 6
    assert _ids(case_manager.organisation_id, "Gafurov Dilshod") == [case.person_id]
    person_update(
        user=case_manager, case_id=case.pk, changes={"last_name": "Ким", "first_name": "Олег"}
    )
    assert _keys(case.person_id) != before
    assert _ids(case_manager.organisation_id, "Gafurov Dilshod") == []
    assert _ids(case_manager.organisation_id, "Kim Oleg") == [case.person_id]
    # The combined edit (web form, PATCH) goes through the same save.
    case_edit(user=case_manager, case_id=case.pk, person={"first_name_latin": "Farrukh"}, case={})
    assert _ids(case_manager.organisation_id, "Farrukh") == [case.person_id]


def test_an_edit_of_other_fields_leaves_the_keys_alone(case_manager):
    case = _register(case_manager)
    rows = list(PersonNameKey.objects.filter(person_id=case.person_id).values_list("pk", flat=True))
    person_update(user=case_manager, case_id=case.pk, changes={"gender": "Feminine"})
    assert (
        list(PersonNameKey.objects.filter(person_id=case.person_id).values_list("pk", flat=True))
        == rows
    )


def test_a_transfer_moves_the_keys_to_the_receiving_organisation(case_manager):
    case = _register(case_manager)
    receiving = make_org(name="Khujand NGO", country="TJ")
    make_user(org=receiving, roles=["case_manager"])
    consent_record(
        user=case_manager,
        case_id=case.pk,
        purpose="referral",
        method="written",
        granted=True,
        given_on=dt.date.today(),
        recipient_organisation_id=receiving.pk,
    )
    case_transfer(user=case_manager, case_id=case.pk, to_organisation_id=receiving.pk)
    assert set(
        PersonNameKey.objects.filter(person_id=case.person_id).values_list(
            "organisation_id", flat=True
        )
    ) == {receiving.pk}
    assert _ids(case_manager.organisation_id, "Гафуров Дильшод") == []
    assert _ids(receiving.pk, "Гафуров Дильшод") == [case.person_id]


def test_retention_erasure_deletes_the_keys(case_manager):
    case = _register(case_manager)
    kept = _register(case_manager, first="Сардор", last="Хўжаев")
    Case.objects.filter(pk=case.pk).update(retention_until=dt.date(2020, 1, 1))
    retention_apply()
    assert _keys(case.person_id) == []
    assert _keys(kept.person_id) != []
    assert _ids(case_manager.organisation_id, "Гафуров Дильшод") == []
    # A rebuild does not bring an anonymised person back.
    cli_main(["names", "reindex"])
    assert _keys(case.person_id) == []


def test_key_rotation_rekeys_the_index_and_search_still_finds(case_manager):
    case = _register(case_manager)
    before = _keys(case.person_id)
    generation = index_state().generation
    original = list(crypto.keyset().data_keys)
    try:
        keys_rotate()
        assert index_state().generation == generation + 1
        after = _keys(case.person_id)
        # Every kind is re-keyed; counts may differ by a collision of the truncated keys
        # (9-11 bits, by design), so compare kinds, not lengths.
        assert after != before and {k for k, _ in after} == {k for k, _ in before}
        assert _ids(case_manager.organisation_id, "Ghafurov Dilshod") == [case.person_id]
    finally:  # the key file is shared by the whole test run: put it back as it was
        keys = crypto.keyset()
        keys.data_keys = original
        write_keyfile(keys, keys.path)
        crypto.reset_key_cache()


def test_names_reindex_command_rebuilds_and_is_audited(case_manager, capsys):
    case = _register(case_manager)
    before = _keys(case.person_id)
    PersonNameKey.objects.all().delete()
    assert _ids(case_manager.organisation_id, "Гафуров") == []
    assert cli_main(["names", "reindex"]) == 0
    assert "1 person(s)" in capsys.readouterr().out
    assert _keys(case.person_id) == before
    assert cli_main(["names", "reindex", "--new-key"]) == 0
    assert _keys(case.person_id) != before
    assert _ids(case_manager.organisation_id, "Гафуров") == [case.person_id]
    audits = AuditEvent.objects.filter(action="names.reindex").order_by("seq")
    assert [e.extra["new_key"] for e in audits] == [False, True]


@pytest.mark.django_db(transaction=True)
def test_restore_leaves_a_working_index_and_the_backup_holds_no_keys(tmp_path):
    user = make_user(org=make_org(name="Restore NGO", country="KG"), roles=["case_manager"])
    case = _register(user)
    path = tmp_path / "amanat.backup"
    counts = backup_write(path)
    assert "cases.personnamekey" not in counts  # derived: never in a backup
    PersonNameKey.objects.all().delete()
    NameIndexState.objects.all().delete()
    restored = backup_restore(path)
    assert restored["cases.personnamekey"] == len(_keys(case.person_id)) >= 6
    assert _ids(user.organisation_id, "Ghafurov Dilshod") == [case.person_id]


def test_an_edit_of_the_birth_date_moves_the_year_the_postings_rank_by(case_manager):
    case = make_case(
        user=case_manager,
        person={"first_name": "Дильшод", "last_name": "Гафуров", "birth_date": "1990-05-01"},
    )
    years = PersonNameKey.objects.filter(person_id=case.person_id).values_list(
        "birth_year", flat=True
    )
    assert set(years) == {1990}
    person_update(user=case_manager, case_id=case.pk, changes={"birth_date": "1991-05-01"})
    assert set(years.all()) == {1991}
