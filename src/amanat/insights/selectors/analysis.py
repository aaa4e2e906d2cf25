"""The rows the research analyses read (issue 15), within the user's country scope, audited.

Scope (ADR 1504): holders of `stats.all_countries` (the regional researcher role an
administrator grants) and the command-line operator see every country; other holders of
`stats.view` see the cases identified in their organisation's country. Only codes, dates and
scores are read, never a name or a narrative; callers publish suppressed aggregates only.
"""

from __future__ import annotations

import polars as pl
from django.apps import apps

from amanat.accounts.roles import Perm
from amanat.errors import NotFound
from amanat.insights import casedata, sources
from amanat.insights.analysis.needs import NeedsData
from amanat.insights.ctdc.from_cases import CASE_ID, IDENTIFICATION
from amanat.privacy.audit import audit_record

# The reintegration setting of the needs assessment, as the analysis names it.
SETTINGS = {"origin": "return", "destination": "integration", "third_country": "third_country"}
# Bands of months since return (upper bounds, exclusive) and their names.
RETURN_BANDS = ((6, "0-5"), (12, "6-11"), (24, "12-23"), (None, "24+"))


# Research profile fields (ADR 1523) the analyses can compare by: analysis name -> frame column.
PROFILE = {"ethnicity": "ethnicity", "urban_rural": "urbanRural", "disability": "disability"}


def _with_profile(frame: pl.DataFrame, user, by, purpose: str) -> pl.DataFrame:
    """`frame` (one row per case_id, or per assessment) with the profile columns `by` asks for.
    Ethnicity and disability are special-category data decrypted for this call only, so they
    are read (and audited by the profile selector) only when a comparison needs them."""
    wanted = [name for name in by if name in PROFILE]
    if not wanted or frame.height == 0:
        return frame.with_columns([pl.lit("").alias(name) for name in wanted])
    from amanat.insights.selectors.profile import profile_frame  # noqa: PLC0415

    ids = frame["case_id"].unique().to_list()
    profile = profile_frame(user, case_ids=ids, purpose=purpose).select(
        pl.col(CASE_ID).alias("case_id"),
        *(pl.col(PROFILE[name]).fill_null("").alias(name) for name in wanted),
    )
    return frame.join(profile, on="case_id", how="left").with_columns(
        [pl.col(name).fill_null("") for name in wanted]
    )


def analysis_countries(user) -> tuple[str, ...] | None:
    """The countries `user` may analyse, or None for every country."""
    if user is None or user.can(Perm.STATS_ALL_COUNTRIES):
        return None
    if not user.can(Perm.STATS_VIEW) or user.organisation_id is None:
        raise NotFound()
    return (user.organisation.country,)


def _audit(user, kind: str, fields: list[str], countries, rows: int, purpose: str) -> None:
    audit_record(
        actor=user,
        action="analysis.view",
        object_type="statistics",
        object_id=kind,
        fields=fields,
        purpose=purpose,
        extra={"countries": "all" if countries is None else list(countries), "rows": rows},
    )


def _cases(countries) -> pl.DataFrame:
    frame = casedata.case_frame()
    if countries is not None:
        frame = frame.filter(pl.col(IDENTIFICATION).is_in(list(countries)))
    return frame


def _exploitation() -> pl.Expr:
    """Form of exploitation from the CTDC flags: labour, sexual, both, other or not recorded."""
    labour, sexual = pl.col("isForcedLabour") == 1, pl.col("isSexualExploit") == 1
    return (
        pl.when(labour & sexual)
        .then(pl.lit("sexual_and_labour"))
        .when(labour)
        .then(pl.lit("labour"))
        .when(sexual)
        .then(pl.lit("sexual"))
        .when(pl.col("isOtherExploit") == 1)
        .then(pl.lit("other"))
        .otherwise(pl.lit(""))
    )


def _assessed_case_ids() -> list[int]:
    model = (
        apps.get_model("assistance", "NeedsAssessment")
        if apps.is_installed("amanat.assistance")
        else None
    )
    if model is None:
        return []
    return list(model.objects.values_list("case_id", flat=True).distinct())


def needs_data(user, *, by=(), purpose: str = "analysis") -> NeedsData:
    """Cases with a needs assessment or a recorded need (a case never assessed is not a case
    without needs), their grouping variables, and their needs (cancelled ones left out)."""
    countries = analysis_countries(user)
    need_rows = sources.need_rows()
    if need_rows is None:
        need_rows = pl.DataFrame(schema={CASE_ID: pl.Int64, "serviceType": pl.String})
    else:
        need_rows = need_rows.filter(pl.col("status") != "cancelled")
    assessed = set(_assessed_case_ids()) | set(need_rows[CASE_ID].to_list())
    cases = (
        _cases(countries)
        .filter(pl.col(CASE_ID).is_in(sorted(assessed)))
        .select(
            pl.col(CASE_ID).alias("case_id"),
            pl.col(IDENTIFICATION).alias("country"),
            pl.col("gender"),
            pl.col("ageBroad").alias("age_band"),
            _exploitation().alias("exploitation"),
        )
        .sort("case_id")
    )
    needs = (
        need_rows.filter(pl.col(CASE_ID).is_in(cases["case_id"].implode()))
        .select(pl.col(CASE_ID).alias("case_id"), pl.col("serviceType").alias("need"))
        .unique()
    )
    fields = ["country", "gender", "age_when_trafficked", "exploitation_types", "need"]
    _audit(user, "needs", fields, countries, cases.height, purpose)
    return NeedsData(_with_profile(cases, user, by, purpose), needs)


