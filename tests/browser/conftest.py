"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.fixtures import PASSWORD

CHROMIUM = os.environ.get("AMANAT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _require_browser() -> None:
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("AMANAT_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


def csp_violations(page) -> list[str]:
    """Console errors Chromium writes when the Content-Security-Policy blocks something."""
    seen: list[str] = []

    def note(message) -> None:
        if "Content Security Policy" in message.text:
            seen.append(message.text)

    page.on("console", note)
    return seen


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    violations = csp_violations(page)
    yield page
    context.close()
    assert violations == []  # every browser test also proves the pages run under the CSP


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    violations = csp_violations(page)
    yield page
    context.close()
    assert violations == []


def login(page, username: str, password: str = PASSWORD, *, language: str | None = None) -> None:
    """Log in through the real form; optionally switch the interface language first."""
    page.goto("/accounts/login/")
    if language:
        page.click(f"form.langswitch button[value='{language}']")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def scroll_to_the_end(page) -> None:
    """Scroll down a screen at a time, letting the panels revealed load, to the page's end."""
    for _ in range(60):
        page.evaluate("window.scrollBy(0, window.innerHeight * 0.8)")
        page.wait_for_timeout(150)
        page.wait_for_load_state("networkidle")
        at_end = page.evaluate(
            "window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2"
        )
        if at_end and page.get_by_test_id("loading").count() == 0:
            return
