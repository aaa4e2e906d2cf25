"""Assessments: start, save and resume, complete; audit (names only), timeline, encryption."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from amanat.cases.models import CaseEvent
from amanat.errors import Conflict, NotFound, ValidationError
from amanat.privacy.audit import audit_verify
from amanat.privacy.models import AuditEvent, Consent
from amanat.screening import services
from amanat.screening.models import Assessment
from tests.fixtures import make_user

INTERVIEW = "identification-interview"
TRAFFICKED = {
    "consent_interview": "yes", "age": 34, "gender": "masculine", "recruited": "yes",
    "recruitment_method": ["ThroughOnlineSocialNetworks"], "recruitment_apps": ["Telegram"],
    "recruitment_website": "канал @rabota_moskva_tajik", "deceived_job": "yes",
    "deceived_wages": "yes", "worked": "yes", "sector": "F_Construction", "pay": "withheld",
    "excessive_hours": "yes", "documents_held": "yes", "not_free_to_leave": "yes",
    "threats": "yes", "immediate_needs": ["shelter", "documents"], "in_danger_now": "yes",
    "safety_notes": "Бригадир Фарход ищет его на рынке Дордой",
}  # fmt: skip


def start(user, case, **kwargs):
    kwargs.setdefault("guide_id", INTERVIEW)
    kwargs.setdefault("language", "ru")
    return services.assessment_start(user=user, case_id=case.pk, **kwargs)


def test_start_save_resume_and_complete(case_manager, case):
    draft = start(case_manager, case)
    assert (draft.status, draft.guide_id, draft.guide_version, draft.language) == (
        "draft",
        INTERVIEW,
        "1.0",
        "ru",
    )
    assert draft.answers == {"answers": {}}
    services.assessment_save(
        user=case_manager,
        case_id=case.pk,
        assessment_id=draft.pk,
        answers={"consent_interview": "yes", "age": 34},
        section="personal",
    )
    resumed = Assessment.objects.get(pk=draft.pk)
    assert resumed.answers == {"answers": {"consent_interview": "yes", "age": 34}}
    assert resumed.current_section == "personal"
    services.assessment_save(
        user=case_manager,
        case_id=case.pk,
        assessment_id=draft.pk,
        answers={k: v for k, v in TRAFFICKED.items() if k != "age"},
    )
    done = services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=draft.pk)
    done.refresh_from_db()
    assert done.status == "completed" and done.completed_by == case_manager
    assert done.completed_at is not None
    assert done.presumed_victim is True
    assert done.result["conclusion"]["presumed_victim"] is True
    assert done.result["language"] == "ru"
    assert done.result["disclaimer"].startswith("Этот результат — операционный индикатор")
    assert [d["id"] for d in done.result["dimensions"] if d["positive"]] == [1, 4, 5]
    assert done.vulnerability_profile == done.result["overall"]["profile"] == "low"
    assert done.categories == ["presumed_victim_of_trafficking"]


def test_saving_removes_answers_and_drops_answers_the_skip_logic_hides(case_manager, case):
    draft = start(case_manager, case, answers={"answers": TRAFFICKED})
    assert draft.answers["answers"]["recruitment_apps"] == ["Telegram"]
    saved = services.assessment_save(
        user=case_manager,
        case_id=case.pk,
        assessment_id=draft.pk,
        answers={"recruited": "no", "threats": None},
    )
    answers = saved.answers["answers"]
    assert answers["recruited"] == "no"
    for hidden in (
        "recruitment_method",
        "recruitment_apps",
        "recruitment_website",
        "deceived_job",
        "deceived_wages",
        "threats",
    ):
        assert hidden not in answers
    assert answers["documents_held"] == "yes"


def test_completed_assessment_cannot_change(case_manager, case):
    draft = start(case_manager, case, answers={"answers": {"consent_interview": "yes"}})
    services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=draft.pk)
    with pytest.raises(Conflict):
        services.assessment_save(
            user=case_manager,
            case_id=case.pk,
            assessment_id=draft.pk,
            answers={"consent_interview": "no"},
        )
    with pytest.raises(Conflict):
        services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=draft.pk)
    with pytest.raises(Conflict):
        services.assessment_discard(user=case_manager, case_id=case.pk, assessment_id=draft.pk)
    assert Assessment.objects.get(pk=draft.pk).answers == {"answers": {"consent_interview": "yes"}}


@pytest.mark.parametrize("answers", [{"consent_interview": "no", "age": 30}, {}])
def test_no_consent_gives_no_result_and_files_nothing(case_manager, case, answers):
    """Issue 16 finding 2: no consent (refused or unanswered) -> "no result: no consent"."""
    draft = start(case_manager, case, answers={"answers": answers})
    assert draft.answers == (
        {"answers": {"consent_interview": "no"}} if answers else {"answers": {}}
    )
    with pytest.raises(ValidationError) as error:
        services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=draft.pk)
    assert error.value.field == "consent_interview"
    assert error.value.message.startswith("No result: no consent.")
    draft.refresh_from_db()
    assert (draft.status, draft.result, draft.completed_at) == ("draft", None, None)
    assert not case.events.filter(kind="screening.completed").exists()
    assert not Consent.objects.filter(case=case).exists()  # a refusal records no consent


def test_consent_given_in_the_interview_is_recorded_on_the_case_once(case_manager, case):
    answers = dict.fromkeys(
        ["informed_purpose", "informed_data_use", "informed_research_use"], "yes"
    ) | {"informed_right_to_access": "no", "consent_interview": "yes"}
    draft = start(case_manager, case, answers={"answers": answers})
    consent = Consent.objects.get(case=case, purpose="interview")
    assert (consent.method, consent.is_active) == ("verbal", True)
    assert consent.checklist == {
        "informed_purpose": True, "informed_use": True, "informed_research": True,
        "informed_access_right": False, "informed_retention": False,
        "informed_withdrawal": False,
    }  # fmt: skip
    services.assessment_save(
        user=case_manager, case_id=case.pk, assessment_id=draft.pk, answers={"age": 30}
    )
    services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=draft.pk)
    assert Consent.objects.filter(case=case).count() == 1  # not a second record


def test_consent_on_record_fills_the_checklist_and_the_interview_opens_after_it(case_manager, case):
    from amanat.cases.consent import consent_record

    consent_record(
        user=case_manager, case_id=case.pk, purpose="interview", method="written",
        checklist={"informed_purpose": True, "informed_use": True},
    )  # fmt: skip
    draft = start(case_manager, case)
    assert draft.current_section == "personal"  # the checklist is not asked again
    assert draft.answers["answers"]["consent_interview"] == "yes"
    assert draft.answers["answers"]["informed_data_use"] == "yes"
    assert "informed_retention" not in draft.answers["answers"]  # not ticked: left unanswered
    assert Consent.objects.filter(case=case).count() == 1


def test_repeat_interview_can_start_from_the_previous_answers(case_manager, case):
    first = start(case_manager, case, answers={"answers": TRAFFICKED})
    services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=first.pk)
    second = start(
        case_manager, case, copy_from_id=first.pk, answers={"answers": {"in_danger_now": "no"}}
    )
    assert second.answers["answers"]["documents_held"] == "yes"
    assert second.answers["answers"]["in_danger_now"] == "no"
    assert "safety_notes" not in second.answers["answers"]  # hidden once nobody is in danger
    with pytest.raises(ValidationError) as error:
        start(case_manager, case, guide_id="ilo-forced-labour", copy_from_id=first.pk)
    assert error.value.field == "copy_from"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"guide_id": "no-such-guide"}, "guide"),
        ({"language": "xx"}, "language"),
        ({"answers": {"answers": {"age": "thirty"}}}, "answers.age"),
        ({"answers": {"answers": {"nope": "yes"}}}, "answers.nope"),
        ({"answers": {"answers": {"consent_interview": "maybe"}}}, "answers.consent_interview"),
        ({"answers": {"answers": {"recruitment_method": "AtWork"}}}, "answers.recruitment_method"),
        ({"answers": {"answers": {"departure_date": "31.12.2024"}}}, "answers.departure_date"),
        ({"answers": {"answers": {"age": 300}}}, "answers.age"),
        ({"answers": {"present": ["d9.nothing"]}}, "present"),
        ({"answers": {"facts": {"age": -1}}}, "facts.age"),
        ({"answers": {"facts": {"height": 2}}}, "facts.height"),
        ({"answers": {"unknown": 1}}, "answers"),
        ({"answers": ["age"]}, "answers"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(case_manager, case, kwargs, field):
    kwargs = {"guide_id": INTERVIEW, "language": "ru", **kwargs}
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.assessment_start(user=case_manager, case_id=case.pk, **kwargs)
    assert error.value.field == field
    assert Assessment.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_bad_save_changes_nothing(case_manager, case):
    draft = start(case_manager, case, answers={"answers": {"consent_interview": "yes"}})
    with pytest.raises(ValidationError) as error:
        services.assessment_save(
            user=case_manager,
            case_id=case.pk,
            assessment_id=draft.pk,
            answers={"consent_interview": "no", "age": "x"},
        )
    assert error.value.field == "answers.age"
    assert Assessment.objects.get(pk=draft.pk).answers == {"answers": {"consent_interview": "yes"}}
    with pytest.raises(ValidationError):
        services.assessment_save(
            user=case_manager, case_id=case.pk, assessment_id=draft.pk, section="nowhere"
        )
    with pytest.raises(ValidationError):
        services.assessment_save(
            user=case_manager,
            case_id=case.pk,
            assessment_id=draft.pk,
            answers=["consent_interview"],
        )


def test_audit_names_fields_never_values(case_manager, case):
    draft = start(case_manager, case, answers={"answers": {"consent_interview": "yes"}})
    services.assessment_save(
        user=case_manager,
        case_id=case.pk,
        assessment_id=draft.pk,
        answers={k: v for k, v in TRAFFICKED.items()},
    )
    services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=draft.pk)
    events = list(AuditEvent.objects.filter(object_type="assessment").order_by("seq"))
    assert [e.action for e in events] == [
        "assessment.create",
        "assessment.update",
        "assessment.complete",
    ]
    assert events[0].fields == ["answers.consent_interview", "guide_id", "language"]
    assert "answers.safety_notes" in events[1].fields
    assert "answers.consent_interview" not in events[1].fields  # unchanged
    dumped = json.dumps([[e.fields, e.extra, e.purpose] for e in events], ensure_ascii=False)
    for value in ("Фарход", "rabota_moskva", "Telegram", "withheld", "F_Construction"):
        assert value not in dumped
    assert audit_verify().ok


def test_timeline_has_codes_only_and_one_line_per_run_of_saves(case_manager, case):
    draft = start(case_manager, case)
    for answers in ({"consent_interview": "yes"}, {"age": 40}, {"gender": "feminine"}):
        services.assessment_save(
            user=case_manager, case_id=case.pk, assessment_id=draft.pk, answers=answers
        )
    colleague = make_user(org=case.owner_organisation, roles=["case_manager"])
    services.assessment_save(
        user=colleague, case_id=case.pk, assessment_id=draft.pk, answers={"pregnant": "no"}
    )
    services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=draft.pk)
    events = list(
        CaseEvent.objects.filter(case=case, kind__startswith="screening.").order_by("at", "id")
    )
    assert [(e.kind, e.actor_id) for e in events] == [
        ("screening.started", case_manager.pk),
        ("screening.saved", case_manager.pk),
        ("screening.saved", colleague.pk),
        ("screening.completed", case_manager.pk),
    ]
    for event in events:
        assert set(event.data) <= {"assessment_id", "guide", "language"}
    # Saving nothing new writes nothing.
    count = AuditEvent.objects.count()
    second = start(case_manager, case)
    count = AuditEvent.objects.count()
    services.assessment_save(
        user=case_manager, case_id=case.pk, assessment_id=second.pk, answers={}
    )
    assert AuditEvent.objects.count() == count


def test_discard_a_draft(case_manager, case):
    draft = start(case_manager, case)
    services.assessment_discard(user=case_manager, case_id=case.pk, assessment_id=draft.pk)
    assert not Assessment.objects.filter(pk=draft.pk).exists()
    assert CaseEvent.objects.filter(case=case, kind="screening.discarded").count() == 1


def test_answers_and_result_are_encrypted_at_rest(case_manager, case):
    draft = start(case_manager, case, answers={"answers": TRAFFICKED})
    services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=draft.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers, result FROM screening_assessment WHERE id = %s", [draft.pk])
        answers_raw, result_raw = cursor.fetchone()
    raw = f"{answers_raw} {result_raw}"
    for secret in (
        "Фарход",
        "Дордой",
        "rabota_moskva",
        "Telegram",
        "consent_interview",
        "documents_held",
        "F_Construction",
        "Обман",
        "presumed_victim",
        "d1.",
    ):
        assert secret not in raw, secret
    assert raw.startswith("gAAAA")  # Fernet tokens
    assert (
        Assessment.objects.get(pk=draft.pk).answers["answers"]["safety_notes"]
        == TRAFFICKED["safety_notes"]
    )


def test_other_organisations_and_roles_without_case_rights_get_not_found(
    case_manager, case, other_case_manager
):
    draft = start(case_manager, case)
    researcher = make_user(org=case.owner_organisation, roles=["researcher"])
    coordinator = make_user(org=case.owner_organisation, roles=["nrm_coordinator"])
    for user in (other_case_manager, researcher, coordinator):
        with pytest.raises(NotFound):
            start(user, case)
        with pytest.raises(NotFound):
            services.assessment_save(
                user=user,
                case_id=case.pk,
                assessment_id=draft.pk,
                answers={"consent_interview": "yes"},
            )
        with pytest.raises(NotFound):
            services.assessment_complete(user=user, case_id=case.pk, assessment_id=draft.pk)
    # An assessment id of another case is not reachable through this case.
    from tests.fixtures import make_case

    other = make_case(user=case_manager)
    with pytest.raises(NotFound):
        services.assessment_save(
            user=case_manager, case_id=other.pk, assessment_id=draft.pk, answers={}
        )
    police = make_user(org=case.owner_organisation, roles=["law_enforcement"])
    assert start(police, case).started_by == police  # screens without editing cases


def test_indicator_guide_runs_as_a_checklist(case_manager, case):
    draft = start(case_manager, case, guide_id="ilo-delphi-labour-child", language="en")
    services.assessment_save(
        user=case_manager,
        case_id=case.pk,
        assessment_id=draft.pk,
        present=["d4.excessive_hours", "d4.hazardous_work", "d5.confiscation_of_documents"],
        facts={"age": 15, "act_established": True},
    )
    done = services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=draft.pk)
    assert done.presumed_victim is True
    assert done.vulnerability_profile == ""
