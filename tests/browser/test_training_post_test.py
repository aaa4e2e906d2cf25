"""Issue 16 finding 4: a blank post-test is not accepted without confirmation (and not counted
unless confirmed); the page around Russian questions is Russian."""

from __future__ import annotations

import pytest

from amanat.training import services
from amanat.training.models import TestSubmission
from tests.fixtures import make_org, make_user
from tests.training.conftest import make_event, make_items

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _russian_event():
    org = make_org(name="Training Office", country="KZ", org_type="InternationalOrganisation")
    trainer = make_user(org=org, roles=["trainer"], username="trainer")
    event = make_event(trainer, title="ToT", items=make_items(trainer))
    event.test_form.language = "ru"
    event.test_form.save(update_fields=["language"])
    participant = services.participant_add(
        user=trainer, event_id=event.pk, data={"full_name": "Айгуль Садыкова"}
    )
    services.event_update(user=trainer, event_id=event.pk, changes={"post_test_open": True})
    return participant


def test_blank_post_test_needs_confirmation_and_the_page_is_russian(page):
    participant = _russian_event()
    page.goto(f"/training/t/{participant.token}/test/post/")
    main = page.locator("main").inner_text()
    assert "Верно" in main and "Неверно" in main  # not "True"/"False"
    assert "отметьте все верные ответы" in main  # not "tick every correct answer"
    assert "True" not in main and "tick every" not in main
    page.get_by_role("button", name="Отправить ответы").click()
    page.wait_for_load_state("networkidle")
    assert "Вы не ответили ни на один вопрос" in page.locator("main").inner_text()
    assert not TestSubmission.objects.filter(participant=participant).exists()  # not counted
    page.get_by_test_id("confirm-blank").click()
    page.wait_for_load_state("networkidle")
    submission = TestSubmission.objects.get(participant=participant, phase="post")
    assert submission.source == "web"
