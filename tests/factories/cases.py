"""Persons, cases and consents, written as the services write them (minus audit and timeline)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from amanat.cases.codes import new_case_code
from amanat.cases.identity.index import person_names_index
from amanat.cases.models import Case, Person
from amanat.privacy.crypto import blind_index, normalise_document_number, normalise_phone
from amanat.privacy.models import Consent
from tests.factories.accounts import OrganisationFactory, UserFactory


class PersonFactory(DjangoModelFactory):
    """Names, phone and document are encrypted by the model fields; their blind indexes and the
    unencrypted birth year are derived in `_create` exactly as the case service derives them, and
    the name index written as the service writes it."""

    class Meta:
        model = Person

    owner_organisation = factory.SubFactory(OrganisationFactory)
    first_name = "Тест"
    last_name = "Тестов"
    gender = "Masculine"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        person = model_class(*args, **kwargs)
        region = person.owner_organisation.country if person.owner_organisation_id else ""
        person.phone_index = blind_index("phone", normalise_phone(person.phone, region))
        person.id_document_index = blind_index(
            "document", normalise_document_number(person.id_document_number)
        )
        person.birth_year = person.birth_date.year if person.birth_date else None
        person.save()
        person_names_index(person)
        return person


class CaseFactory(DjangoModelFactory):
    """A case of `case_worker`'s organisation; the person belongs to the same organisation."""

    class Meta:
        model = Case

    case_worker = factory.SubFactory(UserFactory)
    created_by = factory.SelfAttribute("case_worker")
    owner_organisation = factory.SelfAttribute("case_worker.organisation")
    person = factory.SubFactory(
        PersonFactory, owner_organisation=factory.SelfAttribute("..owner_organisation")
    )
    code = factory.LazyFunction(new_case_code)
    identified_on = factory.LazyFunction(timezone.localdate)
    country = factory.SelfAttribute("owner_organisation.country")
    region = factory.SelfAttribute("owner_organisation.region")
    # The service's default: ten years after identification (AMANAT_RETENTION_YEARS).
    retention_until = factory.LazyAttribute(
        lambda case: (
            case.identified_on.replace(year=case.identified_on.year + 10)
            if (case.identified_on.month, case.identified_on.day) != (2, 29)
            else dt.date(case.identified_on.year + 10, 2, 28)
        )
    )


class ConsentFactory(DjangoModelFactory):
    """Written assistance consent by the case worker; pass `purpose="referral"` with
    `recipient_organisation` for a referral consent (the database insists on one)."""

    class Meta:
        model = Consent

    case = factory.SubFactory(CaseFactory)
    purpose = "assistance"
    method = "written"
    granted = True
    given_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.SelfAttribute("case.case_worker")
