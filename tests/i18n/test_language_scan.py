"""Every page every role reaches, in Kazakh, Kyrgyz, Tajik and Uzbek, shows no English interface
word (tests/i18n/scan.py says what counts) and no server error. Needs the four languages'
catalogues and content (branches tkk, tky, ttg, tuz)."""

from __future__ import annotations

import re

import pyotp
import pytest
from django.test import Client

from amanat.core import geography
from tests.fixtures import shared_rows
from tests.i18n import scan

ROLES = ("casemanager", "provider", "police", "coordinator", "researcher", "trainer", "admin")


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The whole demo (every kind of page has something to show), once for the module."""
    from amanat.platform.demo import demo_seed

    with shared_rows(django_db_blocker):
        demo_seed()
        yield


def _data_words() -> set[str]:
    """Words of the data the pages show (names of organisations, users, events...), not text of
    the interface."""
    from amanat.accounts.models import Organisation, User

    texts = [o.name for o in Organisation.objects.all()]
    texts += [u.username for u in User.objects.all()]
    try:
        from amanat.training.models import TrainingEvent

        texts += [f"{e.title} {e.place}" for e in TrainingEvent.objects.all()]
    except ImportError:  # pragma: no cover
        pass
    return {w.lower() for text in texts for w in re.findall(r"[A-Za-z]{3,}", text)}


def _client(username: str, language: str) -> Client:
    from amanat.accounts.models import User
    from amanat.platform.demo import DEMO_PASSWORD

    client = Client()
    client.cookies["django_language"] = language
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, username
    user = User.objects.get(username=username)
    if user.requires_totp:
        client.get("/accounts/login/otp/setup/")
        user.refresh_from_db()
        code = pyotp.TOTP(user.totp_secret).now()
        assert client.post("/accounts/login/otp/setup/", {"code": code}).status_code == 302
    return client


@pytest.mark.parametrize("language", ["kk", "ky", "tg", "uz"])
def test_no_english_interface_words_in_any_page(demo_world, db, language):
    vocabulary = scan.english_words() - _data_words()
    if language == "uz":  # Latin script: words Uzbek shares with English are Uzbek here
        vocabulary -= scan.language_words("uz")
    # Country names are names ("Sent-Kits va Nevis"), whatever their words.
    vocabulary -= {
        w.lower()
        for _c, name in geography.country_choices(language)
        for w in scan.WORD.findall(name)
    }
    kept = scan.language_words(language, fold=False)
    result = scan.ScanResult()
    data = scan.demo_texts()
    for role in ROLES:
        client = _client(role, language)
        pages = scan.crawl(client, start="/", limit=60)
        result.pages[role] = [url for url, _html in pages]
        scan.scan_pages(
            pages, language=language, role=role, vocabulary=vocabulary, result=result,
            data=data, kept=kept,
        )  # fmt: skip
    visited = sum(len(urls) for urls in result.pages.values())
    assert visited >= 7 * 5, result.pages  # the crawl reached real pages, not only the home page
    assert result.errors == [], scan.report(result, language)
    assert result.findings == [], scan.report(result, language)
