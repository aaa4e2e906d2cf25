"""Fictional demo people and cases with plausible profiles (issue 15): regions of identification,
family situation by age, ethnicity and origin, disability, age when trafficked, and recruitment
channels whose online share follows the published Kazakhstan figure for 2015-2016.

Pure data: functions of a `random.Random`, so the demo stays deterministic. Every weight below is
invented for the demo (roughly in the order of the census majorities and of the figures in
shared/reference/central-asia-figures.md); none is a statistic.
"""

from __future__ import annotations

import datetime as dt
import random

from amanat.cases.demo_names import FEMALE_FIRST, LAST, MALE_FIRST

# Kazakhstan 2015-2016: "10 of 330 victims identified and assisted in 2015-2016 were recruited
# through online social networks, dating websites or online advertisements", and 67% through
# personal contacts (IOM Kazakhstan, as reported in shared/reference/central-asia-figures.md; that
# file notes the underlying report was not checked: the OSCE/IOM research on ICT in recruitment in
# Central Asia is cited through it, not read). Later years: an invented rising trend.
ONLINE_SHARE_KZ_2015_2016 = 10 / 330
PERSONAL_CONTACTS_SHARE_KZ_2015_2016 = 0.67
ONLINE_SHARE_BY_YEAR = {2017: 0.06, 2019: 0.1, 2021: 0.16, 2023: 0.22, 2025: 0.28}

# Regions of identification (ISO 3166-2) with invented weights; a few cases have none.
REGIONS = {
    "KZ": [("KZ-75", 40), ("KZ-71", 22), ("KZ-79", 14), ("KZ-19", 8), ("KZ-61", 6), ("KZ-55", 4)],
    "KG": [("KG-GB", 50), ("KG-O", 20), ("KG-GO", 12), ("KG-J", 10), ("KG-C", 8)],
    "TJ": [("TJ-SU", 40), ("TJ-DU", 35), ("TJ-KT", 15), ("TJ-RA", 10)],
    "UZ": [("UZ-TK", 35), ("UZ-SA", 15), ("UZ-FA", 15), ("UZ-AN", 12), ("UZ-QR", 8), ("UZ-SU", 8)],
}
NO_REGION_SHARE = 0.05
ETHNICITY_BY_CITIZENSHIP = {
    "KZ": [("kazakh", 70), ("russian", 14), ("uzbek", 5), ("uyghur", 3), ("ukrainian", 2),
           ("tatar", 2), ("korean", 1), ("german", 1)],
    "KG": [("kyrgyz", 74), ("uzbek", 15), ("russian", 5), ("dungan", 2), ("uyghur", 1),
           ("tajik", 1)],
    "TJ": [("tajik", 84), ("uzbek", 12), ("kyrgyz", 1), ("russian", 1)],
    "UZ": [("uzbek", 80), ("tajik", 5), ("karakalpak", 5), ("kazakh", 4), ("russian", 3),
           ("tatar", 1)],
}  # fmt: skip
RURAL_SHARE = {"KZ": 0.42, "KG": 0.62, "TJ": 0.72, "UZ": 0.5}
LANGUAGE = {"UZ": "uz", "KZ": "kk", "KG": "ky", "TJ": "tg"}
PHONE_PREFIX = {"KZ": "7701", "KG": "996555", "UZ": "99890", "TJ": "99293"}
CITIZENSHIP_BY_COUNTRY = {
    "KZ": ["UZ", "UZ", "KZ", "KG", "TJ"],
    "KG": ["KG", "KG", "UZ"],
    "TJ": ["TJ", "TJ", "UZ"],
    "UZ": ["UZ", "UZ", "UZ", "TJ"],
}
MIGRATION = ["LabourMigrant", "IrregularMigrant", "ReturneeWithReentryBan", "Returnee"]
MIGRATION += ["StrandedMigrant"]
EXPLOITATION = [
    ["ForcedLabour"],
    ["ForcedLabour"],
    ["ForcedLabour"],
    ["SexualExploitation"],
    ["ForcedLabour", "Servitude"],
    ["ForcedBegging"],
    ["ForcedCriminality"],
]
INDUSTRIES = [
    "F_Construction",
    "A_AgricultureForestryAndFishing",
    "T_ActivitiesOfHouseholdsAsEmployers",
    "I_AccommodationAndFoodServiceActivities",
    "C_Manufacturing",
    "G_WholesaleAndRetailTradeRepairOfMotorVehicles",
]
CONTROL = [
    "WithholdsDocuments",
    "TakesEarnings",
    "DebtBondage",
    "PhysicalThreats",
    "PsychologicalAbuse",
    "ExcessiveWorkingHours",
    "FalsePromises",
    "ThreatsLawEnforcement",
]
PERSONAL = ["ThroughFriendsOrSocialEvents", "ThroughFamilyOrFamilyEvents"]
ONLINE = ["ThroughOnlineSocialNetworks", "ThroughAnOnlineAdvertisement"]
OTHER_CHANNELS = ["AtWork", "ThroughANewspaperAdvert", "AtAPlaceOfBusiness"]
APPS = ["Telegram", "WhatsApp", "Instagram", "Odnoklassniki", "VKontakte"]
DOMAINS = ["mobility", "upper_body", "anxiety", "depression", "seeing", "hearing", "cognition"]


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def family(rng: random.Random, age: int) -> tuple[str, int]:
    """(marital status, number of children), plausible for the age."""
    if age < 18:
        return "Single", 0
    if age < 25:
        status = _weighted(rng, [("Single", 62), ("Married", 33), ("Divorced", 5)])
    elif age < 35:
        status = _weighted(
            rng, [("Married", 58), ("Single", 24), ("Divorced", 12), ("Separated", 6)]
        )
    else:
        status = _weighted(
            rng,
            [("Married", 62), ("Divorced", 16), ("Widowed", 9), ("Separated", 6), ("Single", 7)],
        )
    if status == "Single":
        return status, 1 if rng.random() < 0.12 else 0
    children = int(_weighted(rng, [("0", 8), ("1", 22), ("2", 32), ("3", 24), ("4", 14)]))
    return status, min(children, 1 if age < 22 else (3 if age < 30 else 6))


