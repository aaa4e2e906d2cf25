"""One helper for the commands several apps add to (`amanat import <kind>`), used by insights,
screening and assistance; `import submissions` is added once though two apps register it."""

from __future__ import annotations

import argparse

import pytest

from amanat.cases.fieldwork import cli as fieldwork_cli
from amanat.core.cli_groups import nested_subparsers
from amanat.insights import cli_data


def test_insights_uses_the_shared_helper():
    assert cli_data.nested_subparsers is nested_subparsers


@pytest.mark.parametrize("order", [("insights", "fieldwork", "fieldwork"),
                                   ("fieldwork", "insights", "fieldwork")])  # fmt: skip
def test_submissions_is_added_once_whoever_registers_first(order):
    parser = argparse.ArgumentParser(prog="amanat")
    commands = parser.add_subparsers(dest="command")
    for app in order:
        if app == "insights":
            cli_data.register(commands)
        else:  # screening and assistance both call this
            fieldwork_cli.register_submissions(commands)
    kinds = nested_subparsers(commands, "import", "Import data.")
    assert sorted(kinds.choices) == ["ctdc", "htcds", "submissions"]
    args = parser.parse_args(["import", "submissions", "f.json", "--guide", "g", "--user", "u"])
    assert args.func is fieldwork_cli.handle_import
    assert parser.parse_args(["import", "ctdc", "f.csv"]).func is cli_data.handle_import_ctdc


def test_the_real_command_line_has_one_submissions_command():
    from amanat.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    kinds = nested_subparsers(commands, "import", "")
    assert {"ctdc", "htcds", "submissions"} <= set(kinds.choices)
    assert parser.parse_args(["import", "submissions", "--guide", "needs-assessment", "--user",
                              "u"]).func is fieldwork_cli.handle_import  # fmt: skip
