"""Phones in national formats: stored and indexed as E.164, found however they are typed."""

from __future__ import annotations

import json

import pytest

from amanat.cases.selectors import case_search
from amanat.privacy.crypto import normalise_phone
from tests.fixtures import api_client, make_case, make_org, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "region", "expected"),
    [
        ("0555123456", "KG", "996555123456"),
        ("0555 12-34-56", "KG", "996555123456"),
        ("+996 555 123 456", "", "996555123456"),
        ("996555123456", "KG", "996555123456"),
        ("8 701 123 45 67", "KZ", "77011234567"),
        ("+7 701 123 4567", "KG", "77011234567"),
        ("90 123 45 67", "UZ", "998901234567"),
        ("", "KG", ""),
        ("12", "KG", "12"),  # not a possible number: the digits, as before
    ],
)
def test_normalise_phone_reads_national_formats(typed, region, expected):
    assert normalise_phone(typed, region) == expected


def test_a_local_number_finds_the_international_one_and_the_reverse():
    user = make_user(org=make_org(name="Osh NGO", country="KG"), roles=["case_manager"])
    stored = make_case(user=user, person={"first_name": "Айпери", "phone": "+996555123456"})
    local = make_case(user=user, person={"first_name": "Нурбек", "phone": "0700 98 76 54"})
    assert local.person.phone == "+996700987654"  # stored in international form
    assert case_search(user, "0555123456") == [stored]
    assert case_search(user, "0555 123 456") == [stored]
    assert case_search(user, "+996 700 987654") == [local]
    found = api_client(user).get("/api/cases", {"query": "0555123456"}).json()
    assert [(i["code"], i["match_reasons"]) for i in found["items"]] == [
        (stored.code, ["phone_same"])
    ]


def test_a_bad_phone_is_refused_naming_the_field():
    user = make_user(org=make_org(name="Osh NGO 2", country="KG"), roles=["case_manager"])
    response = api_client(user).post(
        "/api/cases",
        data=json.dumps({"first_name": "Айпери", "phone": "0x55"}),
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["field"] == "phone"


def test_name_search_results_are_ranked_with_reasons_in_the_api():
    user = make_user(org=make_org(name="Osh NGO 3", country="KG"), roles=["case_manager"])
    exact = make_case(user=user, person={"first_name": "Жылдызбек", "last_name": "Асанов"})
    typo = make_case(user=user, person={"first_name": "Жылдызбек", "last_name": "Асанбеков"})
    make_case(user=user, person={"first_name": "Мирлан", "last_name": "Орозбеков"})
    items = api_client(user).get("/api/cases", {"query": "Jyldyzbek Asanov"}).json()["items"]
    assert [i["code"] for i in items] == [exact.code, typo.code]
    assert items[0]["match_score"] == 1.0
    assert items[0]["match_reasons"] == [
        "name_same_key",
        "name_other_script",
    ]
    assert items[1]["match_score"] < 1.0 and items[1]["match_reasons"][0] == "name_similar"
    plain = api_client(user).get("/api/cases").json()["items"]
    assert all(i["match_score"] is None and i["match_reasons"] is None for i in plain)


def test_the_web_search_lists_best_first_with_reasons_translated():
    from django.test import Client

    user = make_user(org=make_org(name="Osh NGO 4", country="KG"), roles=["case_manager"])
    exact = make_case(user=user, person={"first_name": "Сардор", "last_name": "Хўжаев"})
    near = make_case(user=user, person={"first_name": "Сардор", "last_name": "Хожиев"})
    client = Client(headers={"Accept-Language": "ru"})
    client.force_login(user)
    html = client.get("/cases/", {"q": "Xo'jayev Sardor"}).content.decode()
    assert html.index(exact.code) < html.index(near.code)
    assert "то же имя с учётом вариантов написания" in html
    assert "похожее имя (отличаются несколько букв)" in html
