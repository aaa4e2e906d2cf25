"""`amanat serve`, `amanat demo`, `amanat migrate`, `amanat backup`, `amanat restore`."""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command


def _migrate(verbosity: int = 0) -> None:
    call_command("migrate", interactive=False, verbosity=verbosity)


def _prepare_static() -> None:
    call_command("collectstatic", interactive=False, verbosity=0)


def _allow_bound_host(host: str) -> None:
    """Serving on a network address: accept this machine's names and addresses as hosts, so
    phones on the office network can connect (AMANAT_ALLOWED_HOSTS still takes precedence)."""
    if host in ("127.0.0.1", "localhost", "::1") or os.environ.get("AMANAT_ALLOWED_HOSTS"):
        return
    names = {host, socket.gethostname(), socket.getfqdn()}
    with contextlib.suppress(OSError):
        names.update(info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None))
    wildcard = "0.0.0.0"  # noqa: S104 - a bind address, never a host name
    settings.ALLOWED_HOSTS = sorted(
        {*settings.ALLOWED_HOSTS, *(n for n in names if n and n != wildcard)}
    )
    print("Accepting requests for: " + ", ".join(settings.ALLOWED_HOSTS))


def _keep_statistics_warm(interval_seconds: int = 30) -> None:
    """Keep the statistics frame built in the background, so no dashboard request waits for a
    full build (about 20 s at a million cases). It holds codes only, no personal field."""
    import logging
    import threading
    import time

    from django.db import connection

    from amanat.insights import casedata

    def loop() -> None:
        while True:
            try:
                casedata.keep_warm()
            except Exception:  # a failed refresh only means a request builds the frame itself
                logging.getLogger("amanat.stats").exception("statistics cache refresh failed")
            finally:
                connection.close()
            time.sleep(interval_seconds)

    threading.Thread(target=loop, name="amanat-stats-cache", daemon=True).start()


# Pre-forked processes take one request at a time unless told otherwise: threads in a process
# share one core (the GIL) and pin keep-alive connections to one process (ADR 0043).
PREFORK_THREADS = 1
WAITRESS_THREADS = 8


def _serve(host: str, port: int, threads: int | None, workers: int | None = None) -> int:
    _allow_bound_host(host)
    if workers is not None:
        from amanat.platform.prefork import gunicorn_available, serve_prefork

        if gunicorn_available():
            return serve_prefork(host, port, workers=workers, threads=threads or PREFORK_THREADS)
        print("gunicorn is not available here (Windows, or not installed): one process, waitress.")
    threads = threads or WAITRESS_THREADS
    from waitress import serve

    from amanat.platform.requestlog import RequestLog
    from amanat.wsgi import application

    # One process: its statistics frame is kept warm in a thread (the pre-fork server does not,
    # so N workers do not hold N frames; ADR 0021).
    _keep_statistics_warm()
    print(f"Amanat is serving on http://{host}:{port}/  (Ctrl+C to stop)", flush=True)
    serve(RequestLog(application), host=host, port=port, threads=threads, ident="amanat")
    return 0


def cmd_serve(args) -> int:
    from amanat.errors import UsageError

    if args.workers is not None and not 1 <= args.workers <= 64:
        raise UsageError("--workers: give a number of processes from 1 to 64.")
    if args.threads is not None and not 1 <= args.threads <= 256:
        raise UsageError("--threads: give a number of threads from 1 to 256.")
    _migrate()
    _prepare_static()
    return _serve(args.host, args.port, args.threads, args.workers)


def cmd_worker(args) -> int:
    from amanat.platform.worker import register_platform_jobs, run_forever, run_once

    _migrate()
    register_platform_jobs()
    if args.once:
        outcomes = run_once(args.job)
        for name, outcome in outcomes.items():
            print(f"{name}: {outcome}")
        return 1 if "failed" in outcomes.values() else 0
    print("Amanat worker running (Ctrl+C or SIGTERM to stop).", flush=True)
    run_forever(args.job)
    return 0


