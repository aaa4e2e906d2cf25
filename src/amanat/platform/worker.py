"""`amanat worker`: the background work, out of the web servers (ADR 0021).

Runs every job registered with `amanat.core.jobs.register_job` (and the platform's own: audit
sealing and checkpoints, expired sessions) when it is due. Each run takes a lock named after the
job (a PostgreSQL advisory lock; on SQLite a file lock in the data folder), so any number of
workers, on any number of machines, never run one job twice at once: a worker that finds the
lock taken skips the job until its next turn. `--once` runs every job once (tests, cron).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import signal
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import connection

from amanat.core.jobs import Job, register_job, registered_jobs
from amanat.errors import UsageError

logger = logging.getLogger("amanat.worker")


def _lock_key(name: str) -> int:
    # A stable signed 64-bit key per job name (advisory locks take a bigint).
    return int.from_bytes(
        hashlib.sha256(f"amanat-job:{name}".encode()).digest()[:8], "big", signed=True
    )


@contextlib.contextmanager
def job_lock(name: str) -> Iterator[bool]:
    """Yields True if this process holds the job's lock for the block, False if another does."""
    if connection.vendor == "postgresql":
        key = _lock_key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            held = bool(cursor.fetchone()[0])
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    try:
        import fcntl
    except ImportError:  # Windows: one worker per installation (docs/deployment.md)
        yield True
        return
    folder = settings.DATA_DIR / "jobs"
    folder.mkdir(exist_ok=True, mode=0o700)
    with open(folder / f"{name}.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_job(job: Job) -> str:
    """Run one job under its lock: "ran", "skipped" (locked elsewhere) or "failed"."""
    try:
        with job_lock(job.name) as held:
            if not held:
                return "skipped"
            started = time.monotonic()
            result = job.run()
            logger.info("job %s: %s (%.2f s)", job.name, result, time.monotonic() - started)
            return "ran"
    except Exception:  # one job's failure must not stop the others; it is logged with its trace
        logger.exception("job %s failed", job.name)
        if not connection.in_atomic_block:  # a connection broken by a database restart:
            connection.close_if_unusable_or_obsolete()  # opened afresh for the next job
        return "failed"


def _selected(names: list[str] | None) -> list[Job]:
    jobs = registered_jobs()
    if not names:
        return jobs
    known = {job.name: job for job in jobs}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UsageError(
            f"--job: unknown job {', '.join(unknown)}; known: {', '.join(sorted(known))}."
        )
    return [known[name] for name in names]


def run_once(names: list[str] | None = None) -> dict[str, str]:
    return {job.name: run_job(job) for job in _selected(names)}


def run_forever(names: list[str] | None = None, *, tick: float = 0.5) -> None:
    jobs = _selected(names)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    due = {job.name: 0.0 for job in jobs}
    while not stopping:
        now = time.monotonic()
        for job in jobs:
            if due[job.name] <= now and not stopping:
                run_job(job)
                due[job.name] = time.monotonic() + job.every
        time.sleep(max(0.05, min(tick, min(due.values()) - time.monotonic())))


def _audit_checkpoint() -> object:
    from amanat.privacy.anchoring import checkpoint_write

    try:
        return checkpoint_write().seq
    except UsageError:  # an empty log: nothing to checkpoint yet
        return None


def _clear_sessions() -> None:
    from django.core.management import call_command

    call_command("clearsessions")


def register_platform_jobs() -> None:
    """The jobs of the layers below core (privacy) and of Django itself."""
    from amanat.privacy.audit_chain import seal_pending

    register_job(
        "audit.seal",
        seal_pending,
        every=settings.AMANAT_AUDIT_SEAL_SECONDS,
        description="chain audit entries written without a lock (ADR 0020)",
    )
    register_job(
        "audit.checkpoint",
        _audit_checkpoint,
        every=600,
        description="sign the chain head (and append it to the anchor file, if set)",
    )
    register_job("sessions.clear", _clear_sessions, every=86400, description="expired sessions")
