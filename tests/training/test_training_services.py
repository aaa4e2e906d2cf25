"""Curricula versions, the agenda, participants' links, forms that lock once answered, retention
and the demo: what must happen and what must not."""

from __future__ import annotations

import datetime as dt

import pytest

from amanat.errors import Conflict, NotFound, ValidationError
from amanat.privacy.models import AuditEvent
from amanat.training import results as training_results
from amanat.training import selectors, services
from amanat.training.models import (
    AgendaItem,
    CurriculumSession,
    CurriculumVersion,
    EvaluationResponse,
    Participant,
    SessionMaterial,
    TestSubmission,
    TrainingEvent,
)
from tests.training.conftest import make_event


def _curriculum(user, code="NRM"):
    version = services.curriculum_create(
        user=user,
        code=code,
        title="NRM basics",
        target_roles=["case_manager", "Law enforcement (police)"],
        languages=["ru", "kk"],
    )
    m1 = services.curriculum_module_add(user=user, version_id=version.pk, code="M1", title="One")
    m2 = services.curriculum_module_add(user=user, version_id=version.pk, code="M2", title="Two")
    for module, minutes in ((m1, [90, 120]), (m2, [60, 60, 90])):
        for number, duration in enumerate(minutes, start=1):
            session = services.curriculum_session_add(
                user=user,
                module_id=module.pk,
                data={
                    "title": f"{module.code}.{number}",
                    "duration_minutes": duration,
                    "method": "lecture",
                    "objectives": "Know\nDo",
                },
            )
    services.material_add(
        user=user,
        session_id=session.pk,
        title="Handout",
        file_name="h.txt",
        content=b"hello",
        content_type="text/plain",
    )
    return version


def test_a_curriculum_version_is_frozen_once_published_and_copied_into_the_next(trainer):
    version = _curriculum(trainer)
    assert version.target_roles == ["case_manager", "law_enforcement"]  # labels are read too
    services.curriculum_version_publish(user=trainer, version_id=version.pk)
    with pytest.raises(Conflict):
        services.curriculum_module_add(
            user=trainer, version_id=version.pk, code="M3", title="Three"
        )
    session = CurriculumSession.objects.filter(module__version=version).first()
    with pytest.raises(Conflict):
        services.curriculum_session_update(
            user=trainer, session_id=session.pk, changes={"duration_minutes": 30}
        )
    second = services.curriculum_version_new(
        user=trainer, version_id=version.pk, change_note="Shorter day two"
    )
    assert (second.number, second.status, second.title) == (2, "draft", "NRM basics")
    assert [s.title for s in CurriculumSession.objects.filter(module__version=second)] == [
        "M1.1",
        "M1.2",
        "M2.1",
        "M2.2",
        "M2.3",
    ]
    assert SessionMaterial.objects.get(session__module__version=second).content == b"hello"
    with pytest.raises(Conflict):  # one draft at a time
        services.curriculum_version_new(user=trainer, version_id=version.pk)
    services.curriculum_session_update(
        user=trainer,
        session_id=CurriculumSession.objects.filter(module__version=second).first().pk,
        changes={"duration_minutes": 45},
    )
    assert CurriculumSession.objects.filter(module__version=version).first().duration_minutes == 90
    services.curriculum_version_publish(user=trainer, version_id=second.pk)
    version.refresh_from_db()
    assert version.status == "retired"


def test_events_use_published_versions_only_and_keep_theirs(trainer):
    version = _curriculum(trainer)
    start = dt.date(2026, 5, 4)
    data = {
        "title": "Workshop",
        "kind": "regional_workshop",
        "start_date": start,
        "end_date": start + dt.timedelta(days=1),
        "place": "Osh",
        "country": "KG",
        "curriculum_version": version.pk,
    }
    with pytest.raises(ValidationError) as caught:
        services.event_create(user=trainer, data=data)
    assert caught.value.field == "curriculum_version"
    services.curriculum_version_publish(user=trainer, version_id=version.pk)
    event = services.event_create(user=trainer, data=data)
    services.curriculum_version_new(user=trainer, version_id=version.pk)
    assert TrainingEvent.objects.get(pk=event.pk).curriculum_version_id == version.pk


def test_published_curricula_are_shared_drafts_are_not(trainer):
    from tests.fixtures import make_org, make_user

    far = make_user(org=make_org(name="Far", country="TJ"), roles=["trainer"])
    draft = _curriculum(trainer)
    with pytest.raises(NotFound):
        selectors_version(far, draft.pk)
    services.curriculum_version_publish(user=trainer, version_id=draft.pk)
    assert selectors_version(far, draft.pk).pk == draft.pk
    with pytest.raises(NotFound):  # reuse, yes; change, no
        services.curriculum_version_new(user=far, version_id=draft.pk)


def selectors_version(user, version_id):
    from amanat.training.access import curriculum_version_get

    return curriculum_version_get(user, version_id)


