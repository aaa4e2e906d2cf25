"""The platform's cases in CTDC codebook v6 columns (plus a few case-only columns), columnar.

Input: one row per case with the raw values the database holds (`RAW_SCHEMA`; JSON lists as their
JSON text, exactly as `Cast(..., TextField())` returns them). Output: the typed CTDC schema of
`reader.ctdc_schema()` followed by `case_columns()`. Every step is a polars expression over whole
columns: no Python loop over cases. Lists are never decoded: a code is looked up as its quoted
JSON string (`"ForcedLabour"`), which is exact because codes never contain quotes, and the first or
last element is read with an anchored pattern. The mapping itself is data (`case_mapping.yaml`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl

from amanat import rulefiles
from amanat.core import vocabularies
from amanat.insights.ctdc.codebook import GroupMember, MultiSelectGroup, load_codebook
from amanat.insights.ctdc.reader import ctdc_schema
from amanat.insights.ctdc.schema import CaseMappingFile
from amanat.insights.i18n import bilingual, pgettext_lazy

MAPPING_PATH = Path(__file__).resolve().parents[1] / "rules" / "ctdc" / "case_mapping.yaml"

RAW_SCHEMA: dict[str, pl.DataType] = {
    "case_id": pl.Int64,
    "owner_organisation_id": pl.Int64,
    "identified_on": pl.String,  # ISO date text
    "country": pl.String,
    "region": pl.String,
    "status": pl.String,
    "trafficking_status": pl.String,
    "recruitment_methods": pl.String,  # JSON list text
    "exploitation_types": pl.String,
    "control_methods": pl.String,
    "labour_industry": pl.String,
    "relationship_to_trafficker": pl.String,
    "age_when_trafficked": pl.Int16,
    "exploitation_countries": pl.String,
    "birth_year": pl.Int16,
    "gender": pl.String,
    "citizenship": pl.String,
    "person_id": pl.Int64,  # for unique-person counts only (never exported)
}

# Case-only columns kept next to the CTDC ones (never written to a CTDC export).
CASE_ID = "caseId"
OWNER = "ownerOrganisationId"
PERSON = "personId"
IDENTIFICATION = "countryOfIdentification"
REGION = "regionOfIdentification"
TRAFFICKING_STATUS = "traffickingStatus"
CASE_STATUS = "caseStatus"
LABOUR_INDUSTRY = "labourIndustry"
CHANNEL_ONLINE = "channelOnline"
CHANNEL_PERSONAL = "channelPersonalContacts"
CHANNEL_OTHER = "channelOther"
RECRUITMENT_PREFIX = "recruitment_"


@dataclass(frozen=True)
class CaseMapping:
    data: dict
    recruitment_codes: tuple[str, ...]
    recruitment_labels: dict[str, dict[str, str]]
    online_codes: tuple[str, ...]

    @property
    def recruitment_columns(self) -> list[str]:
        return [RECRUITMENT_PREFIX + code for code in self.recruitment_codes]


@cache
def load_mapping() -> CaseMapping:
    # Validated by its model, then kept as plain data: the column builder indexes it by key.
    data = rulefiles.load(MAPPING_PATH, CaseMappingFile).model_dump()
    items = vocabularies.vocabulary("recruitment_method").items
    return CaseMapping(
        data=data,
        recruitment_codes=tuple(str(i["code"]) for i in items),
        recruitment_labels={str(i["code"]): {"en": i["en"], "ru": i["ru"]} for i in items},
        online_codes=tuple(str(i["code"]) for i in items if i.get("online")),
    )


def case_columns() -> list[str]:
    return [
        CASE_ID,
        OWNER,
        PERSON,
        IDENTIFICATION,
        REGION,
        TRAFFICKING_STATUS,
        CASE_STATUS,
        LABOUR_INDUSTRY,
        *load_mapping().recruitment_columns,
        CHANNEL_ONLINE,
        CHANNEL_PERSONAL,
        CHANNEL_OTHER,
    ]


def recruitment_method_group() -> MultiSelectGroup:
    mapping = load_mapping()
    return MultiSelectGroup(
        name="recruitment_method",
        label=bilingual(pgettext_lazy("statistics", "Method of recruitment")),
        members=tuple(
            GroupMember(RECRUITMENT_PREFIX + code, mapping.recruitment_labels[code])
            for code in mapping.recruitment_codes
        ),
        not_specified=(),
    )


def recruitment_channel_group() -> MultiSelectGroup:
    return MultiSelectGroup(
        name="recruitment_channel",
        label=bilingual(pgettext_lazy("statistics", "Recruitment channel")),
        members=(
            GroupMember(
                CHANNEL_ONLINE,
                bilingual(
                    pgettext_lazy(
                        "recruitment channel", "Online (social networks, online advertisements)"
                    )
                ),
            ),
            GroupMember(
                CHANNEL_PERSONAL,
                bilingual(
                    pgettext_lazy("recruitment channel", "Personal contacts (family, friends)")
                ),
            ),
            GroupMember(
                CHANNEL_OTHER,
                bilingual(
                    pgettext_lazy(
                        "recruitment channel", "Other channels (work, business, school, press, TV)"
                    )
                ),
            ),
        ),
        not_specified=(),
    )


def _blank_to_null(column: str) -> pl.Expr:
    return pl.when(pl.col(column) == "").then(None).otherwise(pl.col(column))


def _flag(condition: pl.Expr, answered: pl.Expr) -> pl.Expr:
    """1/0 where the group was answered, null where it was not (CTDC's missing value)."""
    return pl.when(answered).then(condition.cast(pl.Int8)).otherwise(None)


def _any_of(column: str, codes: list[str]) -> pl.Expr:
    """True where the JSON list text in `column` holds one of `codes` (quoted, so exact)."""
    if not codes:
        return pl.lit(False)
    found = [pl.col(column).str.contains(f'"{code}"', literal=True) for code in codes]
    return pl.any_horizontal(found).fill_null(False)


def _non_empty(column: str) -> pl.Expr:
    return pl.col(column).str.contains('"', literal=True).fill_null(False)


def _first(column: str) -> pl.Expr:
    return pl.col(column).str.extract(r'^\[\s*"([^"]*)"', 1)


def _last(column: str) -> pl.Expr:
    return pl.col(column).str.extract(r'"([^"]*)"\s*\]$', 1)


def cases_to_ctdc(raw: pl.DataFrame) -> pl.DataFrame:
    """Map raw case rows (RAW_SCHEMA) to the CTDC v6 schema plus `case_columns()`."""
    mapping = load_mapping()
    m = mapping.data
    book = load_codebook()
    # Lazy, so that polars computes sub-expressions shared by many columns (the age, "was
    # exploited", "in forced labour"...) once: eagerly they would be recomputed per column.
    frame = raw.lazy().select(
        [
            (pl.col(c) if c in raw.columns else pl.lit(None)).cast(t).alias(c)
            for c, t in RAW_SCHEMA.items()
        ]
    )
    frame = frame.with_columns(
        [
            _blank_to_null(c).alias(c)
            for c in (
                "country",
                "region",
                "status",
                "trafficking_status",
                "labour_industry",
                "relationship_to_trafficker",
                "gender",
            )
        ]
        + [pl.col("identified_on").str.slice(0, 4).cast(pl.Int16, strict=False).alias("year")]
    )
    age = pl.col("year") - pl.col("birth_year")
    age = pl.when((age >= 0) & (age <= 120)).then(age).otherwise(None)
    bands = m["age_bands"]
    age_broad = pl.lit(None, dtype=pl.String)
    for low, high, label in reversed(bands):
        within = age >= low if high is None else age.is_between(low, high)
        age_broad = pl.when(within).then(pl.lit(label)).otherwise(age_broad)
    majority = m["majority_age"]

    out: dict[str, pl.Expr] = {
        "yearOfRegistration": pl.col("year"),
        "Datasource": pl.lit(m["datasource"]),
        "gender": pl.col("gender").replace_strict(m["gender"], default=None),
        "ageBroad": age_broad,
        "majorityStatus": pl.when(age.is_null())
        .then(None)
        .when(age < majority)
        .then(pl.lit("Minor"))
        .otherwise(pl.lit("Adult")),
        "majorityStatusAtExploit": pl.when(pl.col("age_when_trafficked").is_null())
        .then(None)
        .when(pl.col("age_when_trafficked") < majority)
        .then(pl.lit("Minor"))
        .otherwise(pl.lit("Adult")),
        "citizenship": _first("citizenship"),
        "CountryOfExploitation": pl.coalesce(_last("exploitation_countries"), pl.col("country")),
    }

    # Types of exploitation.
    exploited = _non_empty("exploitation_types")
    for column in m["exploitation_columns"]:
        codes = [code for code, targets in m["exploitation"].items() if column in targets]
        out[column] = _flag(_any_of("exploitation_types", codes), exploited)
    labour = out["isForcedLabour"] == 1
    out[m["sex_and_labour"]] = _flag(labour & (out["isSexualExploit"] == 1), exploited)

    # Means of control.
    controlled = _non_empty("control_methods")
    control_members = book.groups["means_of_control"].columns
    for column in control_members:
        codes = [code for code, target in m["means_of_control"].items() if target == column]
        out[column] = _flag(_any_of("control_methods", codes), controlled)
    out[m["means_of_control_not_specified"]] = (~controlled).cast(pl.Int8)

    # Sector of forced labour: only for people in forced labour.
    industry_columns = dict(m["labour_industry"])
    labour_members = book.groups["labour_sector"].columns
    known_labour = pl.col("labour_industry").is_not_null() | _any_of(
        "exploitation_types", list(m["labour_from_exploitation"])
    )
    for column in labour_members:
        by_industry = [code for code, target in industry_columns.items() if target == column]
        if column == m["labour_industry_other"]:
            condition = pl.col("labour_industry").is_not_null() & ~pl.col("labour_industry").is_in(
                list(industry_columns)
            )
        else:
            condition = pl.col("labour_industry").is_in(by_industry).fill_null(False)
        by_type = [
            code for code, target in m["labour_from_exploitation"].items() if target == column
        ]
        condition = condition | _any_of("exploitation_types", by_type)
        out[column] = pl.when(labour & known_labour).then(condition.cast(pl.Int8)).otherwise(None)
    out[m["labour_not_specified"]] = (
        pl.when(labour).then((~known_labour).cast(pl.Int8)).otherwise(None)
    )

    # Relationship with the recruiter.
    relation = m["recruiter_relationship"]
    related = pl.col("relationship_to_trafficker").is_not_null()
    out["RecruiterRelationship"] = pl.col("relationship_to_trafficker").replace_strict(
        {code: entry["category"] for code, entry in relation.items()}, default=None
    )
    for column in book.groups["recruiter_relationship"].columns + ["recruiterRelationUnknown"]:
        codes = [code for code, entry in relation.items() if entry["column"] == column]
        out[column] = _flag(pl.col("relationship_to_trafficker").is_in(codes), related)

    # Case-only columns.
    recruited = _non_empty("recruitment_methods")
    personal = list(m["recruitment_channels"]["personal_contacts"])
    online = list(mapping.online_codes)
    other = [c for c in mapping.recruitment_codes if c not in personal and c not in online]
    extras: dict[str, pl.Expr] = {
        CASE_ID: pl.col("case_id"),
        OWNER: pl.col("owner_organisation_id"),
        PERSON: pl.col("person_id"),
        IDENTIFICATION: pl.col("country"),
        REGION: pl.col("region"),
        TRAFFICKING_STATUS: pl.col("trafficking_status"),
        CASE_STATUS: pl.col("status"),
        LABOUR_INDUSTRY: pl.col("labour_industry"),
    }
    for code in mapping.recruitment_codes:
        extras[RECRUITMENT_PREFIX + code] = _flag(_any_of("recruitment_methods", [code]), recruited)
    extras[CHANNEL_ONLINE] = _flag(_any_of("recruitment_methods", online), recruited)
    extras[CHANNEL_PERSONAL] = _flag(_any_of("recruitment_methods", personal), recruited)
    extras[CHANNEL_OTHER] = _flag(_any_of("recruitment_methods", other), recruited)

    schema = ctdc_schema()
    ctdc = [
        (out[name] if name in out else pl.lit(None)).cast(dtype).alias(name)
        for name, dtype in schema.items()
    ]
    extra_types = {CASE_ID: pl.Int64, OWNER: pl.Int64, PERSON: pl.Int64}
    case_only = [
        extras[name]
        .cast(
            extra_types.get(
                name, pl.Int8 if name.startswith(("recruitment_", "channel")) else pl.String
            )
        )
        .alias(name)
        for name in case_columns()
    ]
    return frame.select(ctdc + case_only).collect()


def ctdc_only(frame: pl.DataFrame) -> pl.DataFrame:
    """Only the CTDC v6 columns, in codebook order (what an export may contain)."""
    return frame.select(list(ctdc_schema()))
