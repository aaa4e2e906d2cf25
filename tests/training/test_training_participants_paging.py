"""Training participants keyset-paged through the API (ADR 0030)."""

from __future__ import annotations

import pytest

from amanat.training import services as training_services
from tests.fixtures import api_client
from tests.training.conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event_with_participants(trainer):
    event = make_event(trainer)
    for n in range(5):
        training_services.participant_add(
            user=trainer,
            event_id=event.pk,
            data={"full_name": f"Участник {n}", "code": f"P{n:02d}"},
        )
    return event


def test_participants_api_pages_with_limit_and_cursor(
    trainer, other_trainer, event_with_participants
):
    event = event_with_participants
    client = api_client(trainer)
    url = f"/api/training/events/{event.pk}/participants"
    whole = client.get(url).json()
    assert [p["code"] for p in whole] == ["P00", "P01", "P02", "P03", "P04"]
    codes, cursor = [], None
    while True:
        answer = client.get(url, {"limit": 2, **({"cursor": cursor} if cursor else {})})
        assert answer.status_code == 200
        codes += [p["code"] for p in answer.json()]
        cursor = answer.get("X-Next-Cursor")
        if not cursor:
            break
    assert codes == ["P00", "P01", "P02", "P03", "P04"]
    assert client.get(url, {"limit": 0, "cursor": "forged"}).status_code == 422
    assert client.get(url, {"limit": 5000}).status_code == 422
    assert api_client(other_trainer).get(url, {"limit": 2}).status_code == 404
    assert client.get("/api/training/events/999999/participants", {"limit": 2}).status_code == 404
