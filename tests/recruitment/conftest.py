"""Shared set-up of the recruitment tests: a risky Russian advertisement and users by role."""

from __future__ import annotations

import pytest

from tests.fixtures import make_user

RISKY_RU = (
    "Срочно требуются девушки 18-25 в ночной клуб в Дубае. Зарплата 3000$. Перелёт за счёт "
    "работодателя, потом отработаешь. Паспорт сдать на хранение. Пиши в WhatsApp."
)
SAFE_EN = (
    "Almaty city library seeks an archivist. Degree in information science required. Written "
    "contract, salary 300,000 tenge. Apply at the library office, 12 Abay Avenue."
)


@pytest.fixture
def officer(org):
    return make_user(org=org, roles=["law_enforcement"], username="officer")


@pytest.fixture
def researcher(org):
    return make_user(org=org, roles=["researcher"], username="researcher")


@pytest.fixture
def coordinator(org):
    return make_user(org=org, roles=["nrm_coordinator"], username="coordinator")
