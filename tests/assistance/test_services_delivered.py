"""Services delivered: what, when, by whom, cost; feeding plan progress; recorded by the case
holder or by the recipient of an active referral only; counted in coordinator statistics."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from amanat.assistance import services
from amanat.assistance.models import PlanAction, ServiceDelivery
from amanat.assistance.selectors import services_delivered
from amanat.assistance.stats import assistance_statistics, statistics_as_dict
from amanat.cases.consent import consent_withdraw
from amanat.cases.models import CaseEvent
from amanat.errors import Conflict, NotFound, ValidationError
from amanat.privacy.models import AuditEvent, Consent
from amanat.referrals.models import Referral
from amanat.referrals.services import referral_create
from tests.assistance.helpers import accepted_referral, consent, consented_case, plan_with_action
from tests.fixtures import make_org, make_user

pytestmark = pytest.mark.django_db


def record(user, case, **kwargs):
    data = {"service_type": "shelter", "delivered_on": "2026-02-01"}
    data.update(kwargs)
    return services.service_delivery_record(user=user, case_id=case.pk, **data)


def test_a_service_records_what_when_who_and_cost(case_manager):
    case = consented_case(case_manager)
    service = record(
        case_manager, case, description="Две ночи в приюте", cost="3500.50", currency="kzt"
    )
    assert (service.service_type, service.delivered_on, service.cost, service.currency) == (
        "shelter",
        dt.date(2026, 2, 1),
        Decimal("3500.50"),
        "KZT",
    )
    assert (service.organisation_id, service.recorded_by_id) == (
        case_manager.organisation_id,
        case_manager.pk,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT description FROM assistance_servicedelivery WHERE id = %s", [service.pk]
        )
        assert "приюте" not in cursor.fetchone()[0]
    event = CaseEvent.objects.get(case=case, kind="assistance.service_delivered")
    assert event.data == {
        "service_id": service.pk,
        "service_type": "shelter",
        "organisation_id": case_manager.organisation_id,
        "action_id": None,
        "referral_id": None,
    }
    audit = AuditEvent.objects.get(action="service_delivery.create")
    assert audit.fields == ["cost", "delivered_on", "description", "service_type"]
    assert "3500" not in str(audit.extra)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"service_type": "teleportation"}, "service_type"),
        ({"delivered_on": None}, "delivered_on"),
        ({"delivered_on": "2999-01-01"}, "delivered_on"),
        ({"cost": "-5", "currency": "KZT"}, "cost"),
        ({"cost": "abc", "currency": "KZT"}, "cost"),
        ({"cost": "1.234", "currency": "KZT"}, "cost"),
        ({"cost": "1e12", "currency": "KZT"}, "cost"),
        ({"cost": "10", "currency": ""}, "currency"),
        ({"cost": "10", "currency": "XXY"}, "currency"),
        ({"currency": "USD"}, "cost"),
        ({"action_id": 999999}, "action"),
        ({"completes_action": True}, "action"),
        ({"description": "x" * 4001}, "description"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(case_manager, kwargs, field):
    case = consented_case(case_manager)
    with pytest.raises(ValidationError) as error:
        record(case_manager, case, **kwargs)
    assert error.value.field == field
    assert ServiceDelivery.objects.count() == 0


def test_services_feed_the_plan_action(case_manager):
    case = consented_case(case_manager)
    plan, action = plan_with_action(case_manager, case)
    record(case_manager, case, action_id=action.pk)
    action.refresh_from_db()
    assert (action.status, action.progress) == ("in_progress", 0)
    record(
        case_manager, case, action_id=action.pk, completes_action=True, delivered_on="2026-02-20"
    )
    action.refresh_from_db()
    assert (action.status, action.progress, action.actual_end_date) == (
        "done",
        100,
        dt.date(2026, 2, 20),
    )
    assert action.need.status == "met"
    with pytest.raises(ValidationError) as error:  # a done action takes no more services
        record(case_manager, case, action_id=action.pk)
    assert error.value.field == "action"
    assert list(
        PlanAction.objects.get(pk=action.pk).services.values_list("delivered_on", flat=True)
    ) == [dt.date(2026, 2, 20), dt.date(2026, 2, 1)]


def test_no_service_on_a_closed_case_or_without_consent(case_manager):
    from amanat.cases.lifecycle import case_close

    case = consented_case(case_manager)
    consent_withdraw(
        user=case_manager, case_id=case.pk, consent_id=Consent.objects.get(case=case).pk
    )
    with pytest.raises(Conflict):
        record(case_manager, case)
    consent(case_manager, case)
    case_close(user=case_manager, case_id=case.pk, reason="lost_contact")
    with pytest.raises(Conflict) as error:
        record(case_manager, case)
    assert error.value.code == "case_closed"
    assert ServiceDelivery.objects.count() == 0


@pytest.fixture
def clinic_world(case_manager):
    case = consented_case(case_manager)
    clinic = make_org(name="Clinic", country="KZ", org_type="HealthServiceOrganisation")
    doctor = make_user(org=clinic, roles=["service_provider"])
    plan, action = plan_with_action(
        case_manager, case, organisation=clinic, service_type="medical_care"
    )
    referral = accepted_referral(case_manager, case, clinic, doctor)
    action.referral = referral
    action.save(update_fields=["referral"])
    return {
        "case": case,
        "clinic": clinic,
        "doctor": doctor,
        "referral": referral,
        "action": action,
    }


def test_recipient_of_an_accepted_referral_records_services(clinic_world, case_manager):
    world = clinic_world
    case, doctor, referral = world["case"], world["doctor"], world["referral"]
    service = record(
        doctor,
        case,
        service_type="medical_care",
        referral_id=referral.pk,
        description="Осмотр, анализы",
        cost="12000",
        currency="KZT",
        completes_action=True,
    )
    assert (service.organisation_id, service.referral_id, service.action_id) == (
        world["clinic"].pk,
        referral.pk,
        world["action"].pk,
    )
    world["action"].refresh_from_db()
    assert world["action"].status == "done"
    owner_record = record(case_manager, case)
    # The recipient reads back only what its organisation recorded; the holder reads all.
    assert [s.pk for s in services_delivered(doctor, case.pk, referral_id=referral.pk)] == [
        service.pk
    ]
    assert sorted(s.pk for s in services_delivered(case_manager, case.pk)) == sorted(
        [service.pk, owner_record.pk]
    )


def test_no_service_by_another_organisation_without_an_active_referral(
    clinic_world, other_case_manager
):
    world = clinic_world
    case, doctor, referral = world["case"], world["doctor"], world["referral"]
    with pytest.raises(NotFound):  # no referral named: the case is not the clinic's
        record(doctor, case, service_type="medical_care")
    with pytest.raises(NotFound):  # someone else's referral
        record(other_case_manager, case, service_type="medical_care", referral_id=referral.pk)
    other_case = consented_case(world["case"].case_worker)
    with pytest.raises(NotFound):  # the referral is for another case
        record(doctor, other_case, service_type="medical_care", referral_id=referral.pk)
    with pytest.raises(NotFound):
        services_delivered(doctor, case.pk)
    # Consent to the referral withdrawn: sharing stops, and so does recording.
    consent_row = Consent.objects.get(case=case, purpose="referral")
    consent_withdraw(user=case.case_worker, case_id=case.pk, consent_id=consent_row.pk)
    with pytest.raises(NotFound):
        record(doctor, case, service_type="medical_care", referral_id=referral.pk)
    assert ServiceDelivery.objects.count() == 0


def test_a_referral_not_yet_accepted_does_not_allow_recording(case_manager):
    from amanat.referrals.services import referral_send
    from tests.assistance.helpers import offer

    case = consented_case(case_manager)
    lawyers = make_org(name="Legal clinic", country="KZ", org_type="LegalService")
    lawyer = make_user(org=lawyers, roles=["service_provider"])
    offer(lawyers, "legal_aid")
    consent(case_manager, case, purpose="referral", recipient_organisation_id=lawyers.pk)
    referral = referral_create(
        user=case_manager,
        case_id=case.pk,
        to_organisation_id=lawyers.pk,
        services=["legal_aid"],
        urgency="normal",
        reason="Unpaid wages",
    )
    referral_send(user=case_manager, referral_id=referral.pk)
    assert Referral.objects.get(pk=referral.pk).state == "sent"
    with pytest.raises(NotFound):
        record(lawyer, case, service_type="legal_aid", referral_id=referral.pk)


def test_coordinator_statistics_count_services_with_suppression(case_manager, org, settings):
    settings.AMANAT_STATS_THRESHOLD = 3
    for index in range(3):
        case = consented_case(case_manager)
        record(case_manager, case, cost="100.00", currency="KZT")
        if index == 0:
            record(case_manager, case, service_type="legal_aid", cost="50", currency="USD")
    coordinator = make_user(org=make_org(name="NRM", country="KZ"), roles=["nrm_coordinator"])
    stats = statistics_as_dict(assistance_statistics(coordinator))
    assert stats["services_by_type"] == [
        {"key": "legal_aid", "label": "Legal aid", "cases": None, "suppressed": True},
        # Secondary suppression (ADR 0666): shown, shelter's 3 services would give away legal
        # aid's 1 by subtraction from the organisation's 4.
        {"key": "shelter", "label": "Shelter", "cases": None, "suppressed": True},
    ]
    assert stats["services_by_organisation"] == [
        {"key": str(org.pk), "label": "Home NGO", "cases": 3, "suppressed": False, "services": 4}
    ]
    # Another country's coordinator sees none of it.
    elsewhere = make_user(org=make_org(name="NRM KG", country="KG"), roles=["nrm_coordinator"])
    assert statistics_as_dict(assistance_statistics(elsewhere))["services_by_type"] == []
    with pytest.raises(NotFound):
        assistance_statistics(case_manager)
    audit = AuditEvent.objects.filter(action="assistance.statistics").first()
    assert audit.fields == [] and audit.extra == {"country": "KZ", "threshold": 3}
