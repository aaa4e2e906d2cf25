"""Optional inputs from the referrals and assistance apps, read columnar when they exist.

Each reader returns a polars frame, or None when the app is not installed, the model or a field
it needs is missing, or the table holds no row: the statistics and report sections that need it
are then left out (and say so). Only codes, ids and dates are read, never personal values.
Rows are read with `values_list` in primary-key chunks (`columnar.py`), JSON lists as their
JSON text, decoded by polars.
"""

from __future__ import annotations

import threading
import time

import polars as pl
from django.apps import apps
from django.db.models import Count, Max, TextField
from django.db.models.functions import Cast

from amanat.insights.casedata import change_marker
from amanat.insights.columnar import frame_from_values
from amanat.insights.ctdc.from_cases import CASE_ID


def _model(app_label: str, name: str, fields: tuple[str, ...]):
    """The model if its app is installed and it has every field in `fields`, else None."""
    if not apps.is_installed(f"amanat.{app_label}"):
        return None
    try:
        model = apps.get_model(app_label, name)
    except LookupError:
        return None
    present = {f.name for f in model._meta.get_fields()} | {
        f.attname for f in model._meta.concrete_fields
    }
    return model if all(f in present for f in fields) else None


_cache: dict[str, tuple[tuple, float, pl.DataFrame | None]] = {}
_lock = threading.Lock()
MAX_AGE_SECONDS = 15 * 60


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _version(queryset, *, case_linked: bool) -> tuple:
    """What must change for the table's frame to be read again.

    Tables about cases (needs, referrals, services): the highest row id and the highest case
    timeline event id (their services record an event on the case), two index look-ups. Other
    tables (the directory, small): row count, highest id and latest update.
    """
    top = queryset.order_by("-pk").values_list("pk", flat=True).first()
    if case_linked:
        return (top, change_marker().top_event)
    aggregates = {"n": Count("pk")}
    if any(f.name == "updated_at" for f in queryset.model._meta.concrete_fields):
        aggregates["at"] = Max("updated_at")
    return (top, *sorted(queryset.aggregate(**aggregates).items()))


def _frame(
    queryset,
    columns: dict[str, str],
    schema: dict[str, pl.DataType],
    json_lists: tuple[str, ...] = (),
    *,
    case_linked: bool = True,
) -> pl.DataFrame | None:
    """Rows of `queryset` as a frame: {output column: field path}; JSON lists decoded in polars.

    Cached per process until the table changes (`_version`) or for at most MAX_AGE_SECONDS.
    """
    key = f"{queryset.model._meta.label}:{sorted(columns.items())}"
    version = _version(queryset, case_linked=case_linked)
    with _lock:
        cached = _cache.get(key)
    if (
        cached is not None
        and cached[0] == version
        and time.monotonic() - cached[1] < MAX_AGE_SECONDS
    ):
        return cached[2]
    frame = _read(queryset, columns, schema, json_lists)
    with _lock:
        _cache[key] = (version, time.monotonic(), frame)
    return frame


def _read(
    queryset, columns: dict[str, str], schema: dict[str, pl.DataType], json_lists: tuple[str, ...]
) -> pl.DataFrame | None:
    annotations = {f"_{name}": Cast(columns[name], TextField()) for name in json_lists}
    paths = ["pk"] + [f"_{name}" if name in json_lists else path for name, path in columns.items()]
    text_schema = {"_pk": pl.Int64} | {
        name: (pl.String if name in json_lists else dtype) for name, dtype in schema.items()
    }
    frame = frame_from_values(queryset.annotate(**annotations).order_by(), paths, text_schema)
    if frame.height == 0:
        return None
    return frame.drop("_pk").with_columns(
        [pl.col(c).fill_null("[]").str.json_decode(pl.List(pl.String)) for c in json_lists]
    )


def referral_rows() -> pl.DataFrame | None:
    """caseId, state, services (list of service types), transnational."""
    model = _model("referrals", "Referral", ("case", "state", "services", "transnational"))
    if model is None:
        return None
    return _frame(
        model.objects.all(),
        {
            CASE_ID: "case_id",
            "state": "state",
            "services": "services",
            "transnational": "transnational",
        },
        {
            CASE_ID: pl.Int64,
            "state": pl.String,
            "services": pl.List(pl.String),
            "transnational": pl.Boolean,
        },
        json_lists=("services",),
    )


def need_rows() -> pl.DataFrame | None:
    """caseId, serviceType, status (open | met | cancelled) of the needs recorded on cases.

    The referrals app's needs; needs found by an assistance needs assessment count too (status
    open unless a referral need of the same type says otherwise).
    """
    frames = []
    referral_needs = _model("referrals", "Need", ("case", "service_type", "status"))
    if referral_needs is not None:
        frame = _frame(
            referral_needs.objects.all(),
            {CASE_ID: "case_id", "serviceType": "service_type", "status": "status"},
            {CASE_ID: pl.Int64, "serviceType": pl.String, "status": pl.String},
        )
        if frame is not None:
            frames.append(frame)
    assessed = _model("assistance", "IdentifiedNeed", ("case", "service_type"))
    if assessed is not None:
        frame = _frame(
            assessed.objects.all(),
            {CASE_ID: "case_id", "serviceType": "service_type"},
            {CASE_ID: pl.Int64, "serviceType": pl.String},
        )
        if frame is not None:
            frame = frame.unique().with_columns(pl.lit("open").alias("status"))
            if frames:
                frame = frame.join(frames[0], on=[CASE_ID, "serviceType"], how="anti")
            frames.append(frame)
    if not frames:
        return None
    return pl.concat(frames, how="vertical")


def directory_rows() -> pl.DataFrame | None:
    """serviceType, country, regions (list; empty = whole country), accepting, available."""
    model = _model(
        "referrals",
        "DirectoryService",
        ("service_type", "country", "regions", "accepting", "available"),
    )
    if model is None:
        return None
    queryset = model.objects.all()
    if _model("accounts", "Organisation", ("is_active",)) is not None:
        queryset = queryset.filter(organisation__is_active=True)
    return _frame(
        queryset,
        {
            "serviceType": "service_type",
            "country": "country",
            "regions": "regions",
            "accepting": "accepting",
            "available": "available",
        },
        {
            "serviceType": pl.String,
            "country": pl.String,
            "regions": pl.List(pl.String),
            "accepting": pl.Boolean,
            "available": pl.Int64,
        },
        json_lists=("regions",),
        case_linked=False,
    )


def service_rows() -> pl.DataFrame | None:
    """caseId, serviceType of every service delivered (assistance app)."""
    model = _model("assistance", "ServiceDelivery", ("case", "service_type"))
    if model is None:
        return None
    return _frame(
        model.objects.all(),
        {CASE_ID: "case_id", "serviceType": "service_type"},
        {CASE_ID: pl.Int64, "serviceType": pl.String},
    )
