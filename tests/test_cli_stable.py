"""The command line only grows: every command and option recorded before the renovation (issue 11)
is still there with the same arguments, choices and defaults.

`tests/cli_snapshot.txt` holds one line per option: `amanat <command...> :: <flags> nargs= choices=
default=`. A new command or option passes; a removed or changed one fails. Regenerate the snapshot
only for an intended breaking change.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from amanat.cli import build_parser

SNAPSHOT = Path(__file__).with_name("cli_snapshot.txt")


def _options(parser: argparse.ArgumentParser, prefix: list[str]) -> list[str]:
    lines = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in sorted(action.choices.items()):
                lines += _options(sub, [*prefix, name])
        else:
            flags = ",".join(action.option_strings or [action.dest])
            choices = sorted(action.choices) if action.choices else None
            lines.append(
                f"{' '.join(prefix)} :: {flags} nargs={action.nargs} choices={choices} "
                f"default={action.default!r}"
            )
    return lines


def test_every_recorded_command_and_option_is_unchanged():
    current = set(_options(build_parser(), ["amanat"]))
    recorded = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    assert [line for line in recorded if line not in current] == []
