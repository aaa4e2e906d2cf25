from __future__ import annotations

import pytest

from amanat.cases.consent import consent_in_force, consent_record, consent_withdraw
from amanat.cases.models import Case, CaseEvent
from amanat.cases.selectors import case_search
from amanat.cases.services import case_decide_trafficking_status, case_update, person_update
from amanat.errors import Conflict, NotFound, ValidationError
from amanat.privacy.models import AuditEvent
from tests.fixtures import make_case, make_user


def test_case_open_validates_and_records_everything(case_manager):
    case = make_case(
        user=case_manager,
        person={
            "first_name": "Бекзод",
            "last_name_latin": "Karimov",
            "citizenship": ["UZ"],
            "phone": "+998 (90) 111-22-33",
            "id_document_number": "fa 1234567",
            "birth_date": "1990-02-03",
        },
        case={
            "exploitation_types": ["ForcedLabour"],
            "recruitment_methods": ["ThroughOnlineSocialNetworks"],
            "recruitment_websites": ["Telegram"],
            "exploitation_countries": ["RU", "KZ"],
        },
    )
    assert case.owner_organisation_id == case_manager.organisation_id
    assert case.status == "Active"
    assert case.country == "KZ" and case.region == "KZ-75"  # from the organisation
    assert case.person.birth_year == 1990
    assert case.person.phone == "+998901112233"
    assert case.retention_until.year == case.identified_on.year + 10
    assert [e.kind for e in CaseEvent.objects.filter(case=case)] == ["case.opened"]
    actions = list(AuditEvent.objects.values_list("action", flat=True).order_by("seq"))
    assert actions[-2:] == ["person.create", "case.create"]


@pytest.mark.parametrize(
    ("person", "case", "field"),
    [
        ({"first_name": "A", "gender": "Man"}, {}, "gender"),
        ({"first_name": "A", "citizenship": ["SU"]}, {}, "citizenship"),
        ({"first_name": "A"}, {"exploitation_types": ["Smuggling"]}, "exploitation_types"),
        ({"first_name": "A"}, {"region": "TJ-DU"}, "region"),
        ({"first_name": "A", "phone": "12ab"}, {}, "phone"),
        ({"first_name": "A", "primary_language": "xx-yy"}, {}, "primary_language"),
        ({"first_name": "A", "birth_date": "1850-01-01"}, {}, "birth_date"),
        ({"gender": "Feminine"}, {}, "first_name"),
        ({"first_name": "A", "shoe_size": 41}, {}, "shoe_size"),
    ],
)
def test_case_open_rejects_bad_values_and_writes_nothing(case_manager, person, case, field):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        make_case(user=case_manager, person=person, case=case)
    assert error.value.field == field
    assert Case.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_researcher_cannot_open_a_case(org):
    researcher = make_user(org=org, roles=["researcher"])
    with pytest.raises(NotFound):
        make_case(user=researcher)


def test_updates_are_audited_by_field_name(case, case_manager):
    person_update(
        user=case_manager, case_id=case.pk, changes={"phone": "+77011112233", "gender": "Masculine"}
    )
    case_update(user=case_manager, case_id=case.pk, changes={"narrative": "Новые сведения"})
    update = AuditEvent.objects.filter(action="person.update").get()
    assert update.fields == [
        "phone"
    ]  # gender was already Masculine: unchanged fields are not written
    assert "+7701" not in str(update.extra)
    assert AuditEvent.objects.filter(action="case.update").get().fields == ["narrative"]
    case.refresh_from_db()
    assert case.narrative == "Новые сведения"


def test_other_organisation_cannot_update_or_decide(case, other_case_manager):
    with pytest.raises(NotFound):
        person_update(user=other_case_manager, case_id=case.pk, changes={"first_name": "X"})
    with pytest.raises(NotFound):
        case_decide_trafficking_status(
            user=other_case_manager,
            case_id=case.pk,
            status="ActualVictimOfTrafficking",
            decided_by_org_type="NGO",
        )


