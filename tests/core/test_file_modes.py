"""Every file Amanat writes is owner-only (0600), whatever the umask and whatever the path.

The CLI also sets umask 077 (defence in depth); these tests turn that off and run with the usual
umask 022, so each write site is proven private on its own.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from amanat.cli import main as amanat
from amanat.config.files import open_private, write_private
from tests.insights.helpers import open_case, research_consent, world
from tests.training.conftest import demo_event  # noqa: F401 - a fixture used below


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask(monkeypatch):
    """The usual umask (files 0644 by default) and no process-wide 077 from the CLI."""
    monkeypatch.setattr("amanat.config.files.restrict_process_umask", lambda: None)
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_helpers_write_0600_new_and_existing_files(tmp_path, loose_umask):
    existing = tmp_path / "old.csv"
    existing.write_text("x")
    existing.chmod(0o644)
    with open_private(existing, "w") as handle:
        handle.write("y")
    write_private(tmp_path / "new.bin", b"z")
    with open_private(tmp_path / "log.jsonl", "a") as handle:
        handle.write("1\n")
    assert [mode(p) for p in (existing, tmp_path / "new.bin", tmp_path / "log.jsonl")] == [
        0o600
    ] * 3
    assert existing.read_text() == "y"
    assert not (tmp_path / "new.bin.tmp").exists()
    with pytest.raises(ValueError):
        open_private(tmp_path / "r", "r")


def test_the_cli_sets_an_owner_only_umask(tmp_path, db):  # audit verify reads the database
    previous = os.umask(0o022)
    try:
        assert amanat(["audit", "verify", "--expect-head", "nothex"]) == 2
        assert os.umask(0o022) == 0o077
    finally:
        os.umask(previous)


def test_a_new_sqlite_database_and_its_wal_and_shm_are_0600(tmp_path):
    """Settings create the database file 0600 before SQLite opens it; no CLI umask involved."""
    data = tmp_path / "data"
    script = (
        "import os; os.umask(0o022); import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('CREATE TABLE t (x)'); c.execute('INSERT INTO t VALUES (1)')\n"
        "    assert c.execute('PRAGMA journal_mode').fetchone()[0] == 'wal'\n"
        "    import stat, pathlib\n"
        "    for name in ('amanat.sqlite3', 'amanat.sqlite3-wal', 'amanat.sqlite3-shm'):\n"
        "        p = pathlib.Path(os.environ['AMANAT_DATA_DIR']) / name\n"
        "        print(name, oct(stat.S_IMODE(p.stat().st_mode)))\n"
    )
    env = {
        **os.environ,
        "AMANAT_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "amanat.settings",
    }
    env.pop("DATABASE_URL", None)
    env.pop("AMANAT_SECRET_KEY", None)  # so the key file is created too
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "amanat.sqlite3",
        "0o600",
        "amanat.sqlite3-wal",
        "0o600",
        "amanat.sqlite3-shm",
        "0o600",
    ]
    assert mode(data / "amanat.key") == 0o600
    assert mode(data) == 0o700


@pytest.mark.django_db(transaction=True)
def test_backup_out_is_0600_even_over_an_existing_file(tmp_path, loose_umask):
    out = tmp_path / "backup.json.gz"
    out.write_bytes(b"old")
    out.chmod(0o644)
    assert amanat(["backup", "--out", str(out)]) == 0
    assert mode(out) == 0o600
    assert not Path(str(out) + ".tmp").exists()


@pytest.mark.django_db
def test_every_cli_export_is_0600(tmp_path, loose_umask, capsys):
    w = world()
    for _ in range(12):
        research_consent(w["cm_kz"], open_case(w["cm_kz"], birth="1990-01-01"))
    commands = {
        "directory.csv": ["directory", "export", "--out", "{out}"],
        "directory.xlsx": ["directory", "export", "--out", "{out}"],
        "ctdc.csv": ["export", "ctdc", "--out", "{out}", "--k", "2"],
        "micro.sav": ["export", "microdata", "--format", "sav", "--k", "2", "--out", "{out}"],
        "report.docx": ["report", "--dataset", "cases", "--out", "{out}"]
        + ["--xlsx", str(tmp_path / "report.xlsx")],
        # A file-to-file command, reading the CTDC file written above.
        "anon.csv": ["ctdc", "anonymise", str(tmp_path / "ctdc.csv"), "--out", "{out}"]
        + ["--quasi-identifiers", "gender,ageBroad", "--k", "2"],
    }
    for name, argv in commands.items():
        out = tmp_path / name
        assert amanat([part.format(out=out) for part in argv]) == 0, name
    written = sorted(p.name for p in tmp_path.iterdir())
    codebook = ["micro-codebook.xlsx", "micro-codebook.docx", "micro-anonymisation.json"]
    assert written == sorted([*commands, "report.xlsx", *codebook])
    assert {p.name: mode(p) for p in tmp_path.iterdir()} == dict.fromkeys(written, 0o600)


def test_synthetic_data_file_is_0600(tmp_path, loose_umask, capsys):
    lines = ["gender,ageBroad,citizenship,yearOfRegistration"]
    for i in range(600):
        gender, age = ("Female", "Male")[i % 2], ("18--20", "30--38", "-99")[i % 3]
        lines.append(f"{gender},{age},{('KZ', 'KG')[i % 4 == 0]},{2015 + i % 3}")
    source = tmp_path / "in.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    source.chmod(0o600)
    synth = tmp_path / "synth.csv"
    argv = ["synth", "--input", str(source), "--epsilon", "4", "--out", str(synth)]
    assert amanat([*argv, "--columns", "gender,ageBroad,citizenship", "--seed", "1"]) == 0
    assert mode(synth) == 0o600


def test_training_report_is_0600(demo_event, tmp_path, loose_umask, capsys):  # noqa: F811
    event, trainer = demo_event
    for kind, name in (("final", "r.docx"), ("tables", "t.xlsx")):
        out = tmp_path / name
        argv = ["training", "report", "--event", str(event.pk), "--user", trainer.username]
        assert amanat([*argv, "--kind", kind, "--output", str(out)]) == 0
        assert mode(out) == 0o600
