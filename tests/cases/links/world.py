"""Three organisations (two in KZ, one in KG), their case workers, and a KZ coordinator."""

from __future__ import annotations

import pytest

from tests.fixtures import make_case, make_org, make_user


@pytest.fixture
def world(db):
    org_a = make_org(name="Border NGO", country="KZ")
    org_b = make_org(name="City Shelter", country="KZ")
    org_c = make_org(name="Bishkek Centre", country="KG")
    worker_a = make_user(org=org_a, roles=["case_manager"], username="worker_a")
    worker_b = make_user(org=org_b, roles=["case_manager"], username="worker_b")
    worker_c = make_user(org=org_c, roles=["case_manager"], username="worker_c")
    coordinator = make_user(org=org_b, roles=["nrm_coordinator"], username="coordinator")
    person = {"first_name": "Айгуль", "last_name": "Сериккызы", "birth_date": "1990-05-01"}
    case_a = make_case(user=worker_a, person=dict(person))
    case_b = make_case(user=worker_b, person={**person, "first_name_latin": "Aigul"})
    case_c = make_case(user=worker_c, person=dict(person))
    case_a2 = make_case(user=worker_a, person={"first_name": "Другой", "last_name": "Человек"})

    class World:
        pass

    w = World()
    w.__dict__.update(locals())
    return w
