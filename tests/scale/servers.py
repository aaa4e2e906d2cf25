"""Real servers for the fault tests: `amanat serve --workers N` in a subprocess, and a
throw-away PostgreSQL cluster of the test's own (pg_ctl), so a restart hurts nobody else."""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

AMANAT = str(Path(sys.executable).with_name("amanat"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children(pid: int) -> list[int]:
    found = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(Path(stat).parent.name))
    return sorted(found)


def request(base: str, method: str, path: str, token: str, body=None, timeout: float = 10):
    """(status, json or None); status 0 when the connection failed (nothing acknowledged)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(  # noqa: S310 - loopback http only
        base + path,
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310 - loopback
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None
    except (OSError, urllib.error.URLError):
        return 0, None


class Server:
    def __init__(self, database_url: str, *, workers: int = 2, threads: int = 2, env=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        environment = {**os.environ, "DATABASE_URL": database_url, **(env or {})}
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - kept open for the server's life
            prefix="amanat-serve-", suffix=".log", delete=False
        )
        self.process = subprocess.Popen(  # noqa: S603 - our own console script
            [AMANAT, "serve", "--workers", str(workers), "--threads", str(threads)]
            + ["--port", str(self.port)],
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.wait_ready()

    def wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the server stopped: " + Path(self.log.name).read_text())
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(self.base + "/healthz", timeout=2) as response,  # noqa: S310
            ):
                if response.status == 200 and len(children(self.process.pid)) > 0:
                    return
            time.sleep(0.2)
        raise RuntimeError("the server did not answer /healthz: " + Path(self.log.name).read_text())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.log.close()
        os.unlink(self.log.name)


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


class Cluster:
    """initdb + pg_ctl in a temporary folder, as the postgres user when run as root."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="amanat-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.root, "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "amanat", "--auth=trust", "-E", "UTF8")
        self.start()
        self.url = f"postgresql://amanat@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run(  # noqa: S603 - PostgreSQL's own tools
            [*self.as_user, str(self.bin / tool), *args],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def _options(self) -> str:
        return f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"

    def start(self) -> None:
        log = str(self.root / "log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-o", self._options(), "-w", "start")

    def restart(self) -> None:
        log = str(self.root / "log")
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            log,
            "-o",
            self._options(),
            "-m",
            "fast",
            "-w",
            "restart",
        )

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
