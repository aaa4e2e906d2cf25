"""The pages work under the Content-Security-Policy: the moved inline handlers still act, the
API docs (Swagger UI) render offline, and the console shows no CSP violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import csp_violations, login
from tests.fixtures import make_org, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_status_filter_submits_without_inline_script(page):
    org = make_org(name="Filter NGO", country="KZ")
    make_user(org=org, roles=["case_manager"], username="filterer")
    login(page, "filterer")
    response = page.goto("/referrals/?box=incoming")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "camera=()" in response.headers["permissions-policy"]
    page.select_option("select[name=status]", "accepted")
    page.wait_for_url("**/referrals/?box=incoming&status=accepted")
    assert page.locator("select[name=status]").input_value() == "accepted"


def test_api_docs_render_offline_under_the_policy(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    assert page.locator(".swagger-ui .opblock").count() > 100
    assert [url for url in requested if not url.startswith(live_server.url)] == []


def test_the_watcher_sees_a_blocked_inline_script(browser, live_server):
    """The check used by every browser test: an injected inline script is refused and reported."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    seen = csp_violations(page)
    page.goto("/accounts/login/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = true'; document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__ran === undefined")
    context.close()
    assert len(seen) == 1 and "script-src 'self'" in seen[0], seen
