"""Insights API: suppressed statistics, gap analysis, research datasets, HTCDS exchange.

Thin: parse, call one selector or service, present. Statistics answer 404 to users without
`stats.view`, like everything they may not see; bad parameters answer 422 naming the field.
"""

from __future__ import annotations

from typing import Any

from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from amanat.errors import ValidationError
from amanat.insights import export_requests, selectors, services
from amanat.insights.downloads import attachment
from amanat.insights.params import parse_filters, parse_threshold

router = Router(tags=["insights"])


class StatisticsQuery(Schema):
    source: str = selectors.CASES_SOURCE
    countries: str = ""
    match: str = ""
    period: str = ""
    regions: str = ""
    threshold: str = ""
    statistics: str = ""


def _evidence(request, params: StatisticsQuery, *, with_names: bool = True):
    cases = params.source == selectors.CASES_SOURCE
    filters = parse_filters(
        cases=cases,
        countries=params.countries,
        match=params.match,
        period=params.period,
        regions=params.regions,
    )
    names = [n.strip() for n in params.statistics.split(",") if n.strip()] if with_names else []
    return selectors.evidence(
        request.user,
        params.source,
        filters=filters,
        threshold=parse_threshold(params.threshold),
        names=names or None,
    )


@router.get("/datasets")
def list_datasets(request):
    return [
        {
            "name": d.name,
            "kind": d.kind,
            "source_file": d.source_file,
            "records": d.records,
            "rows_rejected": d.rows_rejected,
            "years": [d.year_min, d.year_max],
            "citation": d.citation,
            "imported_at": d.imported_at,
        }
        for d in selectors.dataset_list(request.user)
    ]


@router.get("/statistics")
def statistics(request, params: Query[StatisticsQuery]):
    evidence = _evidence(request, params)
    return {
        "source": {
            "kind": evidence.source.kind,
            "name": evidence.source.name,
            "label": evidence.source.label,
            "citation": evidence.source.citation,
        },
        "filters": list(evidence.filters.describe()),
        "threshold": evidence.threshold,
        "tables": [t.as_dict() for t in evidence.tables],
        "outcomes": [t.as_dict() for t in evidence.outcomes],
        "gaps": evidence.gaps.as_dict() if evidence.gaps is not None else None,
        "omitted": evidence.omitted,
        "persons": evidence.persons.as_dict() if evidence.persons is not None else None,
    }


@router.get("/gaps")
def gaps(request, params: Query[StatisticsQuery]):
    if params.source != selectors.CASES_SOURCE:
        raise ValidationError("Gap analysis is over the platform's cases only.", field="source")
    evidence = _evidence(request, params, with_names=False)
    return {
        "gaps": evidence.gaps.as_dict() if evidence.gaps is not None else None,
        "omitted": evidence.omitted,
    }


class HtcdsExportIn(Schema):
    model_config = ConfigDict(extra="forbid")

    purpose: str = Field(..., description="research | transfer | referral | required_by_law")
    legal_basis: str = Field(
        "", max_length=40, description="a code of the purpose's closed list (identifiable only)"
    )
    format: str = Field("json", description="json | csv")
    case_ids: list[int] | None = None
    recipient_organisation: int | None = Field(None, description="the receiving organisation")
    password: str = Field(
        "", max_length=128, description="password of the encrypted file (identifiable only)"
    )


@router.post("/htcds/export", response={202: dict})
def htcds_export(request, payload: HtcdsExportIn):
    """A research extract (plain), or an identifiable export as an AES-256 encrypted ZIP; above
    the cap, 202 with the export request that another person must approve."""
    result = services.htcds_export(
        user=request.user,
        purpose=payload.purpose,
        fmt=payload.format,
        legal_basis=payload.legal_basis,
        case_ids=payload.case_ids,
        recipient_organisation_id=payload.recipient_organisation,
        password=payload.password,
    )
    if result.request is not None and result.pending:
        return Status(202, export_requests.export_request_as_dict(result.request))
    return attachment(result)


@router.get("/exports")
def list_export_requests(request):
    return [
        export_requests.export_request_as_dict(r)
        for r in export_requests.export_requests_for_user(request.user)[:200]
    ]


@router.get("/exports/{request_id}")
def get_export_request(request, request_id: int):
    found = export_requests.export_request_get_for_user(request.user, request_id)
    return export_requests.export_request_as_dict(found)


@router.post("/exports/{request_id}/approve")
def approve_export_request(request, request_id: int):
    decided = export_requests.export_request_approve(user=request.user, request_id=request_id)
    return export_requests.export_request_as_dict(decided)


@router.post("/exports/{request_id}/reject")
def reject_export_request(request, request_id: int):
    decided = export_requests.export_request_reject(user=request.user, request_id=request_id)
    return export_requests.export_request_as_dict(decided)


class ExportFileIn(Schema):
    model_config = ConfigDict(extra="forbid")

    password: str = Field(..., max_length=128)


@router.post("/exports/{request_id}/file")
def produce_export_file(request, request_id: int, payload: ExportFileIn):
    result = export_requests.export_request_produce(
        user=request.user, request_id=request_id, password=payload.password
    )
    return attachment(result)


class HtcdsImportIn(Schema):
    model_config = ConfigDict(extra="forbid")

    format: str = Field("json", description="json | csv")
    records: list[Any] | None = Field(None, description="HTCDS records (format json)")
    content: str | None = Field(None, description="the file's text (json or csv)")
    allow_duplicates: bool = Field(
        False, description="import records that may be persons the organisation already holds"
    )


@router.post("/htcds/import", response={201: dict})
def htcds_import(request, payload: HtcdsImportIn):
    if (payload.records is None) == (payload.content is None):
        raise ValidationError("Send either records or content.", field="records")
    records = (
        payload.records
        if payload.records is not None
        else services.parse_htcds(payload.content, payload.format)
    )
    result = services.htcds_import(
        user=request.user,
        records=records,
        fmt=payload.format,
        allow_duplicates=payload.allow_duplicates,
    )
    return Status(201, result.as_dict())


ROUTERS = (("/insights", router),)
