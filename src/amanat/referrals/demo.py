"""Demo data for referrals: a service directory for the demo organisations (and a few more
fictional providers), needs on many cases, and referrals in every state, including cross-border
ones. Called by amanat.platform.demo inside its transaction, after the cases exist."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from amanat.accounts.services import organisation_create
from amanat.cases.consent import consent_record
from amanat.referrals import services
from amanat.referrals.models import Need, Referral, ReferralTransition

# org key -> (core functions, NRM role, [(service type, regions, languages, capacity, genders)])
DIRECTORY = {
    "kz_ngo": (
        "Hotline, crisis shelter, psychosocial support and case management.",
        "Identifies and refers; runs the Almaty shelter.",
        [
            ("shelter", ["KZ-75"], ["ru", "kk", "uz"], 24, []),
            ("psychosocial_support", ["KZ-75"], ["ru", "kk"], 40, []),
            ("vocational_training", ["KZ-75"], ["ru", "kk"], 15, []),
        ],
    ),
    "kz_police": (
        "Investigates trafficking offences; protects victims and witnesses.",
        "Identifies, screens and refers; provides protection.",
        [("law_enforcement_protection", ["KZ-75"], ["ru", "kk"], None, [])],
    ),
    "kz_gov": (
        "Secretariat of the inter-agency commission on trafficking in persons.",
        "Coordinates the national referral mechanism; keeps the directory.",
        [],
    ),
    "kz_io": (
        "Assisted voluntary return and reintegration, family tracing, cash assistance.",
        "Funds and arranges return and reintegration.",
        [
            ("return_assistance", [], ["ru", "en", "kk"], 50, []),
            ("family_tracing", [], ["ru", "en"], None, []),
            ("cash_assistance", [], ["ru", "kk"], 100, []),
        ],
    ),
    "kg_ngo": (
        "Shelter for returnees and survivors; reintegration support.",
        "Receives referrals from Kyrgyzstan and abroad.",
        [
            ("shelter", ["KG-GB", "KG-C"], ["ky", "ru"], 18, []),
            ("psychosocial_support", ["KG-GB"], ["ky", "ru"], 30, []),
            ("job_placement", ["KG-GB"], ["ky", "ru"], 20, []),
        ],
    ),
    "kg_legal": (
        "Free legal aid, court representation, documents.",
        "Legal aid for identified and presumed victims.",
        [("legal_aid", [], ["ky", "ru"], 25, []), ("document_recovery", [], ["ky", "ru"], 25, [])],
    ),
    "tj_ngo": (
        "Reception of returnees, reintegration grants and training.",
        "Receives returnees; follows reintegration.",
        [
            ("business_startup", ["TJ-SU"], ["tg", "ru", "uz"], 12, []),
            ("vocational_training", ["TJ-SU"], ["tg", "ru"], 20, []),
            ("psychosocial_support", ["TJ-SU"], ["tg", "ru"], 25, []),
        ],
    ),
    "tj_health": (
        "Primary and emergency medical care.",
        "Medical examination and treatment of referred persons.",
        [
            ("medical_care", ["TJ-DU"], ["tg", "ru"], 60, []),
            ("psychosocial_support", ["TJ-DU"], ["tg", "ru"], 10, []),
        ],
    ),
}

# Further fictional providers (directory only, no users): name, type, country, region, services.
EXTRA = [
    (
        "Astana Women's Crisis Centre (demo)",
        "NGO",
        "KZ",
        "KZ-71",
        [("shelter", ["KZ-71"], ["ru", "kk"], 16, ["Feminine"])],
    ),
    (
        "Shymkent Migrant Legal Desk (demo)",
        "LegalService",
        "KZ",
        "KZ-79",
        [
            ("legal_aid", ["KZ-79", "KZ-75"], ["ru", "kk", "uz"], 30, []),
            ("interpretation", [], ["uz", "tg", "ky", "ru"], None, []),
        ],
    ),
    (
        "Almaty City Hospital No. 4 (demo)",
        "HealthServiceOrganisation",
        "KZ",
        "KZ-75",
        [("medical_care", ["KZ-75"], ["ru", "kk"], 200, [])],
    ),
    (
        "Osh Children's Centre (demo)",
        "NGO",
        "KG",
        "KG-O",
        [
            ("child_protection", ["KG-O"], ["ky", "uz", "ru"], 20, []),
            ("education", ["KG-O"], ["ky", "uz", "ru"], 40, []),
        ],
    ),
    (
        "Tashkent Reintegration Fund (demo)",
        "NGO",
        "UZ",
        "UZ-TK",
        [
            ("return_assistance", [], ["uz", "ru"], 40, []),
            ("business_startup", [], ["uz", "ru"], 25, []),
        ],
    ),
]

# (sender org, recipient org, services, urgency, path of moves after sending, days ago sent)
PLAN = [
    ("kz_ngo", "kz_police", ["law_enforcement_protection"], "high", ["accept", "start"], 5),
    ("kz_ngo", "kg_ngo", ["shelter"], "high", ["accept", "start", "complete"], 40),
    ("kz_ngo", "kg_legal", ["document_recovery"], "normal", ["accept", "start", "complete"], 60),
    ("kz_ngo", "kg_legal", ["legal_aid"], "normal", ["decline"], 20),
    ("kz_ngo", "tj_health", ["medical_care"], "high", ["accept"], 2),
    ("kz_ngo", "kg_ngo", ["psychosocial_support"], "normal", [], 1),
    ("kz_ngo", "kz_io", ["return_assistance"], "normal", ["expire"], 9),
    (
        "kz_ngo",
        "kg_ngo",
        ["job_placement"],
        "low",
        ["accept", "start", "close_without_service"],
        90,
    ),
    ("kz_ngo", "kg_ngo", ["shelter"], "normal", ["revoke"], 15),
    ("kz_ngo", "kg_legal", ["legal_aid"], "normal", None, 0),  # a draft
    ("kz_police", "kz_ngo", ["shelter"], "emergency", ["accept", "start", "complete"], 30),
    ("kz_police", "kz_ngo", ["psychosocial_support"], "normal", ["accept", "start"], 12),
    ("kg_ngo", "kg_legal", ["legal_aid"], "normal", ["accept", "start", "complete"], 50),
    ("kg_ngo", "kg_legal", ["document_recovery"], "high", [], 0),
    ("tj_ngo", "tj_health", ["medical_care"], "high", ["accept", "start", "complete"], 25),
    ("tj_ngo", "tj_health", ["psychosocial_support"], "normal", ["decline"], 8),
    ("kg_ngo", "kz_ngo", ["vocational_training"], "low", ["accept"], 3),
]
SENDERS = {
    "kz_ngo": "casemanager",
    "kz_police": "police",
    "kg_ngo": "casemanager_kg",
    "tj_ngo": "casemanager_tj",
}
ANSWERERS = {
    "kz_police": "police",
    "kg_ngo": "provider",
    "kg_legal": "lawyer_kg",
    "tj_health": "doctor_tj",
    "kz_ngo": "casemanager",
    "tj_ngo": "casemanager_tj",
}
NEED_CHOICES = [
    "shelter",
    "medical_care",
    "psychosocial_support",
    "legal_aid",
    "document_recovery",
    "return_assistance",
    "vocational_training",
    "job_placement",
    "cash_assistance",
]


def _service_data(stype, regions, languages, capacity, genders, rng) -> dict:
    return {
        "service_type": stype,
        "regions": regions,
        "languages": languages,
        "capacity": capacity,
        "available": None if capacity is None else rng.randint(0, capacity),
        "genders": genders,
        "accepting": True,
        "hours": "Mon-Fri 09:00-18:00",
        "contact_name": rng.choice(
            ["Айгерим Сейтова", "Нурбек Осмонов", "Зарина Каримова", "Бахром Юсупов"]
        ),
        "contact_phone": f"+7700{rng.randint(1000000, 9999999)}",
        "contact_email": f"referrals{rng.randint(1, 99)}@demo.example",
    }


def seed(context) -> None:
    rng = context["rng"]
    orgs = context["organisations"]
    users = context["users"]
    manager = users["coordinator"]  # holds DIRECTORY_MANAGE
    for key, (functions, role, offered) in DIRECTORY.items():
        services.organisation_profile_update(
            user=manager, organisation_id=orgs[key].pk, core_functions=functions, nrm_role=role
        )
        for stype, regions, languages, capacity, genders in offered:
            services.directory_service_save(
                user=manager,
                organisation_id=orgs[key].pk,
                data=_service_data(stype, regions, languages, capacity, genders, rng),
            )
    for name, org_type, country, region, offered in EXTRA:
        org = organisation_create(
            actor=None, name=name, org_type=org_type, country=country, region=region
        )
        for stype, regions, languages, capacity, genders in offered:
            services.directory_service_save(
                user=manager,
                organisation_id=org.pk,
                data=_service_data(stype, regions, languages, capacity, genders, rng),
            )

    by_org: dict[int, list] = {}
    for case in context["cases"]:
        by_org.setdefault(case.owner_organisation_id, []).append(case)
    # Needs on about half of the cases.
    key_of = {org.pk: key for key, org in orgs.items()}
    for org_id, cases in by_org.items():
        sender = users[SENDERS[key_of[org_id]]]
        for case in cases[: len(cases) // 2]:
            for stype in rng.sample(NEED_CHOICES, rng.randint(1, 3)):
                services.need_record(
                    user=sender,
                    case_id=case.pk,
                    service_type=stype,
                    urgency=rng.choice(["high", "normal", "normal", "low"]),
                    reason="Fictional demo need.",
                )

    used: dict[str, int] = {}
    now = timezone.now()
    for sender_key, to_key, stypes, urgency, path, days in PLAN:
        cases = by_org[orgs[sender_key].pk]
        case = cases[used.get(sender_key, 0) % len(cases)]
        used[sender_key] = used.get(sender_key, 0) + 1
        sender = users[SENDERS[sender_key]]
        recipient = orgs[to_key]
        consent_record(
            user=sender,
            case_id=case.pk,
            purpose="referral",
            method="written",
            recipient_organisation_id=recipient.pk,
        )
        transnational = recipient.country != orgs[sender_key].country
        referral = services.referral_create(
            user=sender,
            case_id=case.pk,
            to_organisation_id=recipient.pk,
            services=stypes,
            urgency=urgency,
            reason="Fictional demo referral: the person asked for this help.",
            legal_basis="cis_agreement_2005" if transnational else "",
        )
        if path is None:
            continue
        services.referral_send(user=sender, referral_id=referral.pk)
        for action in path:
            if action == "expire":
                continue
            actor = sender if action == "revoke" else users[ANSWERERS[to_key]]
            kwargs = {}
            if action == "decline":
                kwargs["reason"] = "No free place for the coming month (demo)."
            if action == "complete":
                kwargs["outcome_note"] = "Service provided as planned (demo)."
            services.ACTIONS[action](user=actor, referral_id=referral.pk, **kwargs)
        # Spread the moves over the past days, as they would have happened.
        current = Referral.objects.get(pk=referral.pk)
        sent_at = now - dt.timedelta(days=days, hours=rng.randint(1, 6))
        updates = {"sent_at": sent_at, "due_at": sent_at + (current.due_at - current.sent_at)}
        ReferralTransition.objects.filter(referral_id=referral.pk, action="send").update(at=sent_at)
        moment = sent_at
        for action in path:
            if action == "expire":
                continue
            moment = min(moment + dt.timedelta(hours=rng.randint(2, 30)), now)
            stamp = {
                "accept": "answered_at",
                "decline": "answered_at",
                "start": "started_at",
                "complete": "closed_at",
                "close_without_service": "closed_at",
                "revoke": "closed_at",
            }[action]
            updates[stamp] = moment
            if stamp == "answered_at":
                updates["response_hours"] = (moment - sent_at).total_seconds() / 3600
            if action in ("decline", "revoke"):
                updates["closed_at"] = moment
            ReferralTransition.objects.filter(referral_id=referral.pk, action=action).update(
                at=moment
            )
        Referral.objects.filter(pk=referral.pk).update(**updates)
        if "expire" in path:
            services.referrals_expire_due(referral_ids=[referral.pk])
    Need.objects.filter(referrals__state="completed").update(status="met", closed_at=now)
