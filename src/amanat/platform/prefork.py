"""`amanat serve --workers N`: gunicorn's pre-fork server, N processes sharing nothing but the
database (ADR 0021). Windows has no fork: there, and when gunicorn is not installed, `serve`
falls back to one waitress process."""

from __future__ import annotations

import importlib.util
import sys


def gunicorn_available() -> bool:
    return sys.platform != "win32" and importlib.util.find_spec("gunicorn") is not None


def serve_prefork(host: str, port: int, *, workers: int, threads: int) -> int:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from amanat.platform.requestlog import RequestLog
    from amanat.wsgi import application

    # The master migrated and collected static files: no connection may cross the fork.
    connections.close_all()

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"[{host}]:{port}" if ":" in host else f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread" if threads > 1 else "sync")
            self.cfg.set("preload_app", True)  # imports once, shared copy-on-write
            self.cfg.set("timeout", 60)
            self.cfg.set("graceful_timeout", 20)
            self.cfg.set("proc_name", "amanat")
            self.cfg.set("accesslog", None)
            if "control_socket_disable" in self.cfg.settings:  # gunicorn >= 24: one per server
                self.cfg.set("control_socket_disable", True)

        def load(self):
            return RequestLog(application)  # one line per request (gunicorn's accesslog is off)

    print(
        f"Amanat is serving on http://{host}:{port}/ with {workers} processes x {threads} "
        "threads (Ctrl+C to stop)",
        flush=True,
    )
    Server().run()
    return 0
