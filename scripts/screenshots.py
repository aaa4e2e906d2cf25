"""Walk-through screenshots of the main pages, every demo role, English and Russian (issue 16).

Not part of the test suite. Run from the repository root:
    .venv/bin/python scripts/screenshots.py [--data-dir DIR] [--out docs/user-guide/screenshots]

It seeds the demo data into a throw-away data folder (or uses --data-dir), starts `amanat demo`
on a free port, logs in as each demo role in each language with Chromium (Playwright,
/usr/bin/chromium, 1200x800) and saves the landing page and the pages of the role's menu as
small PNGs (256-colour palette, at most about 150 kB), plus 390-px phone shots of the case list
and the statistics dashboard. The administrator's second factor is set up on the way (the key is
read from the set-up page). The table of what was taken, with what the walk noticed on each page
(an error status, a page wider than the screen, English left on a Russian page), is written
into docs/user-guide/walkthrough.md between its two marker lines.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AMANAT = ROOT / ".venv" / "bin" / "amanat"
PASSWORD = "Amanat-demo-2026"  # noqa: S105 (the demo logins' published password)
ROLES = [
    ("casemanager", "case manager"),
    ("provider", "service provider"),
    ("police", "police"),
    ("coordinator", "NRM coordinator"),
    ("researcher", "researcher"),
    ("trainer", "trainer"),
    ("admin", "administrator"),
]
LANGUAGES = ("en", "ru")
MAX_MENU_PAGES = 5
MAX_BYTES = 150_000
BEGIN = "<!-- screenshots:begin (written by scripts/screenshots.py) -->"
END = "<!-- screenshots:end -->"
# Words that should not be left in English on a Russian page (interface chrome, not data).
ENGLISH_LEFT = re.compile(
    r"\b(Save|Cancel|Search|Show|Back|Next|Previous|Loading|Status|Date|Name|Yes|No|Open|"
    r"Close|Filter|Statistics|Case|Cases|Referral|Referrals)\b"
)


@dataclass
class Shot:
    file: str
    role: str
    lang: str
    path: str
    title: str
    notes: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"the server did not start on port {port}")


def small_png(raw: bytes) -> bytes:
    """A 256-colour (or, if still too big, 64-colour) PNG of a screenshot."""
    from PIL import Image

    image = Image.open(io.BytesIO(raw)).convert("RGB")
    for colours in (256, 128, 64):
        buffer = io.BytesIO()
        image.quantize(colors=colours, method=Image.Quantize.MEDIANCUT).save(
            buffer, format="PNG", optimize=True
        )
        if buffer.tell() <= MAX_BYTES:
            break
    return buffer.getvalue()


class Walk:
    def __init__(self, browser, base: str, out: Path) -> None:
        self.browser, self.base, self.out = browser, base, out
        self.totp_secret: str | None = None
        self.shots: list[Shot] = []

    def login(self, page, username: str, lang: str) -> None:
        page.goto(self.base + "/accounts/login/")
        page.click(f"form.langswitch button[value='{lang}']")
        page.wait_for_load_state("networkidle")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        if self.totp_secret and username == "admin":
            import pyotp

            page.fill("#id_code", pyotp.TOTP(self.totp_secret).now())
        page.click("main button[type=submit]")
        page.wait_for_load_state("networkidle")
        if self.totp_secret and username == "admin" and "/accounts/login/" in page.url:
            # A code is accepted once: wait for the authenticator's next one.
            import pyotp

            page.wait_for_timeout(31000)
            page.fill("#id_password", PASSWORD)
            page.fill("#id_code", pyotp.TOTP(self.totp_secret).now())
            page.click("main button[type=submit]")
            page.wait_for_load_state("networkidle")
        secret = page.get_by_test_id("totp-secret")
        if secret.count():  # first login of the administrator: set up the second factor
            import pyotp

            self.totp_secret = secret.inner_text().strip().replace(" ", "")
            page.fill("#id_code", pyotp.TOTP(self.totp_secret).now())
            page.click("main button[type=submit]")
            page.wait_for_load_state("networkidle")

    def settle(self, page) -> None:
        """Let htmx panels load: scroll through once, then back to the top."""
        page.wait_for_load_state("networkidle")
        if page.locator("[data-testid=loading]").count():
            for _ in range(40):
                page.evaluate("window.scrollBy(0, window.innerHeight)")
                page.wait_for_timeout(100)
                page.wait_for_load_state("networkidle")
                if page.locator("[data-testid=loading]").count() == 0:
                    break
            page.evaluate("window.scrollTo(0, 0)")
            page.wait_for_timeout(100)

    def shoot(self, page, role: str, lang: str, name: str, status: int | None) -> None:
        self.settle(page)
        path = page.url.removeprefix(self.base)
        h1 = page.locator("main h1")
        title = h1.first.inner_text().strip() if h1.count() else page.title()
        notes = []
        if status is not None and status >= 400:
            notes.append(f"HTTP {status}")
        width = page.evaluate("document.documentElement.scrollWidth")
        viewport = page.viewport_size["width"]
        if width > viewport + 1:
            notes.append(f"page {width} px wide in a {viewport} px window (sideways scroll)")
        if lang == "ru":
            # The menu and the page's headings, labels and buttons (not data such as names).
            chrome = page.locator("nav.mainnav, main h1, main h2, main label, main button, main th")
            english = sorted(set(ENGLISH_LEFT.findall(" ".join(chrome.all_inner_texts()))))
            if english:
                notes.append("English left on the Russian page: " + ", ".join(english[:6]))
        file = f"{role}-{lang}-{name}.png"
        (self.out / file).write_bytes(small_png(page.screenshot()))
        self.shots.append(Shot(file, role, lang, path, title, notes))

    def role(self, username: str, lang: str) -> None:
        context = self.browser.new_context(viewport={"width": 1200, "height": 800})
        context.set_default_timeout(30000)
        page = context.new_page()
        self.login(page, username, lang)
        self.shoot(page, username, lang, "landing", None)
        links = page.locator("nav.mainnav a")
        landing = page.url.removeprefix(self.base)
        targets = []
        for index in range(links.count()):
            href = links.nth(index).get_attribute("href") or ""
            if href.startswith("/") and href not in targets and href != landing:
                targets.append(href)
        for number, href in enumerate(targets[:MAX_MENU_PAGES], start=1):
            response = page.goto(self.base + href)
            slug = re.sub(r"[^a-z0-9]+", "-", href.strip("/").lower()).strip("-") or "home"
            self.shoot(page, username, lang, f"{number}-{slug}", response.status)
        if username == "casemanager":
            page.goto(self.base + "/cases/")
            first = page.locator("main a[href^='/cases/'][href$='/']").filter(
                has_not_text="Register"
            )
            hrefs = [first.nth(i).get_attribute("href") for i in range(first.count())]
            case_links = [h for h in hrefs if h and re.fullmatch(r"/cases/\d+/", h)]
            if case_links:
                response = page.goto(self.base + case_links[0])
                self.shoot(page, username, lang, "case-page", response.status)
        context.close()

    def phone(self, username: str, lang: str, href: str, name: str) -> None:
        context = self.browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        context.set_default_timeout(30000)
        page = context.new_page()
        self.login(page, username, lang)
        response = page.goto(self.base + href)
        self.shoot(page, username, lang, f"phone-{name}", response.status)
        context.close()


def write_walkthrough(shots: list[Shot], out: Path) -> None:
    page = ROOT / "docs" / "user-guide" / "walkthrough.md"
    relative = os.path.relpath(out, page.parent)
    lines = [
        BEGIN,
        "",
        "| screenshot | role | language | page | title | noticed |",
        "|---|---|---|---|---|---|",
    ]
    labels = dict(ROLES)
    for shot in shots:
        notes = "; ".join(shot.notes) or "—"
        title = shot.title.replace("|", "/")
        lines.append(
            f"| [{shot.file}]({relative}/{shot.file}) | {labels.get(shot.role, shot.role)} | "
            f"{shot.lang} | `{shot.path}` | {title} | {notes} |"
        )
    lines += ["", END]
    table = "\n".join(lines)
    text = (
        page.read_text(encoding="utf-8") if page.exists() else f"# Walk-through\n\n{BEGIN}\n{END}\n"
    )
    before, _, rest = text.partition(BEGIN)
    _, _, after = rest.partition(END)
    page.write_text(before + table + after, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="a data folder with the demo data (default: a new one)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "user-guide" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="amanat-screenshots-"))
    env = {**os.environ, "AMANAT_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (our own command, fixed arguments)
        [str(AMANAT), "demo", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    from playwright.sync_api import sync_playwright

    try:
        wait_for_port(port)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            )
            walk = Walk(browser, f"http://127.0.0.1:{port}", out)
            for lang in LANGUAGES:
                for username, _label in ROLES:
                    print(f"{username} ({lang})", flush=True)
                    walk.role(username, lang)
                walk.phone("casemanager", lang, "/cases/", "case-list")
                walk.phone("researcher", lang, "/insights/", "dashboard")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    write_walkthrough(walk.shots, out)
    total = sum((out / s.file).stat().st_size for s in walk.shots)
    print(f"{len(walk.shots)} screenshots, {total / 1e6:.1f} MB, in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
