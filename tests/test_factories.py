"""The factories write the same rows as the services (minus audit and timeline events)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import check_password
from django.db import connection

from amanat.accounts.models import UserRole
from amanat.cases.models import Case, Person
from amanat.cases.selectors import case_search
from amanat.privacy.models import Consent
from tests.factories import CaseFactory, ConsentFactory, PersonFactory, UserFactory
from tests.factories.accounts import PASSWORD
from tests.fixtures import make_case, make_org, make_user

PERSON = {
    "first_name": "Гулнора",
    "last_name": "Рахмонова",
    "gender": "Feminine",
    "birth_date": "1994-03-08",
    "phone": "+998 90 555-12-34",
    "id_document_type": "Passport",
    "id_document_number": "fa 778-1234",
}


def test_a_factory_person_matches_the_service_person(db):
    org = make_org(name="Equivalence NGO")
    user = make_user(org=org)
    served = make_case(user=user, person=PERSON).person
    built = PersonFactory(
        owner_organisation=org,
        **{**PERSON, "birth_date": dt.date(1994, 3, 8)},
    )
    assert built.phone_index == served.phone_index != ""
    assert built.id_document_index == served.id_document_index != ""
    assert built.birth_year == served.birth_year == 1994
    stored = Person.objects.get(pk=built.pk)
    assert (stored.first_name, stored.phone) == ("Гулнора", "+998 90 555-12-34")
    with connection.cursor() as cursor:
        cursor.execute("SELECT first_name, phone FROM cases_person WHERE id = %s", [built.pk])
        raw = " ".join(str(value) for value in cursor.fetchone())
    assert "Гулнора" not in raw and "555" not in raw


def test_a_factory_case_is_found_like_a_service_case(db):
    case = CaseFactory(person__phone="+998905551234")
    user = case.case_worker
    assert case.owner_organisation_id == user.organisation_id == case.person.owner_organisation_id
    assert case.country == "KZ" and len(case.code) == 9
    assert case.retention_until == case.identified_on.replace(year=case.identified_on.year + 10)
    assert [c.pk for c in case_search(user, "+998 90 555 12 34")] == [case.pk]
    assert Case.objects.get(pk=case.pk).person.phone == "+998905551234"


def test_a_factory_user_has_its_roles_and_a_checkable_password(db):
    user = UserFactory(roles=["nrm_coordinator", "researcher"])
    served = make_user(org=user.organisation, roles=["researcher", "nrm_coordinator"])
    assert user.permissions == served.permissions and user.permissions
    assert sorted(UserRole.objects.filter(user=user).values_list("role", flat=True)) == [
        "nrm_coordinator",
        "researcher",
    ]
    assert check_password(PASSWORD, user.password)
    consent = ConsentFactory(case=CaseFactory(case_worker=UserFactory()))
    assert Consent.objects.get(pk=consent.pk).is_active
