"""Issue 16 finding 1: every data command on a fresh data folder migrates first or prints one
clear line and exits 2 — never an OperationalError traceback (ADR 1600). And every option of
every command says what it does in --help."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from amanat.cli import build_parser

DATA_COMMANDS = [
    ["org", "create", "--name", "Shelter Osh", "--type", "NGO", "--country", "KG"],
    ["audit", "verify"],
    ["export", "ctdc", "--out", "{tmp}/ctdc.csv"],
    ["retention", "run", "--dry-run"],
    ["followup", "reminders"],
    ["referrals", "expire"],
    ["datasets", "list"],
    ["tokens", "prune"],
    ["import", "ctdc", "{tmp}/missing.csv"],
]


def _run(argv: list[str], data_dir) -> subprocess.CompletedProcess:
    env = {**os.environ, "AMANAT_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)  # the data folder's own SQLite file, fresh
    return subprocess.run(
        [sys.executable, "-m", "amanat.cli", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("argv", DATA_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_data_command_on_a_fresh_folder_migrates_first(argv, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    result = _run(argv, data)
    assert "Traceback" not in result.stderr
    assert "OperationalError" not in result.stderr
    assert "no such table" not in result.stderr
    assert "preparing a new database" in result.stderr
    assert result.returncode in (0, 1, 2)
    if result.returncode == 2:  # bad input is one line naming the problem
        errors = [line for line in result.stderr.splitlines() if line.startswith("amanat: error")]
        assert len(errors) == 1
    assert (data / "amanat.sqlite3").exists()


def test_a_database_behind_this_version_is_refused_in_one_line(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    assert _run(["migrate"], data).returncode == 0
    import sqlite3

    with sqlite3.connect(data / "amanat.sqlite3") as db:  # pretend an upgrade is pending
        db.execute("DELETE FROM django_migrations WHERE app = 'referrals'")
    result = _run(["referrals", "expire"], data)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        line for line in result.stderr.strip().splitlines() if line.startswith("amanat: error")
    ]
    assert "migration(s) behind" in result.stderr
    assert "amanat migrate" in result.stderr
    assert "Traceback" not in result.stderr


def _walk(parser: argparse.ArgumentParser, prefix: list[str]):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _walk(sub, [*prefix, name])
        elif not isinstance(action, argparse._HelpAction):
            yield " ".join(prefix), action


def test_every_option_of_every_command_has_a_description():
    missing = [
        f"{command} {'/'.join(action.option_strings) or action.dest}"
        for command, action in _walk(build_parser(), ["amanat"])
        if not (action.help and action.help.strip()) and action.help != argparse.SUPPRESS
    ]
    assert missing == []
