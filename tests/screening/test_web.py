"""The screening pages inside a case, without JavaScript (the progressive-enhancement baseline)."""

from __future__ import annotations

import re

import pytest

from amanat.cases.models import Case, CaseEvent
from amanat.privacy.models import AuditEvent
from amanat.referrals.models import Need
from amanat.screening import services
from amanat.screening.engine import get_builtin
from amanat.screening.models import Assessment
from tests.fixtures import make_case, make_user

INTERVIEW = "identification-interview"


def _start(client, case, language="ru", guide=INTERVIEW):
    response = client.post(
        f"/screening/cases/{case.pk}/start/", {"guide": guide, "language": language}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Assessment.objects.latest("id"), response["Location"]


def _post_section(client, assessment, section, answers: dict, action="next"):
    data = {"section": section, "action": action}
    for key, value in answers.items():
        data[f"q-{key}"] = value
    url = f"/screening/cases/{assessment.case_id}/assessments/{assessment.pk}/"
    return client.post(url, data)


def test_case_page_lists_assessments_and_offers_to_start(case, case_manager, client_for):
    client = client_for(case_manager, "ru")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Идентификация и скрининг" in page
    assert "Начать интервью" in page
    assert f"/screening/cases/{case.pk}/start/" in page
    coordinator = make_user(org=case.owner_organisation, roles=["nrm_coordinator"])
    page = client_for(coordinator).get(f"/cases/{case.pk}/").content.decode()
    assert "Identification and screening" in page
    assert "Start interview" not in page  # may read results, not run interviews


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "Consent",
                "Does the person consent (or, for a child, assent) to the interview?",
                "Save and next",
                "Does not know / prefers not to say",
            ],
        ),
        (
            "ru",
            [
                "Согласие",
                "Согласен(на) ли человек (для ребёнка — выражает ли согласие) на "
                "проведение интервью?",
                "Сохранить и далее",
                "Не знает / предпочитает не отвечать",
            ],
        ),
    ],
)
def test_interview_renders_in_both_languages(case, case_manager, client_for, language, expected):
    client = client_for(case_manager, language)
    assessment, location = _start(client, case, language=language)
    page = client.get(location).content.decode()
    for text in expected:
        assert text in page
    assert 'data-testid="fallback-note"' not in page
    assert '<script src="/static/screening/interview.js" defer>' in page
    # Every section renders in the interview language.
    guide = get_builtin(INTERVIEW)
    services.assessment_save(
        user=case_manager,
        case_id=case.pk,
        assessment_id=assessment.pk,
        answers={"consent_interview": "yes", "recruited": "yes"},
    )
    for section in guide.sections:
        page = client.get(f"{location}?section={section.id}").content.decode()
        assert section.title[language] in page, section.id
        for question in section.questions:
            assert f'data-question="{question.id}"' in page or question.show_if, question.id


@pytest.mark.usefixtures("without_content_overlays")
def test_guide_pages_in_both_languages_and_fallback_is_marked(case_manager, client_for):
    client = client_for(case_manager, "en")
    assert "Identification interview" in client.get("/screening/guides/").content.decode()
    page = client.get(f"/screening/guides/{INTERVIEW}/?language=ru").content.decode()
    assert "Идентификационное интервью" in page
    assert "Вербовка" in page
    page = client.get("/screening/guides/ilo-delphi-labour-adult/?language=en").content.decode()
    assert "Deceived about the nature of the job, location or employer" in page
    # Kyrgyz is not translated yet: Russian text, marked with its language code.
    page = client.get(f"/screening/guides/{INTERVIEW}/?language=ky").content.decode()
    assert "Идентификационное интервью" in page
    assert '<abbr class="fallback" lang="ru"' in page
    assert client.get("/screening/guides/nope/").status_code == 404


