"""Hot lists must not grow queries with the number of rows (no N+1)."""

from __future__ import annotations

from django.test import Client

from tests.fixtures import PASSWORD, api_client, make_case


def test_case_list_queries_do_not_grow_with_rows(case_manager, django_assert_max_num_queries):
    for _ in range(3):
        make_case(user=case_manager)
    client = Client()
    client.post("/accounts/login/", {"username": "cm", "password": PASSWORD})
    # 16 before the worklist (ADR 1621); +3 that do not grow with rows: the page's flags, the
    # assigned-worker choices and the panels' counts.
    with django_assert_max_num_queries(19) as small:
        client.get("/cases/")
    for _ in range(20):
        make_case(user=case_manager)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/cases/")


def test_api_case_list_queries_do_not_grow_with_rows(case_manager, django_assert_max_num_queries):
    for _ in range(3):
        make_case(user=case_manager)
    client = api_client(case_manager)
    with django_assert_max_num_queries(16) as small:
        assert client.get("/api/cases").status_code == 200
    for _ in range(20):
        make_case(user=case_manager)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/api/cases").status_code == 200