def test_trafficking_status_decision_records_who_decided(case, case_manager):
    case_decide_trafficking_status(
        user=case_manager,
        case_id=case.pk,
        status="ActualVictimOfTrafficking",
        decided_by_org_type="Police",
    )
    case.refresh_from_db()
    assert (case.trafficking_status, case.status_decided_by_org_type) == (
        "ActualVictimOfTrafficking",
        "Police",
    )
    assert case.status_decided_by == case_manager
    event = CaseEvent.objects.get(case=case, kind="case.status_decided")
    assert event.data == {
        "status": "ActualVictimOfTrafficking",
        "previous": "",
        "decided_by_org_type": "Police",
    }


def test_consent_per_purpose_and_withdrawal_takes_effect_at_once(case, case_manager, other_org):
    assert not consent_in_force(
        case_id=case.pk, purpose="referral", recipient_organisation_id=other_org.pk
    )
    consent = consent_record(
        user=case_manager,
        case_id=case.pk,
        purpose="referral",
        method="written",
        recipient_organisation_id=other_org.pk,
        checklist={"informed_purpose": True},
    )
    assert consent.checklist["informed_purpose"] is True
    assert consent.checklist["informed_withdrawal"] is False
    assert consent_in_force(
        case_id=case.pk, purpose="referral", recipient_organisation_id=other_org.pk
    )
    assert not consent_in_force(case_id=case.pk, purpose="referral", recipient_organisation_id=999)
    assert not consent_in_force(case_id=case.pk, purpose="research")
    consent_withdraw(
        user=case_manager, case_id=case.pk, consent_id=consent.pk, reason="changed mind"
    )
    assert not consent_in_force(
        case_id=case.pk, purpose="referral", recipient_organisation_id=other_org.pk
    )
    with pytest.raises(Conflict):
        consent_withdraw(user=case_manager, case_id=case.pk, consent_id=consent.pk)
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == ["case.opened", "consent.recorded", "consent.withdrawn"]


def test_a_later_refusal_ends_an_earlier_consent(case, case_manager):
    consent_record(user=case_manager, case_id=case.pk, purpose="research", method="verbal")
    assert consent_in_force(case_id=case.pk, purpose="research")
    consent_record(
        user=case_manager, case_id=case.pk, purpose="research", method="verbal", granted=False
    )
    assert not consent_in_force(case_id=case.pk, purpose="research")


def test_referral_consent_must_name_the_recipient(case, case_manager):
    with pytest.raises(ValidationError) as error:
        consent_record(user=case_manager, case_id=case.pk, purpose="referral", method="verbal")
    assert error.value.field == "recipient_organisation"


def test_search_by_code_phone_document_and_name(case_manager, other_case_manager):
    mine = make_case(
        user=case_manager,
        person={
            "first_name": "Сабина",
            "last_name": "Ёрова",
            "phone": "+992935550011",
            "id_document_number": "ab-778899",
        },
    )
    theirs = make_case(
        user=other_case_manager, person={"first_name": "Сабина", "phone": "+992935550011"}
    )
    assert case_search(case_manager, mine.code.lower()) == [mine]
    assert case_search(case_manager, "+992 93 555 00 11") == [mine]
    assert case_search(case_manager, "AB778899") == [mine]
    assert case_search(case_manager, "сабина ерова") == [mine]  # ё and е match
    assert case_search(case_manager, theirs.code) == []
    assert case_search(other_case_manager, "Сабина") == [theirs]
    searches = AuditEvent.objects.filter(action="case.search")
    assert all("Сабина" not in str(e.extra) and "+992" not in str(e.extra) for e in searches)


def test_name_search_sees_new_and_changed_names(case_manager):
    first = make_case(user=case_manager, person={"first_name": "Алишер"})
    assert case_search(case_manager, "Алишер") == [first]
    person_update(user=case_manager, case_id=first.pk, changes={"first_name": "Анвар"})
    second = make_case(user=case_manager, person={"first_name": "Алишер"})
    assert case_search(case_manager, "Алишер") == [second]
    assert case_search(case_manager, "Анвар") == [first]
