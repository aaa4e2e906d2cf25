"""Security headers: a strict Content-Security-Policy (no inline script, no third-party origin),
Permissions-Policy, Referrer-Policy, HSTS and Secure cookies when AMANAT_SECURE_COOKIES is on."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

import amanat

CSP = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


@pytest.mark.parametrize("url", ["/accounts/login/", "/api/docs", "/api/openapi.json", "/healthz"])
def test_every_response_carries_the_policies(db, url):
    response = Client().get(url)
    assert response.status_code == 200
    assert set(response["Content-Security-Policy"].split("; ")) == CSP
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy.split(", ")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response  # plain HTTP, secure cookies off


def test_api_docs_load_only_local_files_that_exist(db):
    """Swagger UI works offline under the policy: its script and style are our static files."""
    page = Client().get("/api/docs").content.decode()
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert sources, page
    for source in sources:
        assert source.startswith("/static/"), source
        assert finders.find(source.removeprefix("/static/")), source
    # The only inline <script> is JSON data, which a browser does not execute.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline == [' type="application/json" id="swagger-settings"']


TEMPLATES = sorted(Path(amanat.__file__).parent.rglob("templates/**/*.html"))


def test_templates_have_no_inline_script_or_event_handler():
    assert len(TEMPLATES) > 50
    offending = []
    for template in TEMPLATES:
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attributes = match.group(1)
            if "src=" not in attributes and 'type="application/json"' not in attributes:
                offending.append((template.name, match.group(0)))
        for match in re.finditer(r"\son[a-z]+\s*=\s*[\"']", text):
            offending.append((template.name, match.group(0)))
        if "javascript:" in text:
            offending.append((template.name, "javascript:"))
    assert offending == []


def test_hsts_on_https_when_configured(db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = Client().get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"


def _settings_under(env: dict) -> dict:
    """Import the settings module in a fresh interpreter with the given environment."""
    code = (
        "import json, amanat.settings as s; print(json.dumps({k: getattr(s, k, None) for k in "
        "('SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', "
        "'SECURE_PROXY_SSL_HEADER', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_INCLUDE_SUBDOMAINS')}))"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("AMANAT_") or k in ("AMANAT_DATA_DIR", "AMANAT_SECRET_KEY")
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_secure_cookies_switch_on_hsts_and_the_proxy_header_is_opt_in():
    assert _settings_under({}) == {
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
    }
    assert _settings_under({"AMANAT_SECURE_COOKIES": "1", "AMANAT_PROXY_SSL_HEADER": "1"}) == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
    }
    assert (
        _settings_under({"AMANAT_SECURE_COOKIES": "1", "AMANAT_HSTS_SECONDS": "600"})[
            "SECURE_HSTS_SECONDS"
        ]
        == 600
    )


def test_session_cookie_is_secure_when_configured(db, settings, case_manager):
    settings.SESSION_COOKIE_SECURE = True
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "cm", "password": "Correct-horse-battery-9"}, secure=True
    )
    assert response.status_code == 302
    assert client.cookies["sessionid"]["secure"] is True
    assert client.cookies["sessionid"]["httponly"] is True
