"""Reintegration sustainability scores through the database path: exact values, bounds, weights
read from the data file, missing answers reported, the indicator-file version stored, the
trajectory and its chart."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from amanat.assistance import services
from amanat.assistance.charts import Point, trajectory_svg
from amanat.assistance.models import FollowUpVisit, ReintegrationAssessment
from amanat.assistance.reintegration import load_instrument
from amanat.assistance.reintegration.instrument import DEFAULT_PATH
from amanat.assistance.selectors import reintegration_trajectory
from amanat.cases.models import CaseEvent
from amanat.errors import Conflict, NotFound, ValidationError
from amanat.privacy.models import AuditEvent
from tests.assistance.helpers import MIXED, consented_case

pytestmark = pytest.mark.django_db


def score(user, case, answers, **kwargs):
    return services.reintegration_assessment_record(
        user=user, case_id=case.pk, answers=answers, **kwargs
    )


def test_scores_are_computed_stored_and_versioned(case_manager):
    case = consented_case(case_manager)
    record = score(case_manager, case, MIXED, assessed_on="2026-01-15")
    record.refresh_from_db()
    assert (record.economic, record.social, record.psychosocial, record.composite) == (
        0.45,
        0.5,
        0.5,
        0.4833,
    )
    assert (record.indicators_scored, record.indicators_total) == (14, 15)
    instrument = load_instrument()
    assert (record.instrument_version, record.instrument_digest) == (
        instrument.version,
        instrument.digest,
    )
    assert record.instrument_version == "1.0" and len(record.instrument_digest) == 16
    social = record.explanation["dimensions"]["social"]
    assert social["left_out"] == ["education"]
    assert record.explanation["instrument_version"] == "1.0"
    # Answers and explanation are encrypted; the scores are not (statistics need them).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT answers, explanation, composite FROM "
            "assistance_reintegrationassessment WHERE id = %s",
            [record.pk],
        )
        answers, explanation, composite = cursor.fetchone()
    assert "insufficient" not in answers and "debt_above" not in explanation
    assert composite == pytest.approx(0.4833)
    event = CaseEvent.objects.get(case=case, kind="assistance.score_recorded")
    assert event.data == {
        "assessment_id": record.pk,
        "visit_id": None,
        "instrument_version": "1.0",
        "indicators_scored": 14,
    }
    audit = AuditEvent.objects.get(action="reintegration_assessment.create")
    assert audit.fields == ["answers", "scores"]
    assert "insufficient" not in str(audit.extra) and "0.48" not in str(audit.extra)


def test_scores_stay_within_0_and_1_and_the_database_enforces_it(case_manager):
    case = consented_case(case_manager)
    worst = {code: indicator_worst for code, indicator_worst in _extreme(0.0).items()}
    best = _extreme(1.0)
    low = score(case_manager, case, worst)
    high = score(case_manager, case, best)
    assert (low.economic, low.social, low.psychosocial, low.composite) == (0.0, 0.0, 0.0, 0.0)
    assert (high.economic, high.social, high.psychosocial, high.composite) == (1.0, 1.0, 1.0, 1.0)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReintegrationAssessment.objects.filter(pk=high.pk).update(composite=1.2)


def _extreme(value: float) -> dict:
    instrument = load_instrument()
    return {
        code: next(o.code for o in indicator.options.values() if o.value == value)
        for code, indicator in instrument.indicators.items()
    }


def test_missing_answers_are_left_out_and_reported(case_manager):
    case = consented_case(case_manager)
    record = score(
        case_manager,
        case,
        {"income_and_work": "stable_sufficient", "housing": "refused", "feeling_safe": "dont_know"},
    )
    assert (record.economic, record.social, record.psychosocial, record.composite) == (
        1.0,
        None,
        None,
        1.0,
    )
    assert record.indicators_scored == 1
    composite = record.explanation["composite"]
    assert composite["dimensions_used"] == ["economic"]
    assert composite["dimensions_missing"] == ["social", "psychosocial"]
    assert "had no scored answers" in composite["note"]
    rows = {
        r["indicator"]: r["status"]
        for d in record.explanation["dimensions"].values()
        for r in d["indicators"]
    }
    assert (rows["housing"], rows["feeling_safe"], rows["debt_and_borrowing"]) == (
        "not_scored",
        "not_scored",
        "missing",
    )


def test_weights_come_from_the_data_file(case_manager, settings, tmp_path):
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    text = text.replace('version: "1.0"', 'version: "test-2"', 1)
    # Economic counts three times as much as each other dimension.
    text = text.replace("  - code: economic\n    weight: 1", "  - code: economic\n    weight: 3", 1)
    path = tmp_path / "rss.yaml"
    path.write_text(text, encoding="utf-8")
    settings.AMANAT_RSS_INDICATORS_FILE = str(path)
    case = consented_case(case_manager)
    record = score(case_manager, case, MIXED)
    # (3 * 0.45 + 0.5 + 0.5) / 5 = 0.47
    assert record.composite == 0.47
    assert record.instrument_version == "test-2"
    assert record.instrument_digest != load_instrument().digest


def test_invalid_answers_change_nothing(case_manager):
    case = consented_case(case_manager)
    services.followup_schedule_set(
        user=case_manager, case_id=case.pk, anchor_kind="return", anchor_date="2025-01-31"
    )
    for answers, field in [
        ({"income_and_work": "rich"}, "answers.income_and_work"),
        ({"no_such": "good"}, "answers.no_such"),
        ({"housing": 1}, "answers.housing"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.followup_visit_record(
                user=case_manager,
                case_id=case.pk,
                number=1,
                visited_on="2025-05-01",
                mode="phone",
                answers=answers,
            )
        assert error.value.field == field
    with pytest.raises(ValidationError) as error:
        score(case_manager, case, {})
    assert error.value.field == "answers"
    assert ReintegrationAssessment.objects.count() == 0
    assert FollowUpVisit.objects.filter(visited_on__isnull=False).count() == 0  # rolled back


def test_one_assessment_per_visit_and_the_trajectory(case_manager, other_case_manager):
    case = consented_case(case_manager)
    services.followup_schedule_set(
        user=case_manager, case_id=case.pk, anchor_kind="return", anchor_date="2024-01-31"
    )
    first = services.followup_visit_record(
        user=case_manager,
        case_id=case.pk,
        number=1,
        visited_on="2024-05-02",
        mode="phone",
        answers={"income_and_work": "no_income_seeking_work"},
    )
    services.followup_visit_record(
        user=case_manager,
        case_id=case.pk,
        number=2,
        visited_on="2024-08-01",
        mode="in_person",
        answers={"income_and_work": "stable_sufficient"},
    )
    with pytest.raises(Conflict):
        score(case_manager, case, MIXED, visit_id=first.pk)
    with pytest.raises(ValidationError):
        score(case_manager, case, MIXED, visit_id=999999)
    points = reintegration_trajectory(case_manager, case.pk)
    assert [(p.assessed_on, p.composite, p.visit.number) for p in points] == [
        (dt.date(2024, 5, 2), 0.25, 1),
        (dt.date(2024, 8, 1), 1.0, 2),
    ]
    with pytest.raises(NotFound):
        reintegration_trajectory(other_case_manager, case.pk)


def test_the_trajectory_chart_is_a_deterministic_svg():
    points = [
        Point(
            dt.date(2024, 5, 2),
            {"composite": 0.25, "economic": 0.25, "social": None, "psychosocial": None},
        ),
        Point(
            dt.date(2024, 8, 1),
            {"composite": 0.6, "economic": 0.5, "social": 0.7, "psychosocial": 0.6},
        ),
    ]
    labels = {
        "composite": "Composite",
        "economic": "Economic",
        "social": "Social",
        "psychosocial": "Psychosocial",
    }
    svg = trajectory_svg(points, labels=labels)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert 'style="width:100%;height:auto"' in svg
    assert "Composite" in svg and "Psychosocial" in svg
    assert svg == trajectory_svg(points, labels=labels)
    single = trajectory_svg(points[:1], labels=labels)
    assert single.startswith("<svg")
