"""Load test of issue 13: 50 users, mixed workload, against 1 and 2 server processes, and the
same server's /healthz ceiling in the same run. Loopback only, bounded in time and requests.

    pip install -e '.[bench]'      # locust
    DATABASE_URL=postgresql://user:pw@localhost/scratch python benchmarks/load/run.py \
        [--users 50] [--seconds 30] [--rate 4] [--max-requests 30000] [--processes 1,2,4]
        [--threads T]

Migrates the scratch database, loads the demo data once (refusing a database that holds other
data), gives each demo caseworker an API token, starts `amanat worker` (audit sealing) and, for
each process count, `amanat serve --workers N` on a free port; runs locust headless against it
(mixed workload, then /healthz), stops it, seals and verifies the audit log, prints a table.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
AMANAT = str(Path(sys.executable).with_name("amanat"))
ENV = {**os.environ, "AMANAT_AUDIT_SEALING": "deferred", "AMANAT_SECRET_KEY": "load-test-only"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _seed(folder: Path) -> Path:
    os.environ.update(ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amanat.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from amanat.accounts.models import User
    from amanat.accounts.roles import Perm
    from amanat.accounts.tokens import api_token_issue
    from amanat.cases.models import Case
    from amanat.platform.demo import demo_seed

    call_command("migrate", verbosity=0)
    if not Case.objects.exists():
        demo_seed(seed=2026)
    elif not User.objects.filter(username="casemanager_kg").exists():
        sys.exit("This database holds data other than the demo's: use a scratch DATABASE_URL.")
    accounts = []
    for user in User.objects.filter(is_active=True).order_by("username"):
        if not (user.can(Perm.CASE_CREATE) and user.can(Perm.CASE_VIEW)):
            continue
        cases = list(
            Case.objects.filter(owner_organisation_id=user.organisation_id)
            .order_by("-id")
            .values_list("id", "code")[:300]
        )
        if cases:
            accounts.append(
                {
                    "token": api_token_issue(user=user),
                    "case_ids": [c[0] for c in cases],
                    "codes": [c[1] for c in cases],
                }
            )
    path = folder / "seed.json"
    path.write_text(json.dumps({"accounts": accounts}), encoding="utf-8")
    print(f"{len(accounts)} caseworker accounts, {Case.objects.count()} cases in the database.")
    return path


def _rss_mib(pid: int) -> list[float]:
    """Resident memory of the server's worker processes (or of the server itself: waitress)."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(pid) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    if not sizes:
        text = Path(f"/proc/{pid}/status").read_text()
        sizes = [
            int(line.split()[1]) / 1024 for line in text.splitlines() if line.startswith("VmRSS")
        ]
    return sizes


def _serve(processes: int, threads: int, folder: Path):
    port = _free_port()
    log = open(folder / f"serve-{port}.log", "wb")  # noqa: SIM115 - the server's own life
    # 0 processes: `serve` without --workers, one waitress process (also what releases before
    # the pre-fork server run: the "before" of issue 13).
    workers = ["--workers", str(processes)] if processes else []
    threads_option = ["--threads", str(threads)] if threads else []
    server = subprocess.Popen(  # noqa: S603 - our own console script
        [AMANAT, "serve", *workers, *threads_option, "--port", str(port)],
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310 - loopback
                return server, base
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("the server did not start:\n" + (folder / f"serve-{port}.log").read_text()[-3000:])


def _locust(user_class: str, base: str, users: int, seconds: int, folder: Path, env: dict) -> dict:
    prefix = folder / f"{user_class}-{time.time_ns()}"
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), user_class]
        + ["--headless", "-u", str(users), "-r", str(users), "-t", f"{seconds}s"]
        + ["--host", base, "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR"],
        env=env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=seconds + 60,
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    return rows


def _cell(row: dict) -> str:
    return (
        f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | "
        f"{row['Failure Count']} / {row['Request Count']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--rate", type=float, default=4.0, help="requests/s offered per user")
    parser.add_argument("--max-requests", type=int, default=30000)
    parser.add_argument(
        "--processes", default="1,2,4", help="comma-separated; 0 = one waitress process"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        help="threads per server process (default: the server's own, 1 per pre-forked process)",
    )
    args = parser.parse_args()
    if shutil.which("locust") is None and not (Path(sys.executable).with_name("locust")).exists():
        sys.exit("locust is not installed: pip install -e '.[bench]'")
    folder = Path(tempfile.mkdtemp(prefix="amanat-load-"))
    seed = _seed(folder)
    env = {**ENV, "LOAD_SEED": str(seed), "LOAD_RATE": str(args.rate)}
    env["LOAD_MAX_REQUESTS"] = str(args.max_requests)
    worker = subprocess.Popen(  # noqa: S603
        [AMANAT, "worker"], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    lines = []
    try:
        for processes in [int(n) for n in args.processes.split(",")]:
            server, base = _serve(processes, args.threads, folder)
            try:
                load_before = os.getloadavg()[0]
                mixed = _locust("Caseworker", base, args.users, args.seconds, folder, env)
                ceiling = _locust(
                    "CeilingUser", base, args.users, max(10, args.seconds // 2), folder, env
                )
                rss = _rss_mib(server.pid)
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(60)
            threads = args.threads or (1 if processes else 8)
            lines.append(
                f"| {processes or 'waitress 1'} x {threads} | {_cell(mixed['Aggregated'])} | "
                f"{_cell(ceiling['Aggregated'])} | "
                f"{float(mixed['Aggregated']['Requests/s']) / max(float(ceiling['Aggregated']['Requests/s']), 0.01):.0%} | "
                f"{max(rss, default=0):.0f} | {load_before:.1f} |"
            )
            for name in ("open case", "search", "referral list", "create case"):
                if name in mixed:
                    row = mixed[name]
                    lines.append(f"| &nbsp; {name} | {_cell(row)} |" + " |" * 7)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(60)
    # A release without `amanat worker` seals inline: nothing to seal there (exit 2, ignored).
    subprocess.run(  # noqa: S603
        [AMANAT, "worker", "--once", "--job", "audit.seal"],
        env=ENV,
        check=False,
        capture_output=True,
    )
    verify = subprocess.run(
        [AMANAT, "audit", "verify"], env=ENV, capture_output=True, text=True, check=False
    )  # noqa: S603
    print(
        f"\n{args.users} users, {args.rate:g} requests/s offered each, {args.seconds} s per run, {os.cpu_count()} cores"
    )
    print(
        "| server processes x threads | mixed: req/s | p50 ms | p95 ms | failures / requests | "
        "/healthz: req/s | p50 ms | p95 ms | failures / requests | mixed / ceiling | RSS MiB per process (max) | load before |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for line in lines:
        print(line)
    print("\n" + verify.stdout.strip())
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
