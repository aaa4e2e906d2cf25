"""The coordinator's queue page and API: what it shows, who may use it, bad input."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from amanat.cases.links.models import PersonLink, PossibleMatch
from amanat.cases.links.services import record_possible_matches
from amanat.privacy.models import AuditEvent
from tests.fixtures import PASSWORD, api_client, make_user

PERSONAL = ("Айгуль", "Сериккызы", "Aigul", "1990", "Другой", "Человек")


def login(user, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.cookies["django_language"] = language
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.fixture
def matched(world):
    record_possible_matches(
        pairs=[
            (world.case_a.person_id, world.case_b.person_id, 0.91, ("name_variant", "birth_date")),
            (world.case_b.person_id, world.case_c.person_id, 0.62, ("birth_date",)),
        ],
        source="dedup",
    )
    return world


def test_queue_page_shows_codes_organisations_score_and_reasons_only(matched):
    w = matched
    client = login(w.coordinator)
    html = client.get("/cases/person-matches/").content.decode()
    assert w.case_a.code in html and w.case_b.code in html and w.case_c.code in html
    assert "Border NGO (KZ)" in html and "Bishkek Centre (KG)" in html
    assert "0.91" in html and "Name in another spelling or script; Same birth date" in html
    for value in PERSONAL:
        assert value not in html
    assert w.case_a2.code not in html
    assert (
        AuditEvent.objects.filter(action="person_match.list", actor_id=w.coordinator.pk).count()
        == 1
    )


def test_queue_page_in_russian(matched):
    html = login(matched.coordinator, "ru").get("/cases/person-matches/").content.decode()
    assert "Возможно, один и тот же человек" in html
    assert "Имя в другом написании или алфавите" in html


def test_confirm_reject_and_unlink_through_the_web(matched):
    w = matched
    client = login(w.coordinator)
    ab, bc = PossibleMatch.objects.order_by("-score")
    assert client.get(f"/cases/person-matches/{ab.pk}/confirm/").status_code == 405
    response = client.post(f"/cases/person-matches/{ab.pk}/confirm/")
    assert response.status_code == 302
    assert response["Location"] == "/cases/person-matches/"
    link = PersonLink.objects.get()
    assert client.post(f"/cases/person-matches/{bc.pk}/reject/").status_code == 302
    bc.refresh_from_db()
    assert bc.status == "rejected"
    page = client.get("/cases/person-links/").content.decode()
    assert w.case_a.code in page and w.case_c.code not in page
    assert client.post(f"/cases/person-links/{link.pk}/unlink/").status_code == 302
    link.refresh_from_db()
    assert link.unlinked_at is not None
    # A second unlink is a message, not an error page.
    again = client.post(f"/cases/person-links/{link.pk}/unlink/", follow=True)
    assert "These persons are no longer linked." in again.content.decode()


def test_web_actions_need_the_csrf_token(matched):
    client = Client(enforce_csrf_checks=True)
    client.force_login(matched.coordinator)
    match = PossibleMatch.objects.first()
    assert client.post(f"/cases/person-matches/{match.pk}/confirm/").status_code == 403
    assert PersonLink.objects.count() == 0


@pytest.mark.parametrize("role", ["case_manager", "researcher", "trainer", "law_enforcement"])
def test_everyone_else_gets_the_not_found_page(matched, role):
    user = make_user(org=matched.org_b, roles=[role], username=f"u_{role}")
    client = Client()
    client.force_login(user)
    match = PossibleMatch.objects.first()
    for url in ("/cases/person-matches/", "/cases/person-links/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/cases/person-matches/{match.pk}/confirm/").status_code == 404
    assert client.post(f"/cases/person-matches/{match.pk}/reject/").status_code == 404
    assert PersonLink.objects.count() == 0
    api = api_client(user)
    assert api.get("/api/person-matches").status_code == 404
    assert api.post(f"/api/person-matches/{match.pk}/confirm").status_code == 404


def test_api_queue_and_decisions(matched):
    w = matched
    api = api_client(w.coordinator)
    body = api.get("/api/person-matches").json()
    assert body["count"] == 2 and body["page"] == 1 and body["pages"] == 1
    assert body["count_is_lower_bound"] is False
    first = body["items"][0]
    assert first["score"] == 0.91
    assert first["reasons"] == [
        {"code": "name_variant", "label": "Name in another spelling or script"},
        {"code": "birth_date", "label": "Same birth date"},
    ]
    assert sorted(c for side in first["persons"] for c in side["case_codes"]) == sorted(
        [w.case_a.code, w.case_b.code]
    )
    assert {side["organisation"] for side in first["persons"]} == {"Border NGO", "City Shelter"}
    assert set(first["persons"][0]) == {"case_codes", "organisation", "country"}
    text = json.dumps(body, ensure_ascii=False)
    for value in PERSONAL:
        assert value not in text
    confirmed = api.post(f"/api/person-matches/{first['id']}/confirm")
    assert confirmed.status_code == 200
    link_id = confirmed.json()["link_id"]
    assert confirmed.json() == {"id": first["id"], "status": "confirmed", "link_id": link_id}
    again = api.post(f"/api/person-matches/{first['id']}/confirm")
    assert again.status_code == 409 and again.json()["field"] == "status"
    assert api.get("/api/person-matches?status=confirmed").json()["count"] == 1
    assert api.get("/api/person-links").json()["items"][0]["id"] == link_id
    unlinked = api.post(f"/api/person-links/{link_id}/unlink")
    assert unlinked.json() == {"id": link_id, "status": "unlinked", "link_id": None}
    assert api.post(f"/api/person-links/{link_id}/unlink").status_code == 409


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/api/person-matches?status=maybe", 422, "status"),
        ("/api/person-matches?page=0", 422, "page"),
        ("/api/person-matches?page=-3", 422, "page"),
        ("/api/person-matches?page=x", 422, "query.page"),
        ("/api/person-links?page=0", 422, "page"),
    ],
)
def test_api_bad_queries(matched, url, status, field):
    response = api_client(matched.coordinator).get(url)
    assert response.status_code == status
    body = response.json()
    assert body.get("field") == field or body["errors"][0]["field"] == field


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "1.5", "99999999999999999999", "٣"])
def test_api_malformed_ids_are_not_found(matched, bad):
    api = api_client(matched.coordinator)
    for url in (f"/api/person-matches/{bad}/confirm", f"/api/person-matches/{bad}/reject"):
        assert api.post(url).status_code == 404
    assert api.post(f"/api/person-links/{bad}/unlink").status_code == 404
    assert PersonLink.objects.count() == 0


def test_other_countrys_pair_answers_like_a_missing_one(matched):
    kg = make_user(org=matched.org_c, roles=["nrm_coordinator"], username="kg")
    api = api_client(kg)
    ab = PossibleMatch.objects.order_by("-score").first()  # KZ/KZ pair
    missing = api.post("/api/person-matches/987654/confirm")
    hidden = api.post(f"/api/person-matches/{ab.pk}/confirm")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert api.get("/api/person-matches").json()["count"] == 1  # only the KZ/KG pair


def test_only_the_coordinator_role_holds_the_permission():
    from amanat.accounts.roles import ROLE_PERMISSIONS, Perm

    holders = sorted(role for role, perms in ROLE_PERMISSIONS.items() if Perm.PERSONS_LINK in perms)
    assert holders == ["nrm_coordinator"]


def test_queue_queries_do_not_grow_with_rows(world, django_assert_max_num_queries):
    from tests.fixtures import make_case

    w = world
    api = api_client(w.coordinator)
    client = Client()
    client.force_login(w.coordinator)

    def add_pairs(n):
        pairs = []
        for _ in range(n):
            x = make_case(user=w.worker_a).person_id
            y = make_case(user=w.worker_c).person_id
            pairs.append((x, y, 0.9, ("name",)))
        record_possible_matches(pairs=pairs, source="dedup")

    add_pairs(2)
    with django_assert_max_num_queries(20) as small:
        assert api.get("/api/person-matches").json()["count"] == 2
    with django_assert_max_num_queries(30) as small_page:
        assert client.get("/cases/person-matches/").status_code == 200
    add_pairs(15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert api.get("/api/person-matches").json()["count"] == 17
    with django_assert_max_num_queries(len(small_page.captured_queries)):
        assert client.get("/cases/person-matches/").status_code == 200


def test_the_queue_never_decrypts_a_personal_field(matched, monkeypatch):
    from amanat.cases.models import Case, Person
    from amanat.privacy import fields

    original = fields.EncryptedMixin.from_db_value
    read = []

    def spy(self, value, expression, connection):
        if self.model in (Person, Case):
            read.append(f"{self.model.__name__}.{self.name}")
        return original(self, value, expression, connection)

    monkeypatch.setattr(fields.EncryptedMixin, "from_db_value", spy)
    api = api_client(matched.coordinator)
    assert api.get("/api/person-matches").json()["count"] == 2
    client = Client()
    client.force_login(matched.coordinator)
    assert client.get("/cases/person-matches/").status_code == 200
    assert read == []
    # The spy does see a read of a case (so the empty list above means something).
    assert api_client(matched.worker_a).get(f"/api/cases/{matched.case_a.pk}").status_code == 200
    assert "Person.first_name" in read


def test_a_long_queue_is_counted_up_to_the_cap(matched, monkeypatch):
    from amanat.cases.links import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 1)
    api = api_client(matched.coordinator)
    body = api.get("/api/person-matches").json()
    assert (body["count"], body["count_is_lower_bound"], body["pages"]) == (2, True, 1)
    assert len(body["items"]) == 2
    client = Client()
    client.force_login(matched.coordinator)
    assert "Pairs: more than 10000" in client.get("/cases/person-matches/").content.decode()
    monkeypatch.setattr(selectors, "COUNT_CAP", 10_000)
    body = api.get("/api/person-matches").json()
    assert (body["count"], body["count_is_lower_bound"]) == (2, False)


def test_in_a_one_country_installation_the_coordinator_sees_every_pair(db):
    from tests.fixtures import make_case, make_org

    orgs = [make_org(name=f"KZ {i}", country="KZ") for i in range(2)]
    workers = [make_user(org=o, roles=["case_manager"]) for o in orgs]
    coordinator = make_user(org=orgs[0], roles=["nrm_coordinator"], username="one_country")
    a, b = (make_case(user=w) for w in workers)
    record_possible_matches(pairs=[(a.person_id, b.person_id, 0.9, ())], source="dedup")
    assert api_client(coordinator).get("/api/person-matches").json()["count"] == 1
    assert api_client(workers[0]).get("/api/person-matches").status_code == 404