def profile(rng: random.Random, citizenship: str) -> dict:
    """Ethnicity, urban or rural origin and disability (issue 15 profile fields)."""
    roll = rng.random()
    if roll < 0.03:
        ethnicity = "prefer_not_to_say"
    elif roll < 0.05:
        ethnicity = "unknown"
    else:
        ethnicity = _weighted(rng, ETHNICITY_BY_CITIZENSHIP.get(citizenship, [("other", 1)]))
    rural = rng.random() < RURAL_SHARE.get(citizenship, 0.5)
    values = {"ethnicity": ethnicity, "urban_rural": "rural" if rural else "urban"}
    disability = _weighted(rng, [("no", 80), ("yes", 13), ("unknown", 5), ("prefer_not_to_say", 2)])
    values["disability"] = disability
    if disability == "yes":
        values["disability_domains"] = rng.sample(DOMAINS, rng.choice([1, 1, 2]))
        values["disability_onset"] = _weighted(
            rng,
            [
                ("during_exploitation", 55),
                ("before_exploitation", 30),
                ("after_exploitation", 5),
                ("unknown", 10),
            ],
        )
    return values


def person(rng: random.Random, country: str, today: dt.date, *, male_share: float = 0.62) -> dict:
    """A fictional person registered in `country` (names from the demo name lists)."""
    male = rng.random() < male_share  # most identified victims of labour exploitation are men
    first, first_lat = rng.choice(MALE_FIRST if male else FEMALE_FIRST)
    last, last_lat = rng.choice(LAST)
    if not male:
        last, last_lat = last + "а", last_lat + "a"
    age = rng.randint(15, 55)
    birth = dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
    citizenship = rng.choice(CITIZENSHIP_BY_COUNTRY[country])
    marital, children = family(rng, age)
    return {
        "first_name": first,
        "last_name": last,
        "first_name_latin": first_lat,
        "last_name_latin": last_lat,
        "birth_date": birth,
        "gender": "Masculine" if male else "Feminine",
        "marital_status": marital,
        "number_of_children": children,
        "citizenship": [citizenship],
        "primary_language": LANGUAGE[citizenship],
        "secondary_language": "ru",
        "education": rng.choice(
            [
                "LowerSecondaryEducation",
                "UpperSecondaryEducation",
                "PostSecondaryNonTertiaryEducation",
            ]
        ),
        "migration_status": rng.choice(MIGRATION),
        "id_document_type": "Passport",
        "id_document_number": f"{citizenship}{rng.randint(1000000, 9999999)}",
        "phone": f"+{PHONE_PREFIX[citizenship]}{rng.randint(100000, 999999)}",
        "address_country": country,
        **profile(rng, citizenship),
    }


