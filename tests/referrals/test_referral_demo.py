"""The demo seed: directory entries for the demo organisations and referrals in several states."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from amanat.platform.demo import ORGANISATIONS, USERS
from amanat.referrals import demo
from amanat.referrals.models import DirectoryService, Need, Referral
from tests.fixtures import make_case, make_org, make_user

pytestmark = pytest.mark.django_db


def test_seed_loads_directory_and_referrals_in_many_states():
    orgs = {
        key: make_org(name=name, org_type=kind, country=country, region=region)
        for key, name, kind, country, region in ORGANISATIONS
    }
    users = {
        name: make_user(org=orgs[key], roles=roles, username=name) for name, roles, key in USERS
    }
    opener = {
        "kz_ngo": "casemanager",
        "kz_police": "police",
        "kg_ngo": "casemanager_kg",
        "tj_ngo": "casemanager_tj",
    }
    cases = [
        make_case(user=users[opener[key]], case={"country": orgs[key].country})
        for key in opener
        for _ in range(8)
    ]
    demo.seed({"rng": random.Random(1), "organisations": orgs, "users": users, "cases": cases})
    states = Counter(Referral.objects.values_list("state", flat=True))
    assert states == {
        "completed": 5,
        "accepted": 2,
        "declined": 2,
        "sent": 2,
        "in_progress": 2,
        "draft": 1,
        "revoked": 1,
        "closed_without_service": 1,
        "expired": 1,
    }
    listed = set(DirectoryService.objects.values_list("organisation__name", flat=True))
    assert {name for key, name, *_ in ORGANISATIONS if key != "kz_gov"} <= listed
    assert Referral.objects.filter(transnational=True).exclude(legal_basis="").count() == 9
    assert Need.objects.filter(status="open").exists()
