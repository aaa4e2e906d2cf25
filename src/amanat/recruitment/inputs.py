"""Checking what a user submits to screen or keep an advertisement: one place for the web form,
the API and the services. Nothing is ever fetched from the address: the user pastes the text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _

from amanat.core import vocabularies
from amanat.errors import ValidationError
from amanat.recruitment.engine import LANGUAGES

MAX_TEXT = 20_000
MAX_URL = 2_048
EARLIEST = dt.date(2000, 1, 1)
AUTO = "auto"
# Query parameters that only say where a click came from: the same advertisement shared twice
# must give the same keyed hash.
_TRACKING_PREFIX = "utm_"
_TRACKING = frozenset({"fbclid", "gclid", "igshid", "si", "ref_src"})


@dataclass(frozen=True)
class AdInput:
    text: str
    url: str
    platform: str
    language: str | None  # None: detect
    found_on: dt.date


def clean_ad_input(*, text, url="", platform="", language="", found_on=None) -> AdInput:
    """The checked input, or ValidationError naming the first field at fault."""
    if not isinstance(text, str) or not text.strip():
        raise ValidationError(_("Paste the text of the advertisement."), field="text")
    if len(text) > MAX_TEXT:
        raise ValidationError(
            _("The text is too long (at most %(n)s characters).") % {"n": f"{MAX_TEXT:,}"},
            field="text",
        )
    url = (url or "").strip() if isinstance(url, str) else url
    if not isinstance(url, str) or (url and not url_host(url)):
        raise ValidationError(
            _("Enter a web address starting with http:// or https://, or leave it empty."),
            field="url",
        )
    if len(url) > MAX_URL:
        raise ValidationError(_("The web address is too long."), field="url")
    platform = platform or ""
    if not isinstance(platform, str) or (
        platform and platform not in vocabularies.codes("websites_apps")
    ):
        raise ValidationError(_("Choose a platform from the list."), field="platform")
    language = language or ""
    if not isinstance(language, str) or (language not in ("", AUTO, *LANGUAGES)):
        raise ValidationError(_("Choose a language from the list."), field="language")
    return AdInput(
        text=text.strip(),
        url=url,
        platform=platform,
        language=None if language in ("", AUTO) else language,
        found_on=_found_on(found_on),
    )


def _found_on(value) -> dt.date:
    today = timezone.localdate()
    if value in (None, ""):
        return today
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError(_("Enter a date as YYYY-MM-DD."), field="found_on")
    if value > today:
        raise ValidationError(_("The date cannot be in the future."), field="found_on")
    if value < EARLIEST:
        raise ValidationError(_("The date is too far in the past."), field="found_on")
    return value


def url_host(url: str) -> str:
    """The host of an http(s) address, lower case, without `www.`; "" if it is not one."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not host or " " in url:
        return ""
    return host.removeprefix("www.")


def normalise_url(url: str) -> str:
    """The address as compared for duplicates: scheme-less, host lower case without `www.`,
    no fragment, no tracking parameters, no trailing slash."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(_TRACKING_PREFIX) and key.lower() not in _TRACKING
    ]
    path = parts.path.rstrip("/")
    text = url_host(url) + (f":{parts.port}" if parts.port else "") + path
    return text + ("?" + urlencode(sorted(query)) if query else "")
