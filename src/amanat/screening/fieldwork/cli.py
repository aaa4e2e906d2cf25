"""`amanat guides xlsform` and `amanat import submissions`: defined once for every field form in
`amanat.cases.fieldwork.cli`; screening adds them to its `guides` command and the shared
`import` command."""

from __future__ import annotations

import argparse

from amanat.cases.fieldwork.cli import add_xlsform_command, register_submissions


def register(subparsers: argparse._SubParsersAction, guides: argparse._SubParsersAction) -> None:
    add_xlsform_command(guides)
    register_submissions(subparsers)
