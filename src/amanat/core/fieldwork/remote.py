"""Pulling submissions from a KoboToolbox or ODK Central server (no dependency: urllib).

- KoboToolbox: `GET <url>/api/v2/assets/<form>/data/?format=json`, `Authorization: Token <t>`,
  pages followed through `next`.
- ODK Central: `<url>` is the project (`https://host/v1/projects/<n>`); `GET
  <url>/forms/<form>.svc/Submissions`, `Authorization: Bearer <t>` (a session or app-user
  token), or HTTP basic when the token is `email:password`; pages through `@odata.nextLink`.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.utils.translation import gettext as _

from amanat.core.fieldwork.readers import MAX_SUBMISSIONS, Submission, from_records
from amanat.errors import UsageError

TIMEOUT = 60
MAX_PAGES = 1000
MAX_BYTES = 200 * 1024 * 1024


def server_kind(url: str) -> str:
    return "central" if "/v1/projects/" in url else "kobo"


def _check_url(url: str) -> str:
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme not in ("https", "http") or not parsed.netloc:
        raise UsageError(_("--from-server: expected an http(s) URL."), field="from_server")
    return url.rstrip("/")


def _get(url: str, headers: dict[str, str]) -> Any:
    # Only http(s) URLs reach here (_check_url and the same-host rule for following pages).
    request = urllib.request.Request(url, headers={"Accept": "application/json", **headers})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        hint = _(" (check the token)") if error.code in (401, 403) else ""
        raise UsageError(
            _("The server answered %(status)s for %(url)s%(hint)s.")
            % {"status": error.code, "url": url.split("?")[0], "hint": hint}, field="from_server",
        ) from None  # fmt: skip
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise UsageError(
            _("Cannot reach the server (%(reason)s).") % {"reason": reason}, field="from_server"
        ) from None
    if len(body) > MAX_BYTES:
        raise UsageError(_("The server's answer is too large."), field="from_server")
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UsageError(_("The server did not answer with JSON."), field="from_server") from None


def pull(url: str, token: str, form: str) -> list[Submission]:
    url = _check_url(url)
    if not token:
        raise UsageError(_("--token (or AMANAT_FIELDWORK_TOKEN) is required."), field="token")
    if not form or "/" in form or "?" in form:
        raise UsageError(_("--form: expected the form's id."), field="form")
    quoted = urllib.parse.quote(form, safe="")
    if server_kind(url) == "central":
        if ":" in token:
            headers = {"Authorization": "Basic " + base64.b64encode(token.encode()).decode()}
        else:
            headers = {"Authorization": f"Bearer {token}"}
        next_url: str | None = f"{url}/forms/{quoted}.svc/Submissions"
        key, link = "value", "@odata.nextLink"
    else:
        headers = {"Authorization": f"Token {token}"}
        next_url = f"{url}/api/v2/assets/{quoted}/data/?format=json"
        key, link = "results", "next"
    records: list[Any] = []
    for _page in range(MAX_PAGES):
        if not next_url:
            break
        page = _get(next_url, headers)
        if not isinstance(page, dict) or not isinstance(page.get(key), list):
            raise UsageError(
                _("The server's answer has no '%(key)s' array.") % {"key": key},
                field="from_server",
            )
        records += page[key]
        if len(records) > MAX_SUBMISSIONS:
            break
        following = page.get(link)
        # Follow pages on the same server only: a token never travels elsewhere.
        if (
            following
            and urllib.parse.urlparse(following).netloc != urllib.parse.urlparse(url).netloc
        ):
            raise UsageError(_("The server pointed to another host; stopped."), field="from_server")
        next_url = following or None
    return from_records(records, f"{urllib.parse.urlparse(url).netloc}/{form}")
