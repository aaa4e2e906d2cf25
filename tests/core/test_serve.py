"""`amanat serve` starts a real WSGI server that answers /healthz and serves static files."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_serve_answers_healthz_and_static(tmp_path):
    port = _free_port()
    env = {**os.environ, "AMANAT_DATA_DIR": str(tmp_path)}
    env.pop("AMANAT_SECRET_KEY", None)  # first run: the key file is created
    if env.get("DATABASE_URL"):
        env.pop("DATABASE_URL")  # the server uses its own SQLite file in tmp_path
    process = subprocess.Popen(
        [sys.executable, "-m", "amanat.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        body = b""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=2
                ) as response:  # noqa: S310
                    body = response.read()
                    break
            except OSError:
                time.sleep(0.3)
        assert body == b'{"status": "ok"}'
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/vendor/htmx/htmx.min.js", timeout=5
        ) as response:  # noqa: S310
            assert response.status == 200
        assert (tmp_path / "amanat.sqlite3").exists()
        assert oct((tmp_path / "amanat.key").stat().st_mode)[-3:] == "600"
    finally:
        process.terminate()
        process.wait(timeout=10)
