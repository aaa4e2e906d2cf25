"""Background jobs: what `amanat worker` runs, registered by each app (ADR 0021).

An app registers its periodic work in `AppConfig.ready()`:
`register_job("referrals.expire", referrals_expire_due, every=60, description=...)`. The web
server never runs these; the worker runs each when due, under a lock per job, so two workers on
two machines never run the same job at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[], object]
    every: float  # seconds between two runs
    description: str = ""


_jobs: dict[str, Job] = {}  # code configuration filled at start-up, the same in every process


def register_job(name: str, run: Callable[[], object], *, every: float, description: str = ""):
    if every <= 0:
        raise ValueError(f"job {name}: every must be positive")
    _jobs[name] = Job(name, run, float(every), description)


def registered_jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: job.name)
