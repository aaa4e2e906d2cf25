"""Who sees what: a trainer sees their own events only, every other user gets the 404 an unknown
event gets (API and pages); participants' personal data is encrypted at rest and its reads are
audited (field names, never values); a participant's link shows nobody else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from amanat.accounts.roles import ROLE_PERMISSIONS, Perm, Role
from amanat.privacy.models import AuditEvent
from amanat.training import services
from amanat.training.models import Participant, TestSubmission
from tests.fixtures import api_client, make_org, make_user
from tests.training.conftest import make_event

NAME = "Зульфия Эргашбоева"
ORGANISATION = "Кризисный центр Нур-Сая"
EMAIL = "zulfiya.ergash@example.org"
OPEN_ANSWER = "Хочу больше практики по интервью"


def _endpoints(event, participant_id):
    base = f"/api/training/events/{event.pk}"
    return [
        ("get", base, None),
        ("patch", base, {"place": "Astana"}),
        ("post", f"{base}/trainers", {"username": "nobody"}),
        ("get", f"{base}/agenda", None),
        ("post", f"{base}/agenda", {"day": 1, "title": "Opening"}),
        ("get", f"{base}/participants", None),
        ("post", f"{base}/participants", {"full_name": "X"}),
        ("patch", f"{base}/participants/{participant_id}", {"position": "x"}),
        ("put", f"{base}/attendance", {"marks": []}),
        (
            "post",
            f"{base}/tests/pre/submissions",
            {"participant": participant_id, "answers": {}, "replace": True},
        ),
        ("get", f"{base}/analysis", None),
        ("get", f"{base}/evaluations/summary", None),
        ("post", f"{base}/evaluations", {"answers": []}),
        ("get", f"{base}/group-work", None),
        ("post", f"{base}/stations", {"day": 1, "name": "S"}),
        ("put", f"{base}/analysis-text", {"kind": "final", "text": "x"}),
        ("get", f"{base}/reports/final?language=ru", None),
        ("get", f"{base}/tables?language=en", None),
    ]


def _call(client, method, path, body):
    kwargs = (
        {"content_type": "application/json", "data": json.dumps(body)} if body is not None else {}
    )
    return getattr(client, method)(path, **kwargs)


@pytest.fixture
def world(trainer):
    event = make_event(trainer)
    participant = services.participant_add(
        user=trainer, event_id=event.pk, data={"full_name": NAME}
    )
    return {
        "event": event,
        "participant": participant,
        "home": trainer.organisation,
        "away": make_org(name="Away", country="TJ"),
    }


@pytest.mark.parametrize("role", list(Role.values))
@pytest.mark.parametrize("side", ["own", "other"])
def test_only_the_events_trainers_reach_its_endpoints(world, role, side):
    """Nobody but the event's trainers: not a trainer of the same organisation, not any role."""
    user = make_user(org=world["home"] if side == "own" else world["away"], roles=[role])
    client = api_client(user)
    event, participant = world["event"], world["participant"]
    for method, path, body in _endpoints(event, participant.pk):
        response = _call(client, method, path, body)
        missing = _call(
            client, method, path.replace(f"/events/{event.pk}", "/events/999999", 1), body
        )
        assert response.status_code == missing.status_code == 404, (role, side, method, path)
        assert response.json() == missing.json()
    assert (
        client.get("/api/training/events").json() == []
        if Perm.TRAINING_MANAGE in ROLE_PERMISSIONS[role]
        else True
    )


def test_the_events_trainer_and_a_co_trainer_reach_every_endpoint(world, trainer):
    event, participant = world["event"], world["participant"]
    co_trainer = make_user(org=world["away"], roles=["trainer"], username="co")
    owner = api_client(trainer)
    assert (
        owner.post(
            f"/api/training/events/{event.pk}/trainers",
            data=json.dumps({"username": "co"}),
            content_type="application/json",
        ).status_code
        == 201
    )
    for user in (trainer, co_trainer):
        client = api_client(user)
        for method, path, body in _endpoints(event, participant.pk):
            if path.endswith("/trainers"):
                continue
            response = _call(client, method, path, body)
            assert response.status_code in (200, 201), (
                user.username,
                method,
                path,
                response.content[:300],
            )
    assert [e["id"] for e in api_client(co_trainer).get("/api/training/events").json()] == [
        event.pk
    ]


