"""Every web page with an id in its address, given ids out of the database's range, answers
4xx or a redirect, never 5xx (Django's <int:> converter accepts any run of ASCII digits)."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.fixtures import PASSWORD, make_case, make_org, make_user

HUGE = ["9223372036854775808", "99999999999999999999999", "0"]


def _routes(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern) and "<int:" in route:
            yield route


def test_no_page_answers_5xx_to_out_of_range_ids(db):
    user = make_user(org=make_org(name="Web NGO"), roles=["case_manager"])
    make_case(user=user)
    client = Client()
    assert client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    failures = []
    for route in _routes():
        for value in HUGE:
            path = "/" + re.sub(r"<int:\w+>", value, route)
            path = re.sub(r"<(?:str|slug):\w+>", "x", path)
            for method in ("get", "post"):
                response = getattr(client, method)(path)
                if response.status_code >= 500:
                    failures.append((method, path, response.status_code))
    assert failures == []
