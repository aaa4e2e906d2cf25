"""The demo seed: a handful of kept advertisements, two linked to one demo case."""

from __future__ import annotations

import random

import pytest

from amanat.cases.models import CaseEvent
from amanat.platform.demo import DEMO_APPS, ORGANISATIONS, USERS
from amanat.privacy.models import AuditEvent
from amanat.recruitment import demo
from amanat.recruitment.models import AdCaseLink, MonitoredAd
from tests.fixtures import make_case, make_org, make_user

pytestmark = pytest.mark.django_db


def _context():
    orgs = {
        key: make_org(name=name, org_type=kind, country=country, region=region)
        for key, name, kind, country, region in ORGANISATIONS
    }
    users = {
        name: make_user(org=orgs[key], roles=roles, username=name) for name, roles, key in USERS
    }
    other = make_case(user=users["casemanager_kg"])
    cases = [other] + [make_case(user=users["casemanager"]) for _ in range(3)]
    return {"rng": random.Random(1), "organisations": orgs, "users": users, "cases": cases}


def test_seed_keeps_ads_in_the_demo_organisation_and_links_two_to_one_case():
    context = _context()
    demo.seed(context)
    user = context["users"]["casemanager"]
    ads = MonitoredAd.objects.order_by("found_on")
    assert ads.count() == len(demo.ADS) == 5
    assert {ad.organisation_id for ad in ads} == {user.organisation_id}
    assert sorted(ad.level for ad in ads) == ["high", "high", "high", "high", "low"]
    case = context["cases"][1]  # the first case of the case manager's organisation
    assert set(AdCaseLink.objects.values_list("case_id", flat=True)) == {case.pk}
    assert AdCaseLink.objects.count() == 2
    assert CaseEvent.objects.filter(case=case, kind="recruitment.ad_linked").count() == 2
    assert AuditEvent.objects.filter(action="recruitment.ad.keep").count() == 5


def test_the_platform_seed_calls_the_recruitment_seed():
    assert "recruitment" in DEMO_APPS
