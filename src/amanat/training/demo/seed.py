"""Seeding through the audited services: curriculum, forms, events, participants, answers."""

from __future__ import annotations

import datetime as dt
import math
import random

from django.utils import timezone

from amanat.training import results as training_results
from amanat.training import services
from amanat.training.models import Item, ItemType

from .curriculum import CURRICULUM
from .event import GROUP_WORK, INTERIM_ANALYSIS, ORGANISATIONS
from .items import EVALUATION_QUESTIONS, ITEMS, OPEN_IMPROVE, OPEN_USEFUL


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _answer(rng: random.Random, item: Item, p_correct: float) -> str:
    if rng.random() < p_correct:
        return item.correct_answer
    if item.item_type == ItemType.TRUE_FALSE:
        return "false" if item.correct_answer == "true" else "true"
    keys = [o["key"] for o in item.options]
    if item.item_type == ItemType.SINGLE:
        return rng.choice([k for k in keys if k != item.correct_answer])
    correct = item.correct_answer.split(";")
    wrong = [k for k in keys if k not in correct]
    picked = set(rng.sample(correct, rng.randint(1, len(correct))))
    if rng.random() < 0.5 and wrong:
        picked.add(rng.choice(wrong))
    if picked == set(correct):
        picked.discard(correct[0])
    return ";".join(sorted(picked))


