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
    assert "erased personal data of 0 case" in capsys.readouterr().out.splitlines()[-1]