@pytest.mark.usefixtures("without_content_overlays")
def test_interview_in_kyrgyz_shows_the_fallback_note_and_result_says_so(
    case, case_manager, client_for
):
    client = client_for(case_manager, "en")
    assessment, location = _start(client, case, language="ky")
    page = client.get(location).content.decode()
    assert 'data-testid="fallback-note"' in page
    assert "Some texts are not yet translated into Kyrgyz" in page
    services.assessment_save(
        user=case_manager,
        case_id=case.pk,
        assessment_id=assessment.pk,
        answers={"consent_interview": "yes"},
    )
    services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=assessment.pk)
    page = client.get(f"{location}result/").content.decode()
    assert 'data-testid="fallback-note"' in page
    assert "are not yet translated into Kyrgyz" in page


def test_full_interview_without_javascript(case, case_manager, client_for):
    client = client_for(case_manager, "ru")
    assessment, location = _start(client, case)
    response = _post_section(
        client, assessment, "consent", {"informed_purpose": "yes", "consent_interview": "yes"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?section=personal")
    # A child-only question answered for an adult is not kept (hidden by the skip logic).
    _post_section(
        client, assessment, "personal", {"age": "34", "gender": "masculine", "unaccompanied": "yes"}
    )
    _post_section(
        client,
        assessment,
        "migration",
        {"current_situation": "destination", "documents_missing": "yes"},
    )
    response = _post_section(
        client,
        assessment,
        "recruitment",
        {
            "recruited": "yes",
            "recruitment_method": "ThroughOnlineSocialNetworks",
            "recruitment_apps": "Telegram",
            "deceived_job": "yes",
            "deceived_wages": "yes",
        },
    )
    assert response["Location"].endswith("?section=journey")
    _post_section(client, assessment, "journey", {})
    _post_section(
        client, assessment, "work", {"worked": "yes", "pay": "withheld", "excessive_hours": "yes"}
    )
    _post_section(client, assessment, "control", {"documents_held": "yes", "threats": "yes"})
    _post_section(client, assessment, "needs", {"immediate_needs": "shelter"})
    response = _post_section(client, assessment, "safety", {"in_danger_now": "no"}, action="review")
    assert response["Location"].endswith("/review/")
    stored = Assessment.objects.get(pk=assessment.pk).answers["answers"]
    assert stored["age"] == 34 and "unaccompanied" not in stored
    review = client.get(response["Location"]).content.decode()
    assert "Завершить и увидеть результат" in review
    response = client.post(response["Location"])
    assert response["Location"].endswith("/result/")
    page = client.get(response["Location"]).content.decode()
    assert "Предполагаемая жертва торговли людьми: правило сочетания выполнено." in page
    assert "Операционный индикатор, а не юридическое определение." in page
    assert "Измерение 1 (Обманная вербовка" in page  # explanation sentence from the engine
    assert "ILO/EC" in page or "МОТ" in page  # citation of the rule
    assert 'data-testid="dimension-5"' in page
    assert "Профиль уязвимости" in page
    assert "Безопасное жильё" in page or "Приют" in page  # suggested need: shelter


def test_validation_errors_are_shown_on_the_page(case, case_manager, client_for):
    client = client_for(case_manager, "en")
    assessment, _location = _start(client, case, language="en")
    services.assessment_save(
        user=case_manager,
        case_id=case.pk,
        assessment_id=assessment.pk,
        answers={"consent_interview": "yes"},
    )
    response = _post_section(client, assessment, "personal", {"age": "200", "gender": "robot"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ensure this value is less than or equal to 120" in page
    assert "Select a valid choice" in page
    assert "age" not in Assessment.objects.get(pk=assessment.pk).answers["answers"]


def test_section_hidden_by_earlier_answers_is_skipped(case, case_manager, client_for):
    client = client_for(case_manager, "en")
    assessment, location = _start(client, case, language="en")
    services.assessment_save(
        user=case_manager,
        case_id=case.pk,
        assessment_id=assessment.pk,
        answers={"consent_interview": "yes", "recruited": "no"},
    )
    response = client.get(f"{location}?section=journey")
    assert response.status_code == 302 and response["Location"].endswith("?section=work")
    page = client.get(f"{location}?section=recruitment").content.decode()
    assert 'data-question="recruitment_method"' in page  # depends on this page: JS decides
    assert "Ask only if:" in page  # the condition written out for browsers without JS
    page = client.get(f"{location}?section=personal").content.decode()
    assert 'data-question="no_school"' not in page


def test_decision_is_recorded_separately_from_the_engine_suggestion(case, case_manager, client_for):
    draft = services.assessment_start(
        user=case_manager,
        case_id=case.pk,
        guide_id=INTERVIEW,
        language="en",
        answers={"answers": {"consent_interview": "yes"}},
    )
    services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=draft.pk)
    client = client_for(case_manager, "en")
    url = f"/screening/cases/{case.pk}/assessments/{draft.pk}/"
    page = client.get(url + "result/").content.decode()
    assert "Not presumed a victim of trafficking" in page
    assert "No status decision recorded yet." in page
    response = client.post(
        url + "decide/", {"status": "PossibleVictimOfTrafficking", "decided_by_org_type": "NGO"}
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert (case.trafficking_status, case.status_decided_by, case.status_decided_by_org_type) == (
        "PossibleVictimOfTrafficking",
        case_manager,
        "NGO",
    )
    assert CaseEvent.objects.filter(case=case, kind="case.status_decided").count() == 1
    assert Assessment.objects.get(pk=draft.pk).presumed_victim is False  # untouched
    page = client.get(url + "result/").content.decode()
    assert "Possible victim of trafficking" in page and "recorded by cm" in page
    response = client.post(url + "decide/", {"status": "Guilty", "decided_by_org_type": "NGO"})
    assert Case.objects.get(pk=case.pk).trafficking_status == "PossibleVictimOfTrafficking"


def test_suggested_needs_are_recorded_through_the_referrals_app(case, case_manager, client_for):
    draft = services.assessment_start(
        user=case_manager,
        case_id=case.pk,
        guide_id=INTERVIEW,
        language="en",
        answers={
            "answers": {
                "consent_interview": "yes",
                "immediate_needs": ["shelter", "medical"],
                "in_danger_now": "yes",
            }
        },
    )
    services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=draft.pk)
    client = client_for(case_manager, "en")
    url = f"/screening/cases/{case.pk}/assessments/{draft.pk}/"
    page = client.get(url + "result/").content.decode()
    assert "Suggested needs" in page and "The person feels in danger now." in page
    response = client.post(url + "needs/", {"service_type": ["shelter", "medical_care"]})
    assert response.status_code == 302
    needs = {n.service_type: n for n in Need.objects.filter(case=case)}
    assert set(needs) == {"shelter", "medical_care"}
    assert needs["shelter"].urgency == "emergency"
    assert needs["shelter"].source_ref == f"assessment:{draft.pk}"


def test_comparison_over_time_shows_what_changed(case, case_manager, client_for):
    first = services.assessment_start(
        user=case_manager,
        case_id=case.pk,
        guide_id=INTERVIEW,
        language="en",
        answers={"answers": {"consent_interview": "yes", "age": 30, "documents_held": "yes"}},
    )
    services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=first.pk)
    second = services.assessment_start(
        user=case_manager,
        case_id=case.pk,
        guide_id=INTERVIEW,
        language="en",
        copy_from_id=first.pk,
        answers={"answers": {"documents_held": "no", "supportive_family": "yes"}},
    )
    services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=second.pk)
    client = client_for(case_manager, "en")
    case_page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Compare over time: Identification interview" in case_page
    page = client.get(f"/screening/cases/{case.pk}/compare/?guide={INTERVIEW}").content.decode()
    assert 'data-testid="comparison"' in page
    change = page.split('data-testid="change"')[1]
    no_longer, new = change.split("New indicators")
    assert "d5.confiscation_of_documents" in no_longer
    assert "hh.supportive_family" in new
    assert len(re.findall(r'<td class="changed">', page)) >= 2
    assert AuditEvent.objects.filter(action="assessment.compare").count() == 1


def test_other_organisation_and_researcher_get_404_on_every_screening_page(
    case, case_manager, other_case_manager, client_for
):
    draft = services.assessment_start(
        user=case_manager, case_id=case.pk, guide_id=INTERVIEW, language="ru"
    )
    done = services.assessment_start(
        user=case_manager,
        case_id=case.pk,
        guide_id=INTERVIEW,
        language="ru",
        answers={"answers": {"consent_interview": "yes"}},
    )
    services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=done.pk)
    researcher = make_user(org=case.owner_organisation, roles=["researcher"])
    base = f"/screening/cases/{case.pk}"
    gets = [
        f"{base}/start/",
        f"{base}/compare/",
        f"{base}/assessments/{draft.pk}/",
        f"{base}/assessments/{draft.pk}/review/",
        f"{base}/assessments/{done.pk}/result/",
    ]
    posts = [
        (f"{base}/start/", {"guide": INTERVIEW, "language": "ru"}),
        (f"{base}/assessments/{draft.pk}/", {"section": "consent"}),
        (f"{base}/assessments/{draft.pk}/review/", {}),
        (f"{base}/assessments/{draft.pk}/discard/", {}),
        (
            f"{base}/assessments/{done.pk}/decide/",
            {"status": "ActualVictimOfTrafficking", "decided_by_org_type": "NGO"},
        ),
        (f"{base}/assessments/{done.pk}/needs/", {"service_type": "shelter"}),
    ]
    for user in (other_case_manager, researcher):
        client = client_for(user)
        for url in gets:
            assert client.get(url).status_code == 404, (user.username, url)
        for url, data in posts:
            assert client.post(url, data).status_code == 404, (user.username, url)
    assert Assessment.objects.get(pk=draft.pk).is_draft
    assert Case.objects.get(pk=case.pk).trafficking_status == ""
    assert not Need.objects.filter(case=case).exists()
    # A case from another organisation does not reveal its assessments through a known id.
    other_case = make_case(user=other_case_manager)
    client = client_for(other_case_manager)
    assert (
        client.get(f"/screening/cases/{other_case.pk}/assessments/{done.pk}/result/").status_code
        == 404
    )