def test_a_trainers_event_list_holds_only_their_events(world, trainer, other_trainer):
    mine = world["event"]
    theirs = make_event(other_trainer, title="Other ToT")
    assert [e["id"] for e in api_client(trainer).get("/api/training/events").json()] == [mine.pk]
    assert [e["id"] for e in api_client(other_trainer).get("/api/training/events").json()] == [
        theirs.pk
    ]
    client = Client()
    client.login(username=trainer.username, password="Correct-horse-battery-9")
    page = client.get("/training/").content.decode()
    assert mine.title in page and "Other ToT" not in page


def test_non_trainers_cannot_create_events_or_see_the_item_bank(world):
    user = make_user(org=world["home"], roles=["case_manager"])
    client = api_client(user)
    body = {
        "title": "T",
        "kind": "training",
        "start_date": "2026-01-01",
        "end_date": "2026-01-02",
        "place": "X",
        "country": "KZ",
    }
    assert _call(client, "post", "/api/training/events", body).status_code == 404
    assert client.get("/api/training/items").status_code == 404
    assert client.get("/api/training/curricula").status_code == 404


def test_item_bank_is_for_the_owner_organisation(world, trainer):
    far = make_user(org=world["away"], roles=["trainer"])
    item = world["event"].test_form.form_items.first().item
    client = api_client(far)
    assert client.get("/api/training/items").json() == []
    assert client.get(f"/api/training/test-forms/{world['event'].test_form_id}").status_code == 404
    assert (
        _call(client, "patch", f"/api/training/items/{item.pk}", {"text": "x"}).status_code == 404
    )


@pytest.mark.django_db(transaction=True)
def test_participants_personal_data_is_encrypted_on_disk(trainer):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite file check")
    event = make_event(trainer)
    participant = services.participant_add(
        user=trainer,
        event_id=event.pk,
        data={
            "full_name": NAME,
            "organisation_name": ORGANISATION,
            "email": EMAIL,
            "phone": "+77015550123",
        },
    )
    services.event_update(user=trainer, event_id=event.pk, changes={"evaluation_open": True})
    question = event.evaluation_form.questions.get(kind="open")
    services.public_evaluation_submit(
        token=participant.token,
        answers=[{"agenda": None, "question": question.pk, "answer": OPEN_ANSWER}],
    )
    services.test_submission_record(
        user=trainer,
        event_id=event.pk,
        participant_id=participant.pk,
        phase="pre",
        answers={"Q1": "C", "Q2": "да", "Q3": "A;B"},
    )
    stored = Participant.objects.get(pk=participant.pk)
    assert stored.full_name == NAME  # it round-trips through the ORM
    db_path = Path(connection.settings_dict["NAME"])
    blob = b"".join(p.read_bytes() for p in (db_path, Path(f"{db_path}-wal")) if p.exists())
    for secret in (
        NAME,
        "Эргашбоева",
        ORGANISATION,
        EMAIL,
        "77015550123",
        OPEN_ANSWER,
        participant.token,
    ):
        for encoded in (secret.encode(), secret.encode("utf-16-le")):
            assert encoded not in blob, secret
    assert TestSubmission.objects.get(participant=participant).answers == {
        "Q1": "C",
        "Q2": "true",
        "Q3": "A;B",
    }


def test_reads_and_writes_of_participants_are_audited_by_field_name(world, trainer):
    event = world["event"]
    client = api_client(trainer)
    before = AuditEvent.objects.count()
    assert client.get(f"/api/training/events/{event.pk}/participants").status_code == 200
    assert client.get(f"/api/training/events/{event.pk}/analysis").status_code == 200
    client.get(f"/api/training/events/{event.pk}/reports/final?language=en")
    events = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
    actions = [e.action for e in events]
    assert "training.participant.list" in actions
    assert "training.results.view" in actions
    assert "training.report.produce" in actions
    listing = next(e for e in events if e.action == "training.participant.list")
    assert listing.fields == ["email", "full_name", "organisation_name", "phone", "position"]
    assert listing.actor_id == trainer.pk and listing.object_id == str(event.pk)
    created = AuditEvent.objects.get(action="training.participant.create")
    assert created.fields == ["full_name"]
    everything = json.dumps(
        [[e.fields, e.extra, e.purpose] for e in AuditEvent.objects.all()], ensure_ascii=False
    )
    assert NAME not in everything and "Эргашбоева" not in everything


