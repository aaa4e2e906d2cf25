"""`amanat worker`: the jobs each app registers, one lock per job, `--once`; and the bad input
of `amanat serve` / `amanat worker`."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from amanat.cli import main as amanat
from amanat.core.jobs import Job, register_job, registered_jobs
from amanat.platform import worker
from amanat.privacy.audit import audit_record, audit_verify
from amanat.privacy.models import AuditEvent

EXPECTED_JOBS = {
    "audit.checkpoint",
    "audit.seal",
    "cases.retention",
    "insights.facts_reconcile",  # ADR 0031
    "insights.facts_refresh",
    "referrals.expire",
    "sessions.clear",
}


def test_worker_once_runs_every_registered_job(db, settings, capsys):
    settings.AMANAT_AUDIT_SEALING = "deferred"
    audit_record(action="case.view", object_type="case", object_id=1)
    assert amanat(["worker", "--once"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{name}: ran" for name in sorted(EXPECTED_JOBS)]
    assert {job.name for job in registered_jobs()} >= EXPECTED_JOBS
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()  # sealed by the worker
    assert audit_verify().checked == 1


def test_worker_runs_only_the_named_job(db, settings, capsys):
    settings.AMANAT_AUDIT_SEALING = "deferred"
    audit_record(action="case.view", object_type="case", object_id=1)
    assert amanat(["worker", "--once", "--job", "referrals.expire"]) == 0
    assert capsys.readouterr().out == "referrals.expire: ran\n"
    assert AuditEvent.objects.get().seq is None  # the sealer did not run


def test_an_unknown_job_is_exit_2_naming_it(db, capsys):
    assert amanat(["worker", "--once", "--job", "nope"]) == 2
    assert "--job: unknown job nope; known: audit.checkpoint" in capsys.readouterr().err


def test_a_failing_job_is_reported_and_the_others_still_run(db, capsys, monkeypatch):
    ran = []

    def boom():
        raise RuntimeError("boom")

    monkeypatch.setitem(
        worker.__dict__,
        "registered_jobs",
        lambda: [
            Job("a.boom", boom, 1.0),
            Job("b.fine", lambda: ran.append(1), 1.0),
        ],
    )
    assert worker.run_once() == {"a.boom": "failed", "b.fine": "ran"}
    assert ran == [1]


def test_a_job_locked_by_another_worker_is_skipped(db):
    """Two workers never run one job at once: the second finds the lock taken and skips."""
    ran = []
    job = Job("test.locked", lambda: ran.append(1), 1.0)
    if connection.vendor == "postgresql":
        held, release = threading.Event(), threading.Event()

        def other_worker() -> None:  # another session holds the advisory lock
            with worker.job_lock(job.name):
                held.set()
                release.wait(10)
            connection.close()

        thread = threading.Thread(target=other_worker)
        thread.start()
        held.wait(5)
        try:
            assert worker.run_job(job) == "skipped"
        finally:
            release.set()
            thread.join(5)
    else:
        with worker.job_lock(job.name) as first:  # another open file: another worker's lock
            assert first is True
            assert worker.run_job(job) == "skipped"
    assert ran == []
    assert worker.run_job(job) == "ran" and ran == [1]


def test_register_job_refuses_a_non_positive_interval():
    with pytest.raises(ValueError, match="job x: every must be positive"):
        register_job("x", lambda: None, every=0)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["serve", "--workers", "0"], "--workers: give a number of processes from 1 to 64."),
        (["serve", "--workers", "65"], "--workers: give a number of processes from 1 to 64."),
        (["serve", "--threads", "0"], "--threads: give a number of threads from 1 to 256."),
    ],
)
def test_serve_refuses_bad_numbers_before_doing_anything(db, argv, message, capsys):
    assert amanat(argv) == 2
    assert message in capsys.readouterr().err


def test_serve_workers_not_a_number_is_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        amanat(["serve", "--workers", "many"])
    assert exit_info.value.code == 2
