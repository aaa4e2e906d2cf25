"""First load of the statistics dashboard right after the server starts, at demo scale (issue 16).

Run (a throw-away data folder; seeds the demo data first if the folder is empty):
    .venv/bin/python benchmarks/bench_dashboard_first_load.py [--data-dir DIR] [--port 8731]

Each round starts a fresh `amanat demo` process on the folder, waits until it accepts
connections, logs the researcher in with Chromium (Playwright, /usr/bin/chromium) and opens
/insights/. Measured from the navigation's start:
- shell: the page's DOMContentLoaded (filters, scope and a loading indicator per panel);
- key figures: the key-figures panel filled in;
- first screen: every panel loaded at once (key figures and the first three) filled in;
- all panels: every panel filled in after scrolling to the end.
Prints one line per round and the median; the machine's load average is printed too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AMANAT = ROOT / ".venv" / "bin" / "amanat"
PASSWORD = "Amanat-demo-2026"


def wait_for_port(port: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise SystemExit(f"the server did not start on port {port}")


def one_round(browser, port: int) -> dict[str, float]:
    # bypass_csp: the page forbids eval, which wait_for_function uses (the pages are unchanged).
    context = browser.new_context(viewport={"width": 1200, "height": 800}, bypass_csp=True)
    page = context.new_page()
    base = f"http://127.0.0.1:{port}"
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", "researcher")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    start = time.perf_counter()
    page.goto(base + "/insights/", wait_until="domcontentloaded")
    shell = time.perf_counter() - start
    page.get_by_test_id("key-figures").wait_for(timeout=60000)
    key = time.perf_counter() - start
    page.wait_for_function(
        "document.querySelectorAll('[hx-trigger=load]').length === 0", timeout=60000
    )
    first_screen = time.perf_counter() - start
    for _ in range(80):
        page.evaluate("window.scrollBy(0, window.innerHeight)")
        page.wait_for_timeout(50)
        if page.get_by_test_id("loading").count() == 0:
            break
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=loading]').length === 0", timeout=60000
    )
    everything = time.perf_counter() - start
    context.close()
    return {"shell": shell, "key": key, "first_screen": first_screen, "all": everything}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir")
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="amanat-bench-dashboard-"))
    env = {**os.environ, "AMANAT_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    if not (data_dir / "amanat.sqlite3").exists():
        subprocess.run([str(AMANAT), "demo", "--seed-only"], env=env, check=True)
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        for number in range(args.rounds):
            server = subprocess.Popen(
                [str(AMANAT), "demo", "--port", str(args.port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                wait_for_port(args.port)
                load = os.getloadavg()[0]
                result = one_round(browser, args.port)
                results.append(result)
                print(
                    f"round {number + 1}: shell {result['shell'] * 1000:.0f} ms, key figures "
                    f"{result['key'] * 1000:.0f} ms, first screen {result['first_screen'] * 1000:.0f}"
                    f" ms, all panels {result['all'] * 1000:.0f} ms (load average {load:.1f})",
                    flush=True,
                )
            finally:
                server.terminate()
                server.wait(timeout=30)
        browser.close()
    for key in ("shell", "key", "first_screen", "all"):
        print(f"median {key}: {statistics.median(r[key] for r in results) * 1000:.0f} ms")
    print(f"load average now: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
