"""Fault tests against real servers (issue 13): kill -9 of a pre-fork worker during writes, and
a PostgreSQL restart during requests. No acknowledged write is lost, none is half-written, and
the audit chain verifies afterwards. PostgreSQL only: pytest's SQLite file cannot be shared
safely with a server in another process, and the restart needs a cluster of the test's own."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from amanat.accounts.tokens import api_token_issue
from amanat.cases.models import Case
from amanat.privacy.audit import audit_verify
from amanat.privacy.audit_chain import seal_pending
from amanat.privacy.models import AuditEvent
from tests.fixtures import make_org, make_user
from tests.scale.servers import AMANAT, Cluster, Server, children, pg_bin, request

DEFERRED = {"AMANAT_AUDIT_SEALING": "deferred"}


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: a server process cannot share pytest's SQLite file safely")


def _test_database_url() -> str:
    s = connection.settings_dict
    return f"postgresql://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _new_case(number: int) -> dict:
    return {"first_name": f"Имя{number}", "last_name": "Фамилия", "confirm_not_duplicate": True}


@pytest.mark.django_db(transaction=True)
def test_kill_9_of_a_worker_during_writes_loses_and_halves_nothing(postgresql):
    user = make_user(org=make_org(country="KG"))
    token = api_token_issue(user=user)
    server = Server(_test_database_url(), workers=2, threads=2, env=DEFERRED)
    outcomes: list[tuple[int, object]] = []
    killed: list[int] = []
    try:

        def write(number: int) -> None:
            outcomes.append(request(server.base, "POST", "/api/cases", token, _new_case(number)))
            if len(outcomes) == 15 and not killed:  # writes are in flight on both workers
                victim = children(server.process.pid)[0]
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(write, range(60)))
        # The master replaces the killed worker and the server goes on answering.
        status, _ = request(server.base, "POST", "/api/cases", token, _new_case(99))
        assert status == 201
        assert killed and killed[0] not in children(server.process.pid)
    finally:
        server.stop()
    statuses = {status for status, _ in outcomes}
    assert statuses <= {201, 0}, statuses  # acknowledged, or the connection was cut
    acknowledged = {body["id"] for status, body in outcomes if status == 201}
    assert len(acknowledged) >= 50
    stored = set(Case.objects.values_list("id", flat=True))
    assert acknowledged <= stored  # nothing acknowledged is lost
    for case in Case.objects.select_related("person"):  # nothing half-written
        assert case.person.first_name.startswith("Имя")
        assert AuditEvent.objects.filter(action="case.create", object_id=str(case.pk)).count() == 1
    assert AuditEvent.objects.filter(seq__isnull=True).count() > 0  # the server appended unsealed
    seal_pending()
    result = audit_verify()
    assert (result.ok, result.unsealed) == (True, 0), result.reason


_BOOTSTRAP = """
from amanat.accounts.tokens import api_token_issue
from tests.fixtures import make_org, make_user
print(api_token_issue(user=make_user(org=make_org(country="KG"))))
"""


def _in_cluster(url: str, *args: str, script: str | None = None) -> str:
    env = {**os.environ, "DATABASE_URL": url, **DEFERRED}
    # The test's own interpreter: the venv's python beside the `amanat` script.
    command = [AMANAT, *args] if script is None else [sys.executable, "-c"]
    if script is not None:
        script = "import django; django.setup()\n" + script
        command.append(script)
        env["DJANGO_SETTINGS_MODULE"] = "amanat.settings"
    done = subprocess.run(  # noqa: S603 - our own tools
        command, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_postgresql_restart_during_requests_loses_nothing_acknowledged(postgresql):
    bin_dir = pg_bin()
    if bin_dir is None:
        pytest.skip("pg_ctl not found under /usr/lib/postgresql/*/bin")
    try:
        cluster = Cluster(bin_dir)
    except (subprocess.SubprocessError, OSError) as error:
        pytest.skip(f"cannot start a PostgreSQL cluster of the test's own here: {error}")
    try:
        url = cluster.url.replace("/postgres", "/amanat")
        subprocess.run(  # noqa: S603
            [str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(cluster.port), "-U"]
            + ["amanat", "amanat"],
            check=True,
            capture_output=True,
        )
        _in_cluster(url, "migrate")
        token = _in_cluster(url, script=_BOOTSTRAP).strip().splitlines()[-1]
        server = Server(url, workers=2, threads=2, env=DEFERRED)
        outcomes: list[tuple[int, object]] = []
        stop = threading.Event()
        try:

            def load() -> None:
                number = 0
                while not stop.is_set():
                    number += 1
                    outcomes.append(
                        request(server.base, "POST", "/api/cases", token, _new_case(number))
                    )

            writers = [threading.Thread(target=load) for _ in range(3)]
            for writer in writers:
                writer.start()
            time.sleep(1.5)
            cluster.restart()
            time.sleep(1.5)
            stop.set()
            for writer in writers:
                writer.join(30)
            # After the restart the same server answers again, without being restarted itself.
            deadline, status = time.monotonic() + 15, 0
            while status != 201 and time.monotonic() < deadline:
                status, body = request(server.base, "POST", "/api/cases", token, _new_case(0))
            assert status == 201
            assert server.process.poll() is None
        finally:
            server.stop()
        acknowledged = {body["id"] for status, body in outcomes if status == 201}
        assert len(acknowledged) >= 3
        assert {status for status, _ in outcomes} <= {201, 500, 503, 0}
        stored = _in_cluster(
            url,
            script="from amanat.cases.models import Case\n"
            "print(sorted(Case.objects.values_list('id', flat=True)))",
        )
        assert acknowledged <= set(eval(stored.strip().splitlines()[-1]))  # noqa: S307
        _in_cluster(url, "worker", "--once", "--job", "audit.seal")
        verified = _in_cluster(url, "audit", "verify")
        assert verified.startswith("Audit log verified:")
    finally:
        cluster.destroy()


@pytest.mark.django_db(transaction=True)
def test_two_servers_on_two_ports_answer_as_one(postgresql):
    """Stateless servers: what one server wrote, the other reads at once, with the same token;
    another organisation's case answers 404 on both."""
    user = make_user(org=make_org(country="KG"))
    stranger = make_user(org=make_org(country="KZ"))
    token, other_token = api_token_issue(user=user), api_token_issue(user=stranger)
    first = Server(_test_database_url(), workers=1, threads=2, env=DEFERRED)
    try:
        second = Server(_test_database_url(), workers=1, threads=2, env=DEFERRED)
        try:
            status, created = request(first.base, "POST", "/api/cases", token, _new_case(1))
            assert status == 201
            status, read = request(second.base, "GET", f"/api/cases/{created['id']}", token)
            assert (status, read["code"]) == (200, created["code"])
            for server in (first, second):
                path = f"/api/cases/{created['id']}"
                assert request(server.base, "GET", path, other_token)[0] == 404
        finally:
            second.stop()
    finally:
        first.stop()
    seal_pending()
    assert audit_verify().ok
