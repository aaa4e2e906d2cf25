"""What may refuse a case's closure: an extension point for the apps above cases.

An app registers `fn(case)` once (in its AppConfig.ready); `case_close` calls every guard inside
its transaction, with the case row locked, before anything is written. A guard refuses by
raising an `amanat.errors` exception (usually `Conflict` naming the field); returning means no
objection. Assistance registers "no closure while a support plan is open".
"""

from __future__ import annotations

from collections.abc import Callable

from amanat.cases.models import Case

ClosureGuard = Callable[[Case], None]

_guards: list[ClosureGuard] = []


def register_closure_guard(guard: ClosureGuard) -> None:
    if guard not in _guards:
        _guards.append(guard)


def closure_guards_check(case: Case) -> None:
    """Run every registered guard; the first refusal propagates."""
    for guard in _guards:
        guard(case)
