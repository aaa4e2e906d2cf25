"""Needs suggested from results (pure), retention erasure, and the demo interviews."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import yaml

from amanat.cases.consent import consent_record
from amanat.cases.models import CaseEvent
from amanat.privacy.models import AuditEvent
from amanat.screening import demo, needs, services
from amanat.screening.engine import get_builtin, screen
from amanat.screening.models import Assessment
from tests.fixtures import make_case

INTERVIEW = "identification-interview"


def _suggest(answers, language="en"):
    result = screen(get_builtin(INTERVIEW), {"answers": answers}, language=language).to_dict()
    return needs.suggested_needs(result, {"answers": answers}, language=language)


def test_safety_risk_makes_shelter_and_protection_an_emergency():
    found = _suggest(
        {
            "consent_interview": "yes",
            "in_danger_now": "yes",
            "immediate_needs": ["shelter", "legal"],
        }
    )
    assert found[:2] == [
        {
            "service_type": "shelter",
            "urgency": "emergency",
            "reason": "The person feels in danger now. Safe accommodation named as an immediate "
            "need.",
        },
        {
            "service_type": "law_enforcement_protection",
            "urgency": "emergency",
            "reason": "Safety risk to the person or their family (safety section).",
        },
    ]
    assert found[2] == {
        "service_type": "legal_aid",
        "urgency": "normal",
        "reason": "Legal assistance named as an immediate need.",
    }
    assert len(found) == 3


def test_presumed_victim_and_categories_suggest_needs_in_russian():
    answers = {
        "consent_interview": "yes",
        "age": 15,
        "unaccompanied": "yes",
        "recruited": "yes",
        "worked": "yes",
        "hazardous_work": "yes",
        "excessive_hours": "yes",
    }
    found = {n["service_type"]: n for n in _suggest(answers, "ru")}
    assert found["child_protection"]["urgency"] == "emergency"
    assert found["family_tracing"]["urgency"] == "high"
    assert found["psychosocial_support"]["reason"].startswith("Предполагаемая жертва")
    assert found["legal_aid"]["urgency"] == "normal"


def test_nothing_is_suggested_when_nothing_calls_for_it():
    assert _suggest({"consent_interview": "no"}) == []
    assert needs.suggested_needs({}) == []


def test_every_rule_names_a_known_service_type_and_urgency_and_cites_a_source():
    data = yaml.safe_load(needs.NEEDS_FILE.read_text(encoding="utf-8"))
    assert data["source"]["document"]
    assert len(needs.needs_rules()) == len(data["rules"])


def test_malformed_mapping_names_the_rule(tmp_path, monkeypatch):
    bad = tmp_path / "needs.yaml"
    bad.write_text(
        yaml.safe_dump(
            {
                "source": {"document": "x"},
                "rules": [
                    {
                        "when": {"category": "x"},
                        "service_type": "spa_day",
                        "urgency": "high",
                        "reason": {"en": "a", "ru": "б"},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(needs, "NEEDS_FILE", bad)
    needs.needs_rules.cache_clear()
    try:
        with pytest.raises(needs.NeedsMappingError, match=r"rules\[0\]\.service_type"):
            needs.needs_rules()
    finally:
        needs.needs_rules.cache_clear()


def test_retention_erases_answers_and_results_but_keeps_codes(case_manager, case):
    draft = services.assessment_start(
        user=case_manager,
        case_id=case.pk,
        guide_id=INTERVIEW,
        language="ru",
        answers={"answers": {"consent_interview": "yes", "safety_notes": "x"}},
    )
    services.assessment_complete(user=case_manager, case_id=case.pk, assessment_id=draft.pk)
    assert services.assessments_erase_for_retention(case=case) == 1
    erased = Assessment.objects.get(pk=draft.pk)
    assert (erased.answers, erased.result, erased.status, erased.presumed_victim) == (
        {},
        None,
        "completed",
        False,
    )
    event = AuditEvent.objects.filter(action="retention.erase").latest("seq")
    assert event.fields == ["assessment.answers", "assessment.result"]


def test_demo_seed_makes_completed_repeated_and_draft_interviews(org, case_manager):
    cases = []
    identified = dt.date.today() - dt.timedelta(days=400)
    for _ in range(14):
        case = make_case(user=case_manager, case={"identified_on": identified})
        consent_record(user=case_manager, case_id=case.pk, purpose="interview", method="verbal")
        cases.append(case)
    context = {
        "rng": random.Random(3),
        "organisations": {"home": org},
        "users": {"casemanager": case_manager},
        "cases": cases,
    }
    case_manager.username = "casemanager"  # the demo's draft goes to this user's first case
    demo.seed(context)
    summary = context["summary"]["screening"]
    drafts = Assessment.objects.filter(status="draft")
    completed = Assessment.objects.filter(status="completed")
    assert summary == {"interviews": 3, "repeated": 3, "drafts": 1}
    assert drafts.count() == 1 and drafts.get().answers["answers"]["consent_interview"] == "yes"
    assert completed.count() == summary["interviews"] + summary["repeated"]
    for assessment in completed:
        assert assessment.result["conclusion"]["explanation"]
        assert assessment.completed_at.date() >= assessment.case.identified_on
    repeated = [a for a in completed if Assessment.objects.filter(case=a.case).count() == 2]
    assert len(repeated) == 2 * summary["repeated"]
    first, second = sorted(repeated[:2], key=lambda a: a.completed_at)
    assert first.case_id == second.case_id and first.completed_at < second.completed_at
    # Timeline rows follow the back-dated interviews.
    started = CaseEvent.objects.filter(case=first.case, kind="screening.started").order_by("at")
    assert started.first().at == first.started_at
