"""Fixtures of the training app's database tests: trainers, events, a small test, the demo."""

from __future__ import annotations

import datetime as dt

import pytest

from amanat.training import services
from amanat.training.models import Item
from tests.factories import OrganisationFactory, UserFactory

# Registered for the whole suite in tests/conftest.py; imported here for the modules that import
# `demo_event` from this conftest (tests/core/test_file_modes.py).
from tests.training.demo_fixtures import _demo_event_ids, demo_event  # noqa: F401


# Trainers and their office are preconditions here, not the subject (the accounts tests cover
# organisation_create and user_create): factories, no audited service path.
@pytest.fixture
def trainer_org(db):
    return OrganisationFactory(
        name="Training Office", country="KZ", org_type="InternationalOrganisation"
    )


@pytest.fixture
def trainer(trainer_org):
    return UserFactory(organisation=trainer_org, roles=["trainer"], username="trainer1")


@pytest.fixture
def other_trainer(trainer_org):
    """Same organisation, but not a trainer of the events made by `trainer`."""
    return UserFactory(organisation=trainer_org, roles=["trainer"], username="trainer2")


def make_items(user, specs=None):
    specs = specs or [
        ("Q1", "single", [("A", "a"), ("B", "b"), ("C", "c")], "B", 1, "M1"),
        ("Q2", "true_false", [], "нет", 1, "M1"),
        ("Q3", "multiple", [("A", "a"), ("B", "b"), ("C", "c")], "A;C", 2, "M2"),
    ]
    items = []
    for code, item_type, options, key, points, module in specs:
        existing = Item.objects.filter(owner_organisation_id=user.organisation_id, code=code)
        if existing.exists():  # a colleague's bank: reuse it
            items.append(existing.get())
            continue
        items.append(
            services.item_create(
                user=user,
                code=code,
                data={
                    "text": f"Question {code}",
                    "item_type": item_type,
                    "module": module,
                    "options": [{"key": k, "text": t} for k, t in options],
                    "correct_answer": key,
                    "max_points": points,
                    "language": "en",
                },
            )
        )
    return items


def make_event(user, *, items=None, days=3, title="ToT"):
    items = items if items is not None else make_items(user)
    form = services.test_form_create(
        user=user, title="Test", language="en", item_ids=[i.pk for i in items]
    )
    evaluation = services.evaluation_form_create(
        user=user,
        title="Evaluation",
        language="en",
        questions=[
            {"text": "Useful", "kind": "likert", "scope": "session"},
            {"text": "Overall", "kind": "likert", "scope": "overall"},
            {"text": "Improve?", "kind": "open", "scope": "overall"},
        ],
    )
    start = dt.date(2026, 3, 2)
    return services.event_create(
        user=user,
        data={
            "title": title,
            "kind": "training_of_trainers",
            "start_date": start,
            "end_date": start + dt.timedelta(days=days - 1),
            "place": "Almaty",
            "country": "KZ",
            "language": "en",
            "test_form": form.pk,
            "evaluation_form": evaluation.pk,
        },
    )


@pytest.fixture
def event(trainer):
    return make_event(trainer)
