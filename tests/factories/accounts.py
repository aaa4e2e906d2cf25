"""Organisations and users with roles (a fast password hash: tests/conftest.py)."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from amanat.accounts.models import Organisation, User, UserRole

PASSWORD = "Correct-horse-battery-9"  # noqa: S105  the same as tests/fixtures.PASSWORD


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Factory organisation {n}")
    org_type = "NGO"
    country = "KZ"
    region = ""


class UserFactory(DjangoModelFactory):
    """A user of `organisation` with `roles` (a list of role codes, default case manager)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"factory_user{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    preferred_language = "en"
    # set_password uses settings.PASSWORD_HASHERS: MD5 in tests, so this costs microseconds.
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        roles = sorted(set(extracted if extracted is not None else ["case_manager"]))
        if create:
            self.save(update_fields=["password"])
            UserRole.objects.bulk_create([UserRole(user=self, role=role) for role in roles])
