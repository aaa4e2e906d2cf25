"""The directory file's columns: one service per row, its organisation's facts repeated."""

from __future__ import annotations

ORGANISATION_COLUMNS = (
    "organisation",
    "organisation_type",
    "country",
    "organisation_region",
    "core_functions",
    "nrm_role",
)
# What the matcher reads of a service (plain values, never the encrypted contacts).
CRITERIA_FIELDS = (
    "regions",
    "genders",
    "age_min",
    "age_max",
    "nationalities",
    "statuses",
    "languages",
    "capacity",
    "available",
    "accepting",
)
CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email")
SERVICE_FIELDS = (*CRITERIA_FIELDS, "hours", *CONTACT_FIELDS)
COLUMNS = (*ORGANISATION_COLUMNS, "service_type", *SERVICE_FIELDS)
REQUIRED_COLUMNS = ("organisation", "country", "service_type")
LIST_COLUMNS = ("regions", "genders", "nationalities", "statuses", "languages")
TRUE_WORDS = {"yes", "y", "true", "1", "да", "д", "ha", "иә", "ооба", "ҳа"}
FALSE_WORDS = {"no", "n", "false", "0", "нет", "н", "yo'q", "жоқ", "жок"}
MAX_TEXT = {
    "organisation": 200,
    "hours": 200,
    "contact_name": 200,
    "contact_phone": 40,
    "contact_email": 254,
    "core_functions": 2000,
    "nrm_role": 2000,
}
MAX_ROWS = 100_000