def test_indicator_guide_runs_as_a_checklist_page(case, case_manager, client_for):
    client = client_for(case_manager, "ru")
    assessment, location = _start(client, case, language="ru", guide="ilo-delphi-labour-child")
    page = client.get(location).content.decode()
    assert "Обманная вербовка" in page and 'value="d4.hazardous_work"' in page
    assert "Действие установлено" in page  # the fact the child rule reads
    response = client.post(
        location,
        {
            "present": ["d4.hazardous_work", "d4.excessive_hours", "d5.confiscation_of_documents"],
            "fact_age": "15",
            "fact_act_established": "yes",
            "action": "review",
        },
    )
    assert response["Location"].endswith("/review/")
    stored = Assessment.objects.get(pk=assessment.pk).answers
    assert stored["facts"] == {"age": 15, "act_established": True}
    client.post(response["Location"])
    page = client.get(f"{location}result/").content.decode()
    assert "Предполагаемая жертва торговли людьми: правило сочетания выполнено." in page
    assert 'data-testid="dimension-4"' in page
    bad = client.post(location, {"present": ["d9.nothing"], "action": "review"})
    assert bad.status_code == 302  # completed: back to the result, nothing changed
    assert Assessment.objects.get(pk=assessment.pk).answers == stored


def test_start_can_copy_the_latest_completed_interview(case, case_manager, client_for):
    first = services.assessment_start(
        user=case_manager,
        case_id=case.pk,
        guide_id=INTERVIEW,
        language="en",
        answers={"answers": {"consent_interview": "yes", "age": 30}},
    )
    services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=first.pk)
    services.assessment_start(
        user=case_manager, case_id=case.pk, guide_id=INTERVIEW, language="en"
    )  # a newer, empty draft is not copied
    client = client_for(case_manager, "en")
    response = client.post(
        f"/screening/cases/{case.pk}/start/",
        {"guide": INTERVIEW, "language": "en", "copy_previous": "on"},
    )
    assert response.status_code == 302
    copied = Assessment.objects.latest("id")
    assert copied.answers["answers"] == {"consent_interview": "yes", "age": 30}
