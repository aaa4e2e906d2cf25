"""Each request reads its user, organisation and roles in one query (issue 13, item 5), and a
role change still takes effect on the very next request (nothing is kept between requests)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from amanat.accounts.models import UserRole
from tests.fixtures import api_client


def _standalone(queries, table: str) -> list[str]:
    """Queries that read `table` on their own (not as a subquery or join of another query)."""
    return [q["sql"] for q in queries if q["sql"].startswith(f'SELECT "{table}"')]


def test_an_api_request_reads_token_user_organisation_and_roles_in_one_query(case, case_manager):
    client = api_client(case_manager)
    client.get(f"/api/cases/{case.pk}")  # warm-up: last_used_at is written at most once a minute
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/cases", {"query": case.code})
    assert response.status_code == 200
    assert [item["code"] for item in response.json()["items"]] == [case.code]
    assert _standalone(queries, "accounts_userrole") == []
    assert _standalone(queries, "accounts_organisation") == []
    assert len([q for q in queries if 'FROM "accounts_apitoken"' in q["sql"]]) == 1


def test_a_web_request_reads_the_session_user_with_roles_in_one_query(case, case_manager, client):
    client.force_login(case_manager)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    assert _standalone(queries, "accounts_userrole") == []
    assert len(_standalone(queries, "accounts_user")) == 1


def test_a_removed_role_takes_effect_on_the_next_request(case, case_manager, client):
    api = api_client(case_manager)
    client.force_login(case_manager)
    assert api.get(f"/api/cases/{case.pk}").status_code == 200
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    UserRole.objects.filter(user=case_manager).delete()
    assert api.get(f"/api/cases/{case.pk}").status_code in (403, 404)
    assert client.get(f"/cases/{case.pk}/").status_code in (403, 404)


def test_several_roles_are_all_read(case_manager):
    from amanat.accounts.backends import AccountBackend

    UserRole.objects.create(user=case_manager, role="coordinator")
    user = AccountBackend().get_user(case_manager.pk)
    assert user.roles == frozenset({"case_manager", "coordinator"})
