from __future__ import annotations

import pyotp
import pytest
from django.db import connection
from django.test import Client

from amanat.accounts.models import Organisation, User
from tests.fixtures import PASSWORD, make_case, make_user


@pytest.fixture
def admin_client(org):
    admin = make_user(org=org, roles=["administrator"], username="root")
    client = Client()
    client.post("/accounts/login/", {"username": "root", "password": PASSWORD})
    client.get("/accounts/login/otp/setup/")
    admin.refresh_from_db()
    client.post("/accounts/login/otp/setup/", {"code": pyotp.TOTP(admin.totp_secret).now()})
    return client


def test_admin_creates_organisation_and_user(admin_client, org):
    response = admin_client.post(
        "/accounts/admin/organisations/",
        {"name": "Osh Shelter", "org_type": "NGO", "country": "KG", "region": "KG-O"},
    )
    assert response.status_code == 302
    osh = Organisation.objects.get(name="Osh Shelter")
    response = admin_client.post(
        "/accounts/admin/users/",
        {
            "username": "nurai",
            "organisation": osh.pk,
            "roles": ["service_provider"],
            "password": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="nurai").roles == {"service_provider"}
    bad = admin_client.post(
        "/accounts/admin/organisations/",
        {"name": "X", "org_type": "NGO", "country": "KG", "region": "KZ-75"},
    )
    assert bad.status_code == 200 and "not a region" in bad.content.decode()


def test_admin_deactivates_and_unlocks(admin_client, case_manager):
    assert (
        admin_client.post(f"/accounts/admin/users/{case_manager.pk}/deactivate/").status_code == 302
    )
    case_manager.refresh_from_db()
    assert not case_manager.is_active
    assert (
        Client().post("/accounts/login/", {"username": "cm", "password": PASSWORD}).status_code
        == 200
    )


def test_admin_sees_a_broken_chain_but_never_case_data(admin_client, case_manager):
    case = make_case(user=case_manager)
    assert admin_client.get(f"/cases/{case.pk}/").status_code == 404
    page = admin_client.get("/accounts/admin/audit/").content.decode()
    assert "case.create" in page and "Тест" not in page
    with connection.cursor() as cursor:
        cursor.execute("UPDATE privacy_auditevent SET purpose = 'x' WHERE seq = 2")
    result = admin_client.post("/accounts/admin/audit/").content.decode()
    assert "Broken at entry #2" in result


def test_non_administrators_get_404(case_manager):
    client = Client()
    client.post("/accounts/login/", {"username": "cm", "password": PASSWORD})
    for path in (
        "/accounts/admin/organisations/",
        "/accounts/admin/users/",
        "/accounts/admin/audit/",
    ):
        assert client.get(path).status_code == 404
