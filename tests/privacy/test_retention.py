from __future__ import annotations

import datetime as dt

from amanat.cases.models import Case, CaseEvent
from amanat.cli import main as amanat
from amanat.privacy.models import AuditEvent
from tests.fixtures import make_case


def test_retention_erases_personal_data_past_the_date_only(case_manager, capsys):
    old = make_case(
        user=case_manager,
        person={"first_name": "Старый", "phone": "+77010000001"},
        case={"narrative": "давняя история", "exploitation_types": ["ForcedLabour"]},
    )
    new = make_case(user=case_manager, person={"first_name": "Новый"})
    Case.objects.filter(pk=old.pk).update(retention_until=dt.date(2020, 1, 1))
    assert amanat(["retention", "run", "--dry-run"]) == 0
    assert "would erase personal data of 1 case" in capsys.readouterr().out
    assert Case.objects.get(pk=old.pk).person.first_name == "Старый"
    assert amanat(["retention", "run"]) == 0
    erased = Case.objects.select_related("person").get(pk=old.pk)
    assert erased.person.first_name == "" and erased.person.phone == ""
    assert erased.person.phone_index == "" and erased.person.anonymised_at is not None
    assert erased.narrative == ""
    assert erased.exploitation_types == ["ForcedLabour"]  # non-identifying facts stay
    assert Case.objects.get(pk=new.pk).person.first_name == "Новый"
    assert AuditEvent.objects.filter(action="retention.erase", object_id=str(old.pk)).count() == 1
    assert CaseEvent.objects.filter(case=old, kind="case.retention_applied").count() == 1
    assert amanat(["retention", "run"]) == 0  # nothing left to do the second time
    assert "erased personal data of 0 case" in capsys.readouterr().out


def test_retention_reaches_every_app_holding_case_data(case_manager):
    from django.db import connection

    from amanat.cases.retention import _app_erasers
    from amanat.referrals.models import Need
    from amanat.referrals.services import need_record
    from amanat.screening.models import Assessment
    from amanat.screening.services import assessment_start

    modules = {eraser.__module__ for eraser in _app_erasers()}
    assert {
        "amanat.screening.retention",
        "amanat.referrals.retention",
        "amanat.assistance.retention",
    } <= modules
    case = make_case(user=case_manager)
    assessment = assessment_start(
        user=case_manager,
        case_id=case.pk,
        guide_id="ilo-forced-labour",
        language="ru",
        answers={"present": ["fl.deception"]},
    )
    need = need_record(
        user=case_manager, case_id=case.pk, service_type="shelter", reason="Негде жить после побега"
    )
    Case.objects.filter(pk=case.pk).update(retention_until=dt.date(2020, 1, 1))
    assert amanat(["retention", "run"]) == 0
    assert Need.objects.get(pk=need.pk).reason == ""
    assert Assessment.objects.get(pk=assessment.pk).answers in ({}, None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM referrals_need WHERE id = %s", [need.pk])
        assert "побега" not in (cursor.fetchone()[0] or "")