def test_a_link_page_shows_only_its_own_participant(world, trainer):
    event = world["event"]
    mine = world["participant"]
    other = services.participant_add(
        user=trainer, event_id=event.pk, data={"full_name": "Айбек Касымов", "code": "P77"}
    )
    services.event_update(
        user=trainer, event_id=event.pk, changes={"pre_test_open": True, "evaluation_open": True}
    )
    client = Client()
    for url in (
        f"/training/t/{mine.token}/",
        f"/training/t/{mine.token}/test/pre/",
        f"/training/t/{mine.token}/evaluation/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert mine.code in page or "test" in url or "evaluation" in url
        for secret in (other.code, "Айбек", "Касымов", other.token, NAME):
            assert secret not in page, (url, secret)
        assert (
            response["Cache-Control"].startswith("no-store")
            or "no-cache" in response["Cache-Control"]
        )
    api = client.get(f"/api/training/public/{mine.token}").json()
    assert api == {
        "event": event.title,
        "participant_code": mine.code,
        "open_tests": ["pre"],
        "taken": [],
        "evaluation_open": True,
        "evaluation_done": False,
    }
    items = client.get(f"/api/training/public/{mine.token}/tests/pre").json()["items"]
    assert all("correct_answer" not in i for i in items)  # no answer keys on the link


@pytest.mark.parametrize("token", ["x", "a" * 32, "../../etc/passwd", "A" * 200, "%00"])
def test_unknown_or_malformed_tokens_are_404(world, token):
    client = Client()
    assert client.get(f"/training/t/{token}/").status_code == 404
    assert client.get(f"/api/training/public/{token}").status_code == 404
    response = client.post(
        f"/api/training/public/{token}/tests/pre",
        data=json.dumps({"answers": {}}),
        content_type="application/json",
    )
    assert response.status_code == 404


def test_a_reset_link_stops_the_old_one(world, trainer):
    participant = world["participant"]
    old = participant.token
    services.participant_link_reset(
        user=trainer, event_id=world["event"].pk, participant_id=participant.pk
    )
    assert Client().get(f"/training/t/{old}/").status_code == 404
    participant.refresh_from_db()
    assert Client().get(f"/training/t/{participant.token}/").status_code == 200


def _raw(sql: str, params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [value for row in cursor.fetchall() for value in row]


def test_stored_columns_are_ciphertext_on_any_database(trainer):
    """The columns as the database holds them (SQLite or PostgreSQL): Fernet tokens only."""
    event = make_event(trainer)
    participant = services.participant_add(
        user=trainer,
        event_id=event.pk,
        data={"full_name": NAME, "organisation_name": ORGANISATION, "email": EMAIL},
    )
    services.test_submission_record(
        user=trainer,
        event_id=event.pk,
        participant_id=participant.pk,
        phase="pre",
        answers={"Q1": "C"},
    )
    station = services.station_add(user=trainer, event_id=event.pk, day=1, name="Station 1")
    services.group_output_add(
        user=trainer,
        event_id=event.pk,
        station_id=station.pk,
        kind="recommendation",
        text=OPEN_ANSWER,
        responsible=NAME,
    )
    values = [
        *_raw(
            "SELECT full_name, organisation_name, email, token FROM training_participant "
            "WHERE id = %s",
            [participant.pk],
        ),
        *_raw(
            "SELECT answers FROM training_testsubmission WHERE participant_id = %s",
            [participant.pk],
        ),
        *_raw(
            "SELECT text, responsible FROM training_groupoutput WHERE station_id = %s", [station.pk]
        ),
    ]
    assert len(values) == 7
    for value in values:
        assert value.startswith("gAAAA"), value[:20]  # a Fernet token, never the value
    joined = " ".join(values)
    for secret in (NAME, ORGANISATION, EMAIL, OPEN_ANSWER, participant.token):
        assert secret not in joined
    assert _raw("SELECT token_index FROM training_participant WHERE id = %s", [participant.pk]) != [
        participant.token
    ]


@pytest.mark.django_db(transaction=True)
def test_backup_carries_participants_encrypted_and_materials(trainer, tmp_path):
    import gzip

    from amanat.platform.backup import backup_restore, backup_write
    from amanat.training.models import SessionMaterial

    event = make_event(trainer)
    participant = services.participant_add(
        user=trainer, event_id=event.pk, data={"full_name": NAME}
    )
    version = services.curriculum_create(user=trainer, code="BK", title="Backup")
    module = services.curriculum_module_add(
        user=trainer, version_id=version.pk, code="M1", title="M"
    )
    session = services.curriculum_session_add(
        user=trainer, module_id=module.pk, data={"title": "S", "method": "lecture"}
    )
    material = services.material_add(
        user=trainer,
        session_id=session.pk,
        title="Deck",
        file_name="deck.pdf",
        content=b"%PDF\x00\xffbinary",
    )
    path = tmp_path / "amanat.backup"
    counts = backup_write(path)
    assert counts["training.participant"] == 1 and counts["training.sessionmaterial"] == 1
    blob = gzip.decompress(path.read_bytes())
    assert NAME.encode() not in blob and participant.token.encode() not in blob
    SessionMaterial.objects.filter(pk=material.pk).update(content=b"")
    Participant.objects.filter(pk=participant.pk).update(full_name="")
    backup_restore(path)
    assert bytes(SessionMaterial.objects.get(pk=material.pk).content) == b"%PDF\x00\xffbinary"
    assert Participant.objects.get(pk=participant.pk).full_name == NAME


def test_more_endpoints_for_the_trainer_and_404_for_others(world, trainer, other_trainer):
    event, participant = world["event"], world["participant"]
    mine, theirs = api_client(trainer), api_client(other_trainer)
    base = f"/api/training/events/{event.pk}"
    detail = mine.get(f"{base}/participants/{participant.pk}").json()
    assert detail["code"] == participant.code and detail["tests"] == {}
    assert detail["link"] == f"/training/t/{participant.token}/"
    assert theirs.get(f"{base}/participants/{participant.pk}").status_code == 404
    assert theirs.post(f"{base}/participants/{participant.pk}/link-reset").status_code == 404
    assert theirs.delete(f"{base}/participants/{participant.pk}").status_code == 404
    new = mine.post(f"{base}/participants/{participant.pk}/link-reset").json()["link"]
    assert new != detail["link"]
    assert mine.delete(f"{base}/participants/{participant.pk}").status_code == 204
    assert mine.get(f"{base}/participants/{participant.pk}").status_code == 404


def test_materials_upload_through_the_api(trainer):
    import io

    client = api_client(trainer)
    version = client.post(
        "/api/training/curricula",
        data=json.dumps({"code": "API", "title": "Via API", "target_roles": ["case_manager"]}),
        content_type="application/json",
    ).json()
    module = client.post(
        f"/api/training/curricula/versions/{version['id']}/modules",
        data=json.dumps({"code": "M1", "title": "One"}),
        content_type="application/json",
    ).json()
    session = client.post(
        f"/api/training/curricula/modules/{module['id']}/sessions",
        data=json.dumps({"title": "Intro", "method": "lecture"}),
        content_type="application/json",
    ).json()
    upload = io.BytesIO(b"slides")
    upload.name = "slides.pdf"
    response = client.post(
        f"/api/training/curricula/sessions/{session['id']}/materials",
        {"title": "Slides", "file": upload},
    )
    assert response.status_code == 201 and response.json()["size"] == 6
    link = client.post(
        f"/api/training/curricula/sessions/{session['id']}/materials",
        {"title": "Video", "url": "javascript:alert(1)"},
    )
    assert link.status_code == 422 and link.json()["field"] == "url"
    published = client.post(f"/api/training/curricula/versions/{version['id']}/publish")
    assert published.json()["status"] == "published"
    frozen = client.post(
        f"/api/training/curricula/sessions/{session['id']}/materials",
        {"title": "Late", "url": "https://example.org"},
    )
    assert frozen.status_code == 409
