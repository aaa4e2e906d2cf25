"""Shared set-up for the referral tests: a sender, a provider, an outsider, a case with consent."""

from __future__ import annotations

import json

from amanat.cases.consent import consent_record
from amanat.referrals import services
from tests.fixtures import api_client, make_case, make_org, make_user

SHELTER = {
    "service_type": "shelter",
    "regions": ["KZ-75"],
    "languages": ["ru", "kk"],
    "capacity": 20,
    "available": 5,
    "genders": [],
    "accepting": True,
    "contact_name": "Дина Сапарова",
    "contact_phone": "+77010000001",
    "contact_email": "shelter@example.org",
    "hours": "24/7",
}


def directory_admin(org):
    return make_user(org=org, roles=["administrator"])


def offer(org, *types, **fields):
    admin = directory_admin(org)
    for stype in types:
        services.directory_service_save(
            user=admin,
            organisation_id=org.pk,
            data={**SHELTER, "service_type": stype, "regions": [], **fields},
        )


def build_world(*, provider_country: str = "KZ") -> dict:
    home = make_org(name="Sender NGO", country="KZ", region="KZ-75")
    provider = make_org(
        name="Provider Shelter",
        country=provider_country,
        region="KZ-75" if provider_country == "KZ" else "",
    )
    outsider = make_org(name="Outsider NGO", country="KZ")
    offer(provider, "shelter", "medical_care", "psychosocial_support")
    sender = make_user(org=home, roles=["case_manager"], username="sender")
    receiver = make_user(org=provider, roles=["service_provider"], username="receiver")
    stranger = make_user(org=outsider, roles=["case_manager"], username="stranger")
    case = make_case(
        user=sender,
        person={
            "first_name": "Гулнора",
            "last_name": "Рахмонова",
            "gender": "Feminine",
            "birth_date": "1994-03-08",
            "citizenship": ["UZ"],
            "primary_language": "uz",
            "secondary_language": "ru",
            "phone": "+998905551234",
            "migration_status": "LabourMigrant",
        },
        case={"country": "KZ", "region": "KZ-75", "narrative": "Secret narrative text"},
    )
    return {
        "home": home,
        "provider": provider,
        "outsider": outsider,
        "sender": sender,
        "receiver": receiver,
        "stranger": stranger,
        "case": case,
    }


def give_consent(world, org=None):
    return consent_record(
        user=world["sender"],
        case_id=world["case"].pk,
        purpose="referral",
        method="written",
        recipient_organisation_id=(org or world["provider"]).pk,
    )


def post(client, path, body=None):
    if body is None:
        return client.post(path)
    return client.post(path, data=json.dumps(body), content_type="application/json")


def clients(world) -> dict:
    return {k: api_client(world[k]) for k in ("sender", "receiver", "stranger")}
