"""Needs assessments: the guide (data file), needs from answers, and the recorded assessment
(encrypted answers, needs opened in the referral mechanism, consent, bad input)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection

from amanat.assistance.models import IdentifiedNeed, NeedsAssessment
from amanat.assistance.needs import DEFAULT_PATH as GUIDE_PATH
from amanat.assistance.needs import (
    GuideError,
    InvalidNeedsAnswer,
    assess_needs,
    audiences_for,
    load_needs_guide,
)
from amanat.assistance.services import needs_assessment_record
from amanat.cases.models import CaseEvent
from amanat.errors import Conflict, NotFound, ValidationError
from amanat.privacy.models import AuditEvent
from amanat.referrals.models import Need
from amanat.referrals.taxonomy import load_taxonomy
from tests.assistance.helpers import assess, consent, consented_case
from tests.fixtures import make_case

CYRILLIC = re.compile(r"[А-Яа-яЁё]")


# --- the guide ---------------------------------------------------------------------------------


def test_guide_covers_the_three_categories_for_adults_and_children():
    guide = load_needs_guide()
    assert list(guide.categories) == ["immediate", "rehabilitation", "reintegration"]
    assert list(guide.groups) == ["adult", "child"]
    assert len(guide.questions) == 25
    counts = {
        (group, category): sum(1 for q in guide.questions_for(group) if q.category == category)
        for group in guide.groups
        for category in guide.categories
    }
    assert counts == {
        ("adult", "immediate"): 8,
        ("adult", "rehabilitation"): 8,
        ("adult", "reintegration"): 8,
        ("child", "immediate"): 9,
        ("child", "rehabilitation"): 7,
        ("child", "reintegration"): 3,
    }
    assert guide.version == "1.0"
    assert "project's own" in guide.source["note"]


def test_every_text_has_english_and_russian_and_maps_to_the_referral_taxonomy():
    guide = load_needs_guide()
    taxonomy = load_taxonomy()
    for question in guide.questions.values():
        assert question.service_type in taxonomy.service_types, question.code
        assert question.urgency in taxonomy.urgency_levels
        labels = [question.text, *question.guidance.values()]
        if question.child_text:
            labels.append(question.child_text)
        for label in labels:
            assert label.en and not CYRILLIC.search(label.en), question.code
            assert CYRILLIC.search(label.ru), question.code
    for option in guide.options.values():
        assert option.label.en and CYRILLIC.search(option.label.ru)


def test_guidance_fits_men_women_and_children():
    guide = load_needs_guide()
    assert set(guide.guidance) == {"men", "women", "children"}
    assert "do not assume a man needs only work" in guide.guidance["men"].en
    with_men = [q.code for q in guide.questions.values() if "men" in q.guidance]
    assert {
        "shelter",
        "shame_and_stigma",
        "income_and_work",
        "sexual_reproductive_health",
        "unpaid_wages",
    } <= set(with_men)
    assert "Few shelters accept men" in guide.questions["shelter"].guidance["men"].en
    assert guide.questions["guardian"].applies_to == ("child",)
    assert (
        guide.questions["schooling"].text_for("child").en
        == "Do you need help to go (back) to school?"
    )
    assert audiences_for("adult", "Masculine") == ("men",)
    assert audiences_for("adult", "Feminine") == ("women",)
    assert audiences_for("child", "Masculine") == ("children",)
    assert audiences_for("adult", "") == ("men", "women")


def test_needs_from_answers_with_urgency_and_what_was_left():
    result = assess_needs(
        {
            "safety": "urgent",
            "shelter": "needed",
            "distress": "unsure",
            "debts": "declined",
            "income_and_work": "no_need",
        },
        group="adult",
    )
    assert [(f.question, f.service_type, f.urgency) for f in result.needs] == [
        ("safety", "law_enforcement_protection", "emergency"),
        ("shelter", "shelter", "high"),
    ]
    assert result.to_explore == ["distress"]
    assert result.declined == ["debts"]
    assert len(result.unanswered) == 24 - 5
    assert result.needs[0].explanation == (
        "safety: answer 'urgent' -> law_enforcement_protection (urgent: urgency emergency)"
    )


@pytest.mark.parametrize(
    "answers, group, field",
    [
        ({"no_such": "needed"}, "adult", "no_such"),
        ({"shelter": "maybe"}, "adult", "shelter"),
        ({"shelter": 3}, "adult", "shelter"),
        ({"guardian": "needed"}, "adult", "guardian"),
        ({"income_and_work": "needed"}, "child", "income_and_work"),
        ({}, "elder", "respondent_group"),
        (["shelter"], "adult", "answers"),
    ],
)
def test_bad_answers_name_the_question(answers, group, field):
    with pytest.raises(InvalidNeedsAnswer) as error:
        assess_needs(answers, group=group)
    assert error.value.field == field


def test_a_guide_with_an_unknown_service_type_is_refused(tmp_path):
    text = GUIDE_PATH.read_text(encoding="utf-8").replace(
        "service_type: job_placement", "service_type: teleportation", 1
    )
    path = tmp_path / "guide.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GuideError, match="question income_and_work: unknown service type"):
        load_needs_guide(path)


# --- recording an assessment -------------------------------------------------------------------


@pytest.mark.django_db
def test_recording_opens_needs_in_the_referral_mechanism(case_manager):
    case = consented_case(case_manager)
    assessment = assess(
        case_manager,
        case,
        {
            "medical_now": "urgent",
            "ongoing_health": "needed",
            "shelter": "needed",
            "income_and_work": "needed",
            "distress": "no_need",
        },
    )
    found = list(
        IdentifiedNeed.objects.filter(assessment=assessment).values_list(
            "category", "service_type", "urgency"
        )
    )
    assert sorted(found) == [
        ("immediate", "medical_care", "emergency"),
        ("immediate", "shelter", "high"),
        ("rehabilitation", "medical_care", "normal"),
        ("reintegration", "job_placement", "normal"),
    ]
    needs = {n.service_type: n for n in Need.objects.filter(case=case)}
    assert {t: (n.urgency, n.status) for t, n in needs.items()} == {
        "medical_care": ("emergency", "open"),
        "shelter": ("high", "open"),
        "job_placement": ("normal", "open"),
    }
    assert needs["shelter"].source_ref == f"needs_assessment:{assessment.pk}"
    assert {i.service_type: i.need_id for i in assessment.needs.all()}["medical_care"] == needs[
        "medical_care"
    ].pk
    assert assessment.respondent_group == "adult"
    assert assessment.guide_version == "1.0"

    # A later assessment confirms the open needs instead of duplicating them.
    later = assess(case_manager, case, {"shelter": "urgent"}, stage="review")
    assert Need.objects.filter(case=case).count() == 3
    assert Need.objects.get(case=case, service_type="shelter").urgency == "emergency"
    assert later.needs.get().need_id == needs["shelter"].pk
    kinds = list(
        CaseEvent.objects.filter(case=case, kind="assistance.needs_assessed").values_list(
            "data", flat=True
        )
    )
    assert kinds == [
        {"assessment_id": assessment.pk, "stage": "intake", "needs": 4},
        {"assessment_id": later.pk, "stage": "review", "needs": 1},
    ]


@pytest.mark.django_db
def test_answers_and_notes_are_encrypted_and_not_in_the_audit(case_manager):
    case = consented_case(case_manager)
    assessment = assess(
        case_manager, case, {"self_harm": "urgent"}, notes="Говорит о долге вербовщику"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT answers, notes FROM assistance_needsassessment WHERE id = %s", [assessment.pk]
        )
        answers, notes = cursor.fetchone()
    assert "self_harm" not in answers and "urgent" not in answers
    assert "вербовщику" not in notes
    assert NeedsAssessment.objects.get(pk=assessment.pk).answers == {"self_harm": "urgent"}
    # The stored need says "psychosocial support, emergency", not which question was answered.
    assert list(assessment.needs.values_list("service_type", "urgency")) == [
        ("psychosocial_support", "emergency")
    ]
    event = AuditEvent.objects.get(action="needs_assessment.create")
    assert event.fields == ["answers", "notes"]
    assert event.extra == {"case_id": case.pk, "needs": 1, "guide_version": "1.0"}
    dumped = str(list(AuditEvent.objects.values_list("fields", "extra", "purpose")))
    assert "self_harm" not in dumped and "вербовщику" not in dumped


@pytest.mark.django_db
def test_a_child_gets_the_child_questions(case_manager):
    born = dt.date.today().replace(year=dt.date.today().year - 15)
    case = consented_case(
        case_manager, person={"first_name": "Бахтиёр", "birth_date": born, "gender": "Masculine"}
    )
    assessment = assess(case_manager, case, {"guardian": "needed", "schooling": "needed"})
    assert assessment.respondent_group == "child"
    assert sorted(assessment.needs.values_list("service_type", flat=True)) == [
        "child_protection",
        "education",
    ]
    with pytest.raises(ValidationError) as error:
        assess(case_manager, case, {"income_and_work": "needed"})
    assert error.value.field == "answers.income_and_work"


@pytest.mark.django_db
def test_bad_input_changes_nothing(case_manager):
    case = consented_case(case_manager)
    cases = [
        ({"answers": {"shelter": "perhaps"}}, "answers.shelter"),
        ({"answers": {}, "stage": "someday"}, "stage"),
        ({"answers": {}, "assessed_on": "2999-01-01"}, "assessed_on"),
        ({"answers": {}, "assessed_on": "yesterday"}, "assessed_on"),
        ({"answers": {}, "reintegration_setting": "moon"}, "reintegration_setting"),
        ({"answers": {}, "notes": "x" * 4001}, "notes"),
        ({"answers": {}, "respondent_group": "elder"}, "respondent_group"),
    ]
    events = CaseEvent.objects.count()
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as error:
            needs_assessment_record(user=case_manager, case_id=case.pk, **kwargs)
        assert error.value.field == field, kwargs
    assert NeedsAssessment.objects.count() == 0
    assert Need.objects.count() == 0
    assert CaseEvent.objects.count() == events


@pytest.mark.django_db
def test_no_assessment_without_consent_to_assistance(case_manager):
    case = make_case(user=case_manager)
    with pytest.raises(Conflict) as error:
        assess(case_manager, case)
    assert error.value.code == "consent_required"
    consent(case_manager, case)
    assess(case_manager, case)
    from amanat.cases.consent import consent_withdraw
    from amanat.privacy.models import Consent

    consent_withdraw(
        user=case_manager,
        case_id=case.pk,
        consent_id=Consent.objects.get(case=case, purpose="assistance").pk,
    )
    with pytest.raises(Conflict):
        assess(case_manager, case)
    assert NeedsAssessment.objects.filter(case=case).count() == 1


@pytest.mark.django_db
def test_another_organisation_cannot_assess(case_manager, other_case_manager):
    case = consented_case(case_manager)
    with pytest.raises(NotFound):
        assess(other_case_manager, case)
    assert NeedsAssessment.objects.count() == 0
