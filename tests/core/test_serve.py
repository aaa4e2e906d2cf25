"""`amanat serve` starts a real WSGI server that answers /healthz and serves static files."""

from __future__ import annotations

import os
import re
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
@pytest.mark.parametrize("server", [[], ["--workers", "1"]], ids=["waitress", "gunicorn"])
def test_serve_answers_healthz_and_static(tmp_path, server):
    port = _free_port()
    env = {**os.environ, "AMANAT_DATA_DIR": str(tmp_path)}
    env.pop("AMANAT_SECRET_KEY", None)  # first run: the key file is created
    if env.get("DATABASE_URL"):
        env.pop("DATABASE_URL")  # the server uses its own SQLite file in tmp_path
    process = subprocess.Popen(
        [sys.executable, "-m", "amanat.cli", "serve", "--port", str(port), *server],
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
        # Issue 16 finding 1: a favicon (no 404), and one console line per request.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/favicon.ico", timeout=5) as icon:  # noqa: S310
            assert icon.status == 200
            assert icon.headers["Content-Type"] == "image/x-icon"
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/healthz?name=Aigul&phone=77011234567", timeout=5
        ) as response:  # noqa: S310
            assert response.status == 200
        time.sleep(0.5)
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0].decode()
    lines = [line for line in output.splitlines() if " GET /healthz " in line]
    assert lines, output
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GET /healthz 200 \d+ ms", lines[-1])
    assert "Aigul" not in output and "7701" not in output  # never the query string
    assert re.search(r" GET /favicon.ico 301 \d+ ms", output)


def test_request_log_line_has_no_query_string_and_times_the_whole_body():
    import io

    from amanat.platform.requestlog import RequestLog

    def app(environ, start_response):
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"a", b"b"]

    out = io.StringIO()
    body = RequestLog(app, stream=out)(
        {"REQUEST_METHOD": "POST", "PATH_INFO": "/cases/", "QUERY_STRING": "q=Aigul"},
        lambda status, headers, exc_info=None: None,
    )
    assert out.getvalue() == ""  # logged when the body has been sent, not before
    assert b"".join(body) == b"ab"
    assert re.fullmatch(r"\S+ \S+ POST /cases/ 404 \d+ ms\n", out.getvalue())
    assert "Aigul" not in out.getvalue()