def seed(context: dict) -> dict:
    rng: random.Random = context["rng"]
    trainer = context["users"]["trainer"]
    from amanat.cases.demo_names import FEMALE_FIRST, LAST, MALE_FIRST

    version = services.curriculum_create(
        user=trainer,
        code=CURRICULUM["code"],
        title=CURRICULUM["title"],
        description=CURRICULUM["description"],
        target_roles=CURRICULUM["target_roles"],
        languages=CURRICULUM["languages"],
    )
    for code, title, sessions in CURRICULUM["modules"]:
        module = services.curriculum_module_add(
            user=trainer, version_id=version.pk, code=code, title=title
        )
        for session_title, method, minutes, objectives in sessions:
            session = services.curriculum_session_add(
                user=trainer,
                module_id=module.pk,
                data={
                    "title": session_title,
                    "method": method,
                    "duration_minutes": minutes,
                    "objectives": objectives,
                },
            )
            if method == "lecture":
                services.material_add(
                    user=trainer,
                    session_id=session.pk,
                    title="Презентация (demo)",
                    url="https://example.org/amanat-demo/slides",
                )
    services.curriculum_version_publish(user=trainer, version_id=version.pk)

    items = []
    for code, module, item_type, text, options, key, _difficulty in ITEMS:
        items.append(
            services.item_create(
                user=trainer,
                code=code,
                data={
                    "text": text,
                    "item_type": item_type,
                    "module": module,
                    "language": "ru",
                    "options": [{"key": k, "text": v} for k, v in options.items()],
                    "correct_answer": key,
                    "topic": dict((m[0], m[1]) for m in CURRICULUM["modules"])[module],
                },
            )
        )
    test_form = services.test_form_create(
        user=trainer, title="Тест ТОТ НМП (demo)", language="ru", item_ids=[i.pk for i in items]
    )
    evaluation_form = services.evaluation_form_create(
        user=trainer,
        title="Оценка тренинга (demo)",
        language="ru",
        questions=[{"text": t, "kind": k, "scope": s} for t, k, s in EVALUATION_QUESTIONS],
    )

    today = timezone.localdate()
    start = today - dt.timedelta(days=45)
    event = services.event_create(
        user=trainer,
        data={
            "title": "Тренинг для тренеров НМП, Алматы (demo)",
            "kind": "training_of_trainers",
            "start_date": start,
            "end_date": start + dt.timedelta(days=2),
            "place": "Алматы, конференц-зал (demo)",
            "country": "KZ",
            "region": "KZ-75",
            "language": "ru",
            "curriculum_version": version.pk,
            "test_form": test_form.pk,
            "evaluation_form": evaluation_form.pk,
        },
    )
    services.agenda_build_from_curriculum(
        user=trainer, event_id=event.pk, day_minutes=360, module_per_day=True
    )

    participants = []
    for index in range(25):
        female = rng.random() < 0.56
        first, _first_lat = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
        last, _last_lat = rng.choice(LAST)
        if female:
            last += "а"
        org_name, org_type, role, country = ORGANISATIONS[index % len(ORGANISATIONS)]
        participants.append(
            services.participant_add(
                user=trainer,
                event_id=event.pk,
                data={
                    "full_name": f"{first} {last}",
                    "organisation_name": org_name,
                    "organisation_type": org_type,
                    "nrm_role": role,
                    "gender": "Feminine" if female else "Masculine",
                    "country": country,
                    "position": "Специалист (demo)",
                    "email": f"participant{index + 1:02d}@example.org",
                },
            )
        )
    # Two participants left after day 2 and missed the post-test; one missed day 2.
    left_early = {participants[7].pk, participants[19].pk}
    missed_day_2 = participants[12].pk
    marks = {}
    for participant in participants:
        for day in (1, 2, 3):
            present = not (
                (day == 3 and participant.pk in left_early)
                or (day == 2 and participant.pk == missed_day_2)
            )
            marks[(participant.pk, day)] = present
    services.attendance_set(user=trainer, event_id=event.pk, marks=marks)

    difficulty = {code: d for code, *_rest, d in ITEMS}
    abilities = {p.pk: rng.gauss(0, 0.9) for p in participants}
    for participant in participants:
        pre = {
            item.code: _answer(
                rng, item, _sigmoid(abilities[participant.pk] - 0.4 - difficulty[item.code])
            )
            for item in items
        }
        services.test_submission_record(
            user=trainer,
            event_id=event.pk,
            participant_id=participant.pk,
            phase="pre",
            answers=pre,
            source="paper",
        )
    services.event_update(
        user=trainer, event_id=event.pk, changes={"post_test_open": True, "evaluation_open": True}
    )
    for number, participant in enumerate(participants):
        if participant.pk in left_early:
            continue
        gain = rng.gauss(1.5, 0.5)
        post = {
            item.code: _answer(
                rng, item, _sigmoid(abilities[participant.pk] - 0.4 + gain - difficulty[item.code])
            )
            for item in items
        }
        if number % 2 == 0:  # half on their phones through their own link
            participant.refresh_from_db()
            services.public_test_submit(token=participant.token, phase="post", answers=post)
        else:
            services.test_submission_record(
                user=trainer,
                event_id=event.pk,
                participant_id=participant.pk,
                phase="post",
                answers=post,
                source="paper",
            )

    event.refresh_from_db()
    slots = training_results.evaluation_slots(event)
    for number, participant in enumerate(participants):
        if participant.pk in left_early or number in (3, 16, 22):
            continue  # 20 of 23 who stayed gave an evaluation
        mood = rng.choice([0, 1, 1, 1, 2])
        answers = []
        for agenda_item, question in slots:
            if question.kind == "likert":
                base = (
                    5
                    - (1 if rng.random() < 0.3 else 0)
                    - (1 if mood == 0 and rng.random() < 0.4 else 0)
                )
                if (
                    agenda_item is not None
                    and agenda_item.method == "lecture"
                    and rng.random() < 0.25
                ):
                    base -= 1
                answers.append(
                    {
                        "agenda": agenda_item.pk if agenda_item else None,
                        "question": question.pk,
                        "answer": str(max(2, base)),
                    }
                )
            elif rng.random() < 0.7:
                pool = OPEN_USEFUL if question.order == 5 else OPEN_IMPROVE
                answers.append(
                    {"agenda": None, "question": question.pk, "answer": rng.choice(pool)}
                )
        participant.refresh_from_db()
        services.public_evaluation_submit(token=participant.token, answers=answers)
    services.event_update(
        user=trainer, event_id=event.pk, changes={"post_test_open": False, "evaluation_open": False}
    )

    agenda = list(event.agenda.all())
    for day, stations in GROUP_WORK.items():
        station_session = next(
            (a for a in agenda if a.day == day and a.method == "group_station"), None
        )
        for name, outputs in stations:
            station = services.station_add(
                user=trainer,
                event_id=event.pk,
                day=day,
                name=name,
                agenda_item_id=station_session.pk if station_session else None,
            )
            for kind, text, responsible in outputs:
                services.group_output_add(
                    user=trainer,
                    event_id=event.pk,
                    station_id=station.pk,
                    kind=kind,
                    text=text,
                    responsible=responsible,
                )
    services.event_analysis_save(
        user=trainer, event_id=event.pk, kind="interim", text=INTERIM_ANALYSIS
    )

    planned_start = today + dt.timedelta(days=30)
    planned = services.event_create(
        user=trainer,
        data={
            "title": "Региональный семинар НМП, Бишкек (demo)",
            "kind": "regional_workshop",
            "start_date": planned_start,
            "end_date": planned_start + dt.timedelta(days=1),
            "place": "Бишкек (demo)",
            "country": "KG",
            "language": "ru",
            "curriculum_version": version.pk,
            "test_form": test_form.pk,
            "evaluation_form": evaluation_form.pk,
        },
    )
    return {"events": [event.pk, planned.pk], "participants": len(participants)}
