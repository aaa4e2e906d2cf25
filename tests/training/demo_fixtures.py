"""The demo's past training of trainers, seeded once per module (tests/training and others)."""

from __future__ import annotations

import random

import pytest

from amanat.training import demo
from tests.fixtures import make_org, make_user, shared_rows


@pytest.fixture(scope="module")
def _demo_event_ids(django_db_setup, django_db_blocker):
    """The demo's past training of trainers, seeded with a minimal context once per module (the
    seeding is the slow part of these tests); each test's own writes are rolled back after it."""
    from amanat.training.models import TrainingEvent

    with shared_rows(django_db_blocker):
        org = make_org(
            name="International Migration Office (demo)",
            country="KZ",
            org_type="InternationalOrganisation",
        )
        user = make_user(org=org, roles=["trainer"], username="trainer")
        summary = demo.seed(
            {
                "rng": random.Random(2026),
                "organisations": {"kz_io": org},
                "users": {"trainer": user},
                "cases": [],
            }
        )
        assert TrainingEvent.objects.filter(pk=summary["events"][0]).exists()
        yield summary["events"][0], user.pk


@pytest.fixture
def demo_event(_demo_event_ids, db):
    """(event, trainer) of the demo, read afresh for each test."""
    from amanat.accounts.models import User
    from amanat.training.models import TrainingEvent

    event_id, user_id = _demo_event_ids
    return TrainingEvent.objects.get(pk=event_id), User.objects.get(pk=user_id)