def test_agenda_is_built_day_by_day_from_the_curriculum(trainer):
    version = _curriculum(trainer)
    services.curriculum_version_publish(user=trainer, version_id=version.pk)
    event = make_event(trainer, days=2)
    services.event_update(
        user=trainer, event_id=event.pk, changes={"curriculum_version": version.pk}
    )
    agenda = services.agenda_build_from_curriculum(
        user=trainer, event_id=event.pk, day_minutes=240, start_time="09:30"
    )
    # 90 + 120 fit day 1 (210 <= 240); M2.1 (60) would make 270: day 2 takes 60 + 60 + 90
    assert [(a.ref, a.title, a.start_time.strftime("%H:%M")) for a in agenda] == [
        ("1.1", "M1.1", "09:30"),
        ("1.2", "M1.2", "11:00"),
        ("2.1", "M2.1", "09:30"),
        ("2.2", "M2.2", "10:30"),
        ("2.3", "M2.3", "11:30"),
    ]
    with pytest.raises(ValidationError) as caught:
        services.agenda_build_from_curriculum(user=trainer, event_id=event.pk, day_minutes=120)
    assert caught.value.field == "day_minutes"
    assert AgendaItem.objects.filter(event=event).count() == 5  # the failed rebuild changed nothing
    by_module = services.agenda_build_from_curriculum(
        user=trainer, event_id=event.pk, day_minutes=600, module_per_day=True
    )
    assert [a.ref for a in by_module] == ["1.1", "1.2", "2.1", "2.2", "2.3"]


def test_dates_cannot_shrink_below_the_agenda(trainer, event):
    services.agenda_item_add(user=trainer, event_id=event.pk, data={"day": 3, "title": "Close"})
    with pytest.raises(Conflict):
        services.event_update(
            user=trainer, event_id=event.pk, changes={"end_date": event.start_date}
        )
    with pytest.raises(ValidationError):
        services.event_update(
            user=trainer,
            event_id=event.pk,
            changes={"end_date": event.start_date + dt.timedelta(days=40)},
        )


@pytest.fixture
def person(trainer, event):
    return services.participant_add(
        user=trainer, event_id=event.pk, data={"full_name": "Асель Нурматова"}
    )


def test_the_link_submits_only_open_tests_once(trainer, event, person):
    answers = {"Q1": "B", "Q2": "false", "Q3": ["A", "C"]}
    with pytest.raises(Conflict):  # not open yet
        services.public_test_submit(token=person.token, phase="pre", answers=answers)
    services.event_update(user=trainer, event_id=event.pk, changes={"pre_test_open": True})
    with pytest.raises(Conflict):  # the post-test is still closed
        services.public_test_submit(token=person.token, phase="post", answers=answers)
    submission = services.public_test_submit(token=person.token, phase="pre", answers=answers)
    assert (submission.source, submission.answers, submission.recorded_by) == (
        "web",
        {"Q1": "B", "Q2": "false", "Q3": "A;C"},
        None,
    )
    with pytest.raises(Conflict):
        services.public_test_submit(token=person.token, phase="pre", answers=answers)
    with pytest.raises(ValidationError) as caught:
        services.public_test_submit(token=person.token, phase="pre", answers={"Q1": "D"})
    assert caught.value.field == "answers.Q1"
    assert TestSubmission.objects.count() == 1
    audit = AuditEvent.objects.get(action="training.test.submit")
    assert (audit.actor_id, audit.fields, audit.extra) == (
        None,
        ["answers"],
        {"event": event.pk, "phase": "pre", "channel": "link"},
    )


def test_a_token_opens_its_own_event_only(trainer, event, person):
    other = make_event(trainer, title="Other")
    services.event_update(user=trainer, event_id=other.pk, changes={"pre_test_open": True})
    with pytest.raises(Conflict):  # the person's own event has its test closed
        services.public_test_submit(token=person.token, phase="pre", answers={})
    assert not TestSubmission.objects.filter(event=other).exists()


def test_the_public_evaluation_is_checked_against_the_form(trainer, event, person):
    services.agenda_item_add(
        user=trainer, event_id=event.pk, data={"day": 1, "title": "Lecture", "method": "lecture"}
    )
    services.event_update(user=trainer, event_id=event.pk, changes={"evaluation_open": True})
    slots = training_results.evaluation_slots(TrainingEvent.objects.get(pk=event.pk))
    assert [(a.title if a else None, q.text) for a, q in slots] == [
        ("Lecture", "Useful"),
        (None, "Overall"),
        (None, "Improve?"),
    ]
    (agenda, useful), (_none, overall), (_n, improve) = slots
    with pytest.raises(ValidationError):
        services.public_evaluation_submit(
            token=person.token,
            answers=[{"agenda": agenda.pk, "question": useful.pk, "answer": "6"}],
        )
    with pytest.raises(ValidationError):  # an overall question asked about a session
        services.public_evaluation_submit(
            token=person.token,
            answers=[{"agenda": agenda.pk, "question": overall.pk, "answer": "4"}],
        )
    services.public_evaluation_submit(
        token=person.token,
        answers=[
            {"agenda": agenda.pk, "question": useful.pk, "answer": "4"},
            {"agenda": None, "question": improve.pk, "answer": "Longer breaks"},
        ],
    )
    with pytest.raises(Conflict):
        services.public_evaluation_submit(token=person.token, answers=[])
    _event, results = selectors.evaluation_results(trainer, event.pk)
    assert results.responses == 1
    first = results.summary.sessions[0]
    assert (first.session, first.questions[0].likert.mean) == ("1.1 Lecture", 4.0)
    with pytest.raises(Conflict):  # evaluations refer to the agenda now
        services.agenda_item_delete(user=trainer, event_id=event.pk, item_id=agenda.pk)


