"""Research datasets: listing, lookup, problems, and their records as a typed frame (cached)."""

from __future__ import annotations

import io
import threading

import polars as pl
from django.utils.translation import gettext as _

from amanat.errors import NotFound
from amanat.insights.ctdc.reader import RowProblem, ctdc_schema
from amanat.insights.models import DatasetPart, ResearchDataset
from amanat.insights.selectors.access import require_stats


def dataset_list(user) -> list[ResearchDataset]:
    require_stats(user)
    return list(ResearchDataset.objects.order_by("name"))


def dataset_get(user, name: str) -> ResearchDataset:
    require_stats(user)
    dataset = ResearchDataset.objects.filter(name=str(name)).first()
    if dataset is None:
        raise NotFound(_("No research dataset named '%(name)s'.") % {"name": str(name)[:80]})
    return dataset


def dataset_problems(dataset: ResearchDataset) -> list[RowProblem]:
    return [
        RowProblem(p.row, p.column, p.value, p.reason)
        for p in dataset.problems.order_by("row", "id")
    ]


# Datasets never change, so a frame read once stays valid until the dataset is deleted.
_frames: dict[int, tuple[str, pl.DataFrame]] = {}
_frames_lock = threading.Lock()


def dataset_frame(dataset: ResearchDataset) -> pl.DataFrame:
    """The dataset's records in the typed CTDC schema (`ctdc_schema`)."""
    key = f"{dataset.source_sha256}:{dataset.imported_at.isoformat()}"
    with _frames_lock:
        cached = _frames.get(dataset.pk)
        if cached is not None and cached[0] == key:
            return cached[1]
    parts = [
        pl.read_parquet(io.BytesIO(bytes(blob)))
        for blob in DatasetPart.objects.filter(dataset=dataset)
        .order_by("index")
        .values_list("parquet", flat=True)
    ]
    schema = ctdc_schema()
    frame = pl.concat(parts, how="vertical") if parts else pl.DataFrame(schema=schema)
    frame = frame.select(
        [
            (pl.col(c) if c in frame.columns else pl.lit(None)).cast(t).alias(c)
            for c, t in schema.items()
        ]
    )
    with _frames_lock:
        _frames[dataset.pk] = (key, frame)
    return frame


def forget_dataset_frame(pk: int) -> None:
    with _frames_lock:
        _frames.pop(pk, None)


def forget_all_dataset_frames() -> None:
    with _frames_lock:
        _frames.clear()