def _band(months: float | None) -> str:
    if months is None or months < 0:
        return ""
    for bound, name in RETURN_BANDS:
        if bound is None or months < bound:
            return name
    return ""


def reintegration_rows(user, *, by=(), purpose: str = "analysis") -> pl.DataFrame:
    """One row per reintegration assessment with the case's country, gender, reintegration
    setting (return | integration | third_country, from its latest needs assessment) and the
    band of months since return (follow-up anchored on a return)."""
    from amanat.assistance.models import (  # noqa: PLC0415 - the app may be uninstalled
        FollowUpSchedule,
        NeedsAssessment,
        ReintegrationAssessment,
    )

    countries = analysis_countries(user)
    queryset = ReintegrationAssessment.objects.all()
    if countries is not None:
        queryset = queryset.filter(case__country__in=countries)
    values = list(
        queryset.order_by("case_id", "assessed_on", "id").values_list(
            "case_id",
            "assessed_on",
            "composite",
            "economic",
            "social",
            "psychosocial",
            "visit__number",
            "case__country",
            "case__person__gender",
        )
    )
    case_ids = sorted({row[0] for row in values})
    settings: dict[int, str] = {}
    for case_id, setting in (
        NeedsAssessment.objects.filter(case_id__in=case_ids)
        .exclude(reintegration_setting="")
        .order_by("case_id", "assessed_on", "id")
        .values_list("case_id", "reintegration_setting")
    ):
        settings[case_id] = SETTINGS.get(setting, "")
    returns = dict(
        FollowUpSchedule.objects.filter(case_id__in=case_ids, anchor_kind="return").values_list(
            "case_id", "anchor_date"
        )
    )
    records = []
    for case_id, on, composite, economic, social, psychosocial, visit, country, gender in values:
        anchor = returns.get(case_id)
        months = (on - anchor).days / (365.25 / 12) if anchor else None
        records.append(
            (case_id, on, composite, economic, social, psychosocial, visit, country or "")
            + (gender or "", settings.get(case_id, ""), _band(months))
        )
    frame = pl.DataFrame(records, schema=REINTEGRATION_SCHEMA, orient="row")
    fields = ["composite", "economic", "social", "psychosocial", "visit", "country", "gender"]
    _audit(user, "reintegration", fields, countries, frame.height, purpose)
    return _with_profile(frame.filter(pl.col("composite").is_not_null()), user, by, purpose)


REINTEGRATION_SCHEMA = {
    "case_id": pl.Int64,
    "assessed_on": pl.Date,
    "composite": pl.Float64,
    "economic": pl.Float64,
    "social": pl.Float64,
    "psychosocial": pl.Float64,
    "visit": pl.Int64,
    "country": pl.String,
    "gender": pl.String,
    "setting": pl.String,
    "time_since_return": pl.String,
}


def recruitment_rows(user, *, purpose: str = "analysis") -> pl.DataFrame:
    """One row per case: year of registration, gender, country, channel (online when any online
    method was recorded, else personal contacts, else other; "" when none) and the websites or
    apps named (HTCDS vic_RecruitmentWebsitesAndApps codes)."""
    from amanat.cases.models import Case  # noqa: PLC0415

    countries = analysis_countries(user)
    cases = _cases(countries).select(
        pl.col(CASE_ID).alias("case_id"),
        pl.col("yearOfRegistration").cast(pl.Int64).alias("year"),
        pl.col("gender").fill_null(""),
        pl.col(IDENTIFICATION).alias("country"),
        pl.when(pl.col("channelOnline") == 1)
        .then(pl.lit("online"))
        .when(pl.col("channelPersonalContacts") == 1)
        .then(pl.lit("personal"))
        .when(pl.col("channelOther") == 1)
        .then(pl.lit("other"))
        .otherwise(pl.lit(""))
        .alias("channel"),
    )
    named = Case.objects.exclude(recruitment_websites=[])
    if countries is not None:
        named = named.filter(country__in=countries)
    websites = dict(named.values_list("id", "recruitment_websites"))
    frame = cases.with_columns(
        pl.Series(
            "websites",
            [list(websites.get(c) or []) for c in cases["case_id"].to_list()],
            dtype=pl.List(pl.String),
        )
    ).sort("case_id")
    fields = ["identified_on", "gender", "country", "recruitment_methods", "recruitment_websites"]
    _audit(user, "recruitment", fields, countries, frame.height, purpose)
    return frame
