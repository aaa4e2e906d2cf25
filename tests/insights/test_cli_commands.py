"""The nested `import` / `export` commands can be shared with other apps' kinds."""

from __future__ import annotations

import argparse

import pytest

from amanat.cli import build_parser
from amanat.insights import cli_data


def test_import_and_export_are_nested_commands_with_kinds():
    parser = build_parser()
    args = parser.parse_args(["import", "ctdc", "file.csv", "--name", "x"])
    assert (args.command, args.import_kind, args.name) == ("import", "ctdc", "x")
    args = parser.parse_args(
        ["export", "htcds", "--out", "a.json", "--user", "u", "--purpose", "research"]
    )
    assert (args.export_kind, args.purpose) == ("htcds", "research")
    with pytest.raises(SystemExit):
        parser.parse_args(["import"])  # a kind is required


@pytest.mark.parametrize("first", ["insights", "other"])
def test_another_app_adds_its_own_import_kind_whoever_registers_first(first):
    parser = argparse.ArgumentParser(prog="amanat")
    commands = parser.add_subparsers(dest="command")

    def other_app():
        kinds = cli_data.nested_subparsers(commands, "import", "Import data.")
        kinds.add_parser("directory").set_defaults(func="directory")

    if first == "other":
        other_app()
        cli_data.register(commands)
    else:
        cli_data.register(commands)
        other_app()
    assert parser.parse_args(["import", "directory"]).func == "directory"
    assert parser.parse_args(["import", "ctdc", "f.csv"]).func is cli_data.handle_import_ctdc
