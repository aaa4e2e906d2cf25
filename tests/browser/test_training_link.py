"""A participant opens their own test link on a phone, in Russian, and sends the post-test; the
trainer then sees the analysis updated, through a real browser."""

from __future__ import annotations

import pytest

from amanat.training import services
from amanat.training.models import TestSubmission
from tests.browser.conftest import login
from tests.fixtures import make_org, make_user
from tests.training.conftest import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_participant_submits_the_post_test_on_a_phone_and_the_trainer_sees_it(phone_page, page):
    org = make_org(
        name="Browser Training Office", country="KZ", org_type="InternationalOrganisation"
    )
    trainer = make_user(org=org, roles=["trainer"], username="trainer")
    event = make_event(trainer, title="ToT Almaty")
    people = [
        services.participant_add(
            user=trainer, event_id=event.pk, data={"full_name": name, "nrm_role": role}
        )
        for name, role in (
            ("Айгуль Садыкова", "case_manager"),
            ("Нурлан Касымов", "law_enforcement"),
            ("Мадина Рахимова", "service_provider"),
        )
    ]
    for person, pre, post in (
        (people[0], {"Q1": "A"}, {"Q1": "B", "Q2": "нет"}),
        (people[1], {"Q1": "B"}, {"Q1": "B", "Q3": "A;C"}),
        (people[2], {"Q2": "да"}, None),
    ):
        services.test_submission_record(
            user=trainer, event_id=event.pk, participant_id=person.pk, phase="pre", answers=pre
        )
        if post:
            services.test_submission_record(
                user=trainer,
                event_id=event.pk,
                participant_id=person.pk,
                phase="post",
                answers=post,
            )
    services.event_update(user=trainer, event_id=event.pk, changes={"post_test_open": True})
    me = people[2]

    # The participant: their own link, on a phone, switched to Russian.
    phone_page.goto(f"/training/t/{me.token}/")
    phone_page.click("form.langswitch button[value='ru']")
    assert phone_page.locator("html").get_attribute("lang") == "ru"
    body = phone_page.locator("main").inner_text()
    assert "P03" in body
    for other in ("P01", "P02", "Айгуль", "Нурлан", "Садыкова", "Мадина"):
        assert other not in body  # nobody else, not even their own name
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 400
    phone_page.get_by_role("link", name="Пройти итоговый тест").click()
    assert phone_page.get_by_test_id("question").count() == 3
    phone_page.get_by_role("radio", name="B. b").check()
    phone_page.get_by_role("radio", name="Неверно").check()
    phone_page.get_by_role("checkbox", name="A. a").check()
    phone_page.get_by_role("checkbox", name="C. c").check()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 400
    phone_page.get_by_role("button", name="Отправить ответы").click()
    assert "Ваши ответы отправлены" in phone_page.locator(".messages").inner_text()
    assert "Итоговый тест отправлен." in phone_page.locator("main").inner_text()
    assert phone_page.get_by_test_id("open-post").count() == 0  # cannot send it twice
    submission = TestSubmission.objects.get(participant=me, phase="post")
    assert (submission.source, submission.answers) == (
        "web",
        {"Q1": "B", "Q2": "false", "Q3": "A;C"},
    )

    # The trainer: the analysis now counts three post-tests, P03 with full marks.
    login(page, "trainer")
    page.get_by_role("link", name="Training", exact=True).click()
    page.get_by_role("link", name="ToT Almaty").click()
    page.get_by_role("link", name="Analysis", exact=True).click()
    assert page.get_by_test_id("n-post").inner_text() == "3"
    row = page.get_by_test_id("participant-scores").locator("tr", has_text="P03")
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == "P03" and cells[2:4] == ["0.0", "4.0"]
    assert page.get_by_test_id("scores-chart").is_visible()
    page.get_by_role("link", name="Participants", exact=True).click()
    p03 = page.get_by_test_id("participants").locator("tr", has_text="P03")
    assert "post" in p03.inner_text()