def cmd_migrate(args) -> int:
    _migrate(verbosity=1)
    return 0


def cmd_demo(args) -> int:
    from amanat.core.progress import step
    from amanat.platform.demo import DEMO_PASSWORD, demo_seed

    step("Preparing the database")
    _migrate()
    summary = demo_seed(seed=args.seed)
    print("Demo data:", summary["message"])
    print(f"Data folder: {settings.DATA_DIR}")
    print(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, role, org in summary["logins"]:
        print(f"  {username:<14} {role:<18} {org}")
    print("  (the administrator sets up a second factor with an authenticator app at first login)")
    if args.seed_only:
        return 0
    _prepare_static()
    print(f"Open http://{args.host}:{args.port}/ in a browser.")
    return _serve(args.host, args.port, args.threads)


def cmd_backup(args) -> int:
    from amanat.platform.backup import backup_write

    counts = backup_write(Path(args.out))
    print(f"Backup written to {args.out}: {sum(counts.values())} rows in {len(counts)} tables.")
    print(
        "Keep the key file (or AMANAT_DATA_KEY) safe and apart: the backup cannot be read "
        "without it."
    )
    return 0


def cmd_restore(args) -> int:
    from amanat.errors import UsageError
    from amanat.platform.backup import backup_restore

    if not args.yes and sys.stdin.isatty():
        answer = input("This replaces all data in the database. Type 'restore' to go on: ")
        if answer.strip() != "restore":
            raise UsageError("Restore cancelled.")
    _migrate()
    counts = backup_restore(Path(args.file))
    print(f"Restored {sum(counts.values())} rows in {len(counts)} tables from {args.file}.")
    return 0


def register(subparsers) -> None:
    serve = subparsers.add_parser("serve", help="run the web server (applies migrations first)")
    serve.add_argument(
        "--host",
        help="address to listen on (default 127.0.0.1: this machine only)",
        default="127.0.0.1",
    )
    serve.add_argument("--port", help="port to listen on (default 8000)", type=int, default=8000)
    serve.add_argument(
        "--threads",
        type=int,
        help="threads per process (default: 1 with --workers, a process per request at a "
        "time; 8 in the one-process server)",
    )
    serve.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="N pre-forked processes (gunicorn, Linux/macOS; about twice the cores); "
        "default: one process (waitress)",
    )
    serve.set_defaults(func=cmd_serve, manages_database=True)

    worker = subparsers.add_parser(
        "worker", help="run the background jobs (audit sealing, expiry, retention, ...)"
    )
    worker.add_argument("--once", action="store_true", help="run every job once and exit")
    worker.add_argument("--job", action="append", metavar="NAME", help="only this job (repeatable)")
    worker.set_defaults(func=cmd_worker, manages_database=True)

    demo = subparsers.add_parser("demo", help="load fictional demo data, then serve")
    demo.add_argument(
        "--host",
        help="address to listen on (default 127.0.0.1: this machine only)",
        default="127.0.0.1",
    )
    demo.add_argument("--port", help="port to listen on (default 8000)", type=int, default=8000)
    demo.add_argument(
        "--threads", help="threads of the web server (default 8)", type=int, default=8
    )
    demo.add_argument("--seed-only", action="store_true", help="load demo data and exit")
    demo.add_argument("--seed", type=int, default=2026, help="random seed for the demo data")
    demo.set_defaults(func=cmd_demo, manages_database=True)

    migrate = subparsers.add_parser("migrate", help="apply database migrations")
    migrate.set_defaults(func=cmd_migrate, manages_database=True)

    backup = subparsers.add_parser("backup", help="write an encrypted-at-rest logical backup")
    backup.add_argument("--out", required=True, help="backup file to write (gzip JSON)")
    backup.set_defaults(func=cmd_backup)

    restore = subparsers.add_parser("restore", help="replace the database with a backup")
    restore.add_argument("file", help="backup file written by `amanat backup`")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(func=cmd_restore, manages_database=True)

    from amanat.platform.translations.cli import register as register_translations

    register_translations(subparsers)