def test_a_form_with_answers_cannot_change(trainer, event, person):
    services.test_submission_record(
        user=trainer, event_id=event.pk, participant_id=person.pk, phase="pre", answers={"Q1": "B"}
    )
    with pytest.raises(Conflict):
        services.test_form_set_items(
            user=trainer,
            form_id=event.test_form_id,
            item_ids=[event.test_form.form_items.first().item_id],
        )
    other_form = services.test_form_create(
        user=trainer, title="Other", item_ids=[event.test_form.form_items.first().item_id]
    )
    with pytest.raises(Conflict):
        services.event_update(user=trainer, event_id=event.pk, changes={"test_form": other_form.pk})


def test_attendance_is_set_per_day(trainer, event, person):
    assert (
        services.attendance_set(
            user=trainer, event_id=event.pk, marks={(person.pk, 1): True, (person.pk, 2): False}
        )
        == 2
    )
    assert (
        services.attendance_set(user=trainer, event_id=event.pk, marks={(person.pk, 1): True}) == 0
    )
    assert selectors.participation(event).present_by_day == {1: 1, 2: 0, 3: 0}
    with pytest.raises(ValidationError):
        services.attendance_set(user=trainer, event_id=event.pk, marks={(person.pk, 4): True})
    with pytest.raises(ValidationError):
        services.attendance_set(user=trainer, event_id=event.pk, marks={(999999, 1): True})


def test_retention_erases_identities_and_keeps_the_statistics(trainer, event, person):
    services.test_submission_record(
        user=trainer, event_id=event.pk, participant_id=person.pk, phase="pre", answers={"Q1": "B"}
    )
    services.evaluation_record(
        user=trainer,
        event_id=event.pk,
        participant_id=person.pk,
        answers=[
            {"agenda": None, "question": q.pk, "answer": a}
            for q, a in zip(
                event.evaluation_form.questions.filter(scope="overall"),
                ["5", "Имя тренера: Асель"],
                strict=True,
            )
        ],
    )
    token = person.token
    not_yet = services.training_retention_apply(today=event.retention_until)
    assert not_yet == {"events": 0, "participants": 0, "dry_run": False}
    done = services.training_retention_apply(today=event.retention_until + dt.timedelta(days=1))
    assert done == {"events": 1, "participants": 1, "dry_run": False}
    erased = Participant.objects.get(pk=person.pk)
    assert (erased.full_name, erased.token, erased.token_index, erased.code) == ("", "", "", "P01")
    assert EvaluationResponse.objects.get().answers == [
        {
            "agenda": None,
            "question": event.evaluation_form.questions.get(text="Overall").pk,
            "answer": "5",
        }
    ]
    _event, results = selectors.test_results(trainer, event.pk)
    assert results.analysis.participants[0].pre_score == 1.0
    with pytest.raises(NotFound):
        services.public_test_submit(token=token, phase="pre", answers={})
    assert AuditEvent.objects.filter(action="training.retention.apply").count() == 1


def test_the_demo_seeds_a_past_three_day_training_of_trainers(demo_event):
    event, trainer = demo_event
    assert (event.kind, event.days, event.end_date < dt.date.today()) == (
        "training_of_trainers",
        3,
        True,
    )
    assert event.participants.count() == 25
    participation = selectors.participation(event)
    assert participation.took == {"pre": 25, "post": 23}
    assert participation.evaluations == 20
    assert participation.present_by_day == {1: 25, 2: 24, 3: 23}
    assert {a.day for a in event.agenda.all()} == {1, 2, 3}
    assert event.curriculum_version.status == "published"
    _event, results = selectors.test_results(trainer, event.pk)
    summary = results.analysis.summary
    assert summary.n == 23 and summary.post_mean > summary.pre_mean
    assert summary.t_pvalue < 0.05
    assert {s.source for s in TestSubmission.objects.filter(event=event, phase="post")} == {
        "web",
        "paper",
    }
    assert CurriculumVersion.objects.count() == 1
    assert TrainingEvent.objects.count() == 2
