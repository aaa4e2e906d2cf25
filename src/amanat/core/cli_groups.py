"""Command groups several apps add to (`amanat import <kind>`, `amanat export <kind>`).

Below every app that registers commands, so insights, screening and assistance share one helper
instead of a copy each (apps on one floor may not import each other).
"""

from __future__ import annotations

import argparse


def nested_subparsers(subparsers: argparse._SubParsersAction, name: str, help_text: str):
    """The sub-parsers of the nested command `name` (e.g. `import`), created on first use.

    Any app may call this with the same name and add its own kind (`amanat import <kind>`); the
    command is created by whichever app registers first and shared by the others.
    """
    parser = subparsers.choices.get(name)
    if parser is None:
        parser = subparsers.add_parser(name, help=help_text)
        nested = parser.add_subparsers(dest=f"{name}_kind", metavar="KIND")
        nested.required = True
        return nested
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    raise RuntimeError(f"`amanat {name}` exists but takes no sub-command")


def subcommand(kinds: argparse._SubParsersAction, name: str) -> argparse.ArgumentParser | None:
    """The kind `name` if an app already added it (a kind shared by two apps is added once)."""
    return kinds.choices.get(name)