def online_share(country: str, year: int) -> float:
    if country == "KZ" and year <= 2016:
        return ONLINE_SHARE_KZ_2015_2016
    share = ONLINE_SHARE_BY_YEAR[2017]
    for since, value in sorted(ONLINE_SHARE_BY_YEAR.items()):
        if year >= since:
            share = value
    return share


def recruitment(rng: random.Random, online: bool, personal: bool) -> tuple[list, list]:
    """(methods of recruitment, websites and apps) for one case."""
    if online:
        methods = [rng.choice(ONLINE)]
    elif personal:
        methods = [rng.choice(PERSONAL)]
    else:
        methods = [rng.choice(OTHER_CHANNELS)]
    return methods, (rng.sample(APPS, rng.randint(1, 2)) if online else [])


def age_when_trafficked(rng: random.Random, birth: dt.date, identified: dt.date) -> int:
    """Age at the start of the exploitation: up to three years before identification."""
    age = (
        identified.year
        - birth.year
        - ((identified.month, identified.day) < (birth.month, birth.day))
    )
    return max(12, age - rng.choice([0, 0, 1, 1, 2, 3]))


def case(
    rng: random.Random,
    country: str,
    identified: dt.date,
    *,
    birth: dt.date | None,
    online: bool | None = None,
    personal: bool | None = None,
) -> dict:
    """A fictional case in `country`; `online`/`personal` force the recruitment channel (else
    drawn with the year's online share and two thirds through personal contacts)."""
    exploitation = rng.choice(EXPLOITATION)
    if online is None:
        online = rng.random() < online_share(country, identified.year)
    if personal is None:  # two thirds of all cases, as in Kazakhstan 2015-2016
        personal = rng.random() < PERSONAL_CONTACTS_SHARE_KZ_2015_2016 / (
            1 - online_share(country, 2015)
        )
    methods, apps = recruitment(rng, online, personal and not online)
    region = "" if rng.random() < NO_REGION_SHARE else _weighted(rng, REGIONS[country])
    values = {
        "identified_on": identified,
        "country": country,
        "recruitment_methods": methods,
        "recruitment_websites": apps,
        "exploitation_types": exploitation,
        "control_methods": rng.sample(CONTROL, rng.randint(1, 4)),
        "labour_industry": rng.choice(INDUSTRIES) if "ForcedLabour" in exploitation else "",
        "relationship_to_trafficker": "Familial"
        if methods[0] == "ThroughFamilyOrFamilyEvents"
        else ("Acquainted" if methods[0] in PERSONAL else "Unaquainted"),
        "country_of_origin": rng.choice(CITIZENSHIP_BY_COUNTRY[country]),
        "exploitation_countries": [rng.choice(["KZ", "RU", "KZ", "TR", "AE"])],
        "narrative": "Fictional demo narrative: recruited with a promise of work, documents taken "
        "on arrival, wages withheld.",
    }
    if region:
        values["region"] = region
    if birth is not None:
        values["age_when_trafficked"] = age_when_trafficked(rng, birth, identified)
    return values
