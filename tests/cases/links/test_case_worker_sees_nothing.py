"""A case worker never learns that another organisation holds the person.

Every page and API answer a case worker of either organisation gets is the same, byte for byte
(apart from CSRF tokens and nonces), with no match, with an open match, with a confirmed link
and after the link is undone.
"""

from __future__ import annotations

import re

from django.test import Client

from amanat.cases.links.models import PossibleMatch
from amanat.cases.links.services import (
    confirm_match,
    record_possible_matches,
    unlink_persons,
)
from tests.fixtures import api_client

_VOLATILE = [
    re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(rb'nonce="[^"]*"'),
    re.compile(rb'<meta name="csrf-token" content="[^"]*"'),
    re.compile(rb'"X-CSRFToken": "[^"]*"'),
]


def _normalised(content: bytes) -> bytes:
    for pattern in _VOLATILE:
        content = pattern.sub(b"<volatile>", content)
    return content


def _snapshot(worker, case, other_case) -> list[tuple[str, int, bytes]]:
    web = Client()
    web.force_login(worker)
    api = api_client(worker)
    pages = [
        ("web", "/cases/"),
        ("web", "/cases/?q=Айгуль"),
        ("web", "/cases/?q=Aigul"),
        ("web", f"/cases/{case.pk}/"),
        ("web", f"/cases/{case.pk}/edit/"),
        ("web", f"/cases/{case.pk}/consent/"),
        ("web", f"/cases/{other_case.pk}/"),
        ("web", "/cases/person-matches/"),
        ("web", "/cases/person-links/"),
        ("web", "/referrals/"),
        ("api", "/api/cases"),
        ("api", "/api/cases?query=Айгуль"),
        ("api", "/api/cases?query=Aigul%20Serikkyzy"),
        ("api", f"/api/cases/{case.pk}"),
        ("api", f"/api/cases/{case.pk}/consents"),
        ("api", f"/api/cases/{other_case.pk}"),
        ("api", "/api/person-matches"),
        ("api", "/api/person-links"),
    ]
    result = []
    for kind, url in pages:
        response = (web if kind == "web" else api).get(url, headers={"HX-Request": "true"})
        result.append((url, response.status_code, _normalised(response.content)))
    for url in ("/api/person-matches/1/confirm", "/api/person-links/1/unlink"):
        response = api.post(url)
        result.append((url, response.status_code, _normalised(response.content)))
    return result


def test_case_workers_answers_do_not_change_with_a_cross_organisation_match(world):
    w = world
    workers = [(w.worker_a, w.case_a, w.case_b), (w.worker_b, w.case_b, w.case_a)]
    before = [_snapshot(*args) for args in workers]
    for (_worker, case, _other), snapshot in zip(workers, before, strict=True):
        statuses = {url: status for url, status, _body in snapshot}
        assert statuses[f"/cases/{case.pk}/"] == statuses[f"/api/cases/{case.pk}"] == 200
        hidden = [u for u, s in statuses.items() if s == 404]
        assert sorted(hidden) == sorted(
            [
                f"/cases/{_other.pk}/",
                f"/api/cases/{_other.pk}",
                "/cases/person-matches/",
                "/cases/person-links/",
                "/api/person-matches",
                "/api/person-links",
                "/api/person-matches/1/confirm",
                "/api/person-links/1/unlink",
            ]
        )
        assert case.code.encode() in dict((u, b) for u, _s, b in snapshot)[f"/cases/{case.pk}/"]
    record_possible_matches(
        pairs=[(w.case_a.person_id, w.case_b.person_id, 0.93, ("name_variant",))],
        source="dedup",
    )
    assert [_snapshot(*args) for args in workers] == before
    link = confirm_match(actor=w.coordinator, match_id=PossibleMatch.objects.get().pk)
    assert [_snapshot(*args) for args in workers] == before
    unlink_persons(actor=w.coordinator, link_id=link.pk)
    assert [_snapshot(*args) for args in workers] == before
