from __future__ import annotations

import io

import pytest

from amanat.accounts.models import Organisation, User
from amanat.cli import main as amanat
from tests.fixtures import PASSWORD, make_case


def test_org_and_user_create(db, monkeypatch, capsys):
    assert (
        amanat(
            [
                "org",
                "create",
                "--name",
                "Shelter Osh",
                "--type",
                "NGO",
                "--country",
                "KG",
                "--region",
                "KG-O",
            ]
        )
        == 0
    )
    org = Organisation.objects.get(name="Shelter Osh")
    assert (org.country, org.region, org.org_type) == ("KG", "KG-O", "NGO")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert (
        amanat(
            [
                "user",
                "create",
                "--username",
                "aida",
                "--org",
                "Shelter Osh",
                "--role",
                "case_manager,service_provider",
                "--password-stdin",
            ]
        )
        == 0
    )
    user = User.objects.get(username="aida")
    assert user.roles == {"case_manager", "service_provider"}
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["org", "create", "--name", "X", "--type", "Bank", "--country", "KZ"],
            "Unknown organisation type",
        ),
        (["org", "create", "--name", "X", "--type", "NGO", "--country", "QQ"], "ISO 3166"),
        (
            [
                "org",
                "create",
                "--name",
                "X",
                "--type",
                "NGO",
                "--country",
                "KZ",
                "--region",
                "KG-O",
            ],
            "not a region",
        ),
        (
            [
                "user",
                "create",
                "--username",
                "u",
                "--org",
                "Nowhere",
                "--role",
                "case_manager",
                "--password-stdin",
            ],
            "No organisation",
        ),
    ],
)
def test_bad_cli_input_exits_2_with_a_message(db, argv, message, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert amanat(argv) == 2
    assert message in capsys.readouterr().err
    assert not Organisation.objects.filter(name="X").exists()


def test_user_create_rejects_unknown_role_and_weak_password(org, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert (
        amanat(
            [
                "user",
                "create",
                "--username",
                "u1",
                "--org",
                str(org.pk),
                "--role",
                "boss",
                "--password-stdin",
            ]
        )
        == 2
    )
    assert "Unknown role" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert (
        amanat(
            [
                "user",
                "create",
                "--username",
                "u2",
                "--org",
                str(org.pk),
                "--role",
                "trainer",
                "--password-stdin",
            ]
        )
        == 2
    )
    assert "too short" in capsys.readouterr().err
    assert not User.objects.filter(username__in=["u1", "u2"]).exists()


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(tmp_path, capsys):
    from tests.fixtures import make_org, make_user

    org = make_org(name="Backup NGO")
    user = make_user(org=org, roles=["case_manager"])
    case = make_case(user=user, person={"first_name": "Шахло", "phone": "+992900000001"})
    out = tmp_path / "b.gz"
    assert amanat(["backup", "--out", str(out)]) == 0
    case.person.__class__.objects.all().update(first_name="")
    assert amanat(["restore", str(out), "--yes"]) == 0
    from amanat.cases.models import Case
    from amanat.privacy.audit import audit_verify

    restored = Case.objects.select_related("person").get(pk=case.pk)
    assert restored.person.first_name == "Шахло"
    assert restored.code == case.code
    assert audit_verify().ok  # the chain survives the round trip
    # New rows after a restore get fresh ids (sequences were reset).
    assert make_case(user=User.objects.get(pk=user.pk)).pk > case.pk


def test_restore_rejects_a_file_that_is_not_a_backup(db, tmp_path, capsys):
    bogus = tmp_path / "x.gz"
    bogus.write_bytes(b"not a backup")
    assert amanat(["restore", str(bogus), "--yes"]) == 2
    assert "not an Amanat backup" in capsys.readouterr().err
    assert amanat(["restore", str(tmp_path / "missing.gz"), "--yes"]) == 2


def test_demo_seed_only_loads_once(db, capsys):
    assert amanat(["demo", "--seed-only"]) == 0
    captured = capsys.readouterr()
    out = captured.out
    assert "casemanager" in out and "Amanat-demo-2026" in out
    # Issue 16 finding 1: progress while seeding (plain lines: stderr is not a terminal here).
    progress = captured.err.splitlines()
    assert progress[:3] == [
        "Preparing the database...",
        "Demo data: opening cases...",
        "Demo data: opening cases: 20/200",
    ]
    assert "Demo data: opening cases: done (200/200)" in progress
    assert "Demo data: referrals..." in progress
    from amanat.cases.models import Case

    count = Case.objects.count()
    assert count >= 200
    assert set(Organisation.objects.values_list("country", flat=True)) >= {"KZ", "KG", "TJ"}
    roles = {r for u in User.objects.all() for r in u.roles}
    assert roles == {
        "case_manager",
        "supervisor",
        "service_provider",
        "law_enforcement",
        "nrm_coordinator",
        "researcher",
        "trainer",
        "administrator",
    }
    assert amanat(["demo", "--seed-only"]) == 0
    assert Case.objects.count() == count
