"""Research datasets: imported once from a CTDC file, never edited, removed whole."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.db import transaction
from django.utils.translation import gettext as _

from amanat.errors import Conflict, NotFound, ValidationError
from amanat.insights.ctdc.codebook import load_codebook
from amanat.insights.ctdc.reader import HEADER_ROW, RowProblem, read_ctdc
from amanat.insights.models import (
    DATASET_NAME_PATTERN,
    DatasetPart,
    DatasetProblem,
    ResearchDataset,
)
from amanat.insights.selectors import CASES_SOURCE, forget_dataset_frame, require_stats
from amanat.privacy.audit import audit_record

PART_ROWS = 200_000


@dataclass(frozen=True)
class ImportResult:
    dataset: ResearchDataset
    problems: list[RowProblem]

    def as_dict(self) -> dict:
        ds = self.dataset
        return {
            "name": ds.name,
            "source_file": ds.source_file,
            "rows_in_file": ds.rows_in_file,
            "records": ds.records,
            "rows_rejected": ds.rows_rejected,
            "years": [ds.year_min, ds.year_max],
            "problems": [p.as_dict() for p in self.problems],
        }


def default_citation(source_file: str) -> str:
    source = load_codebook().source
    return (
        f"Counter-Trafficking Data Collaborative (CTDC), Global Dataset ({source['document']}), "
        f"{source['url']}, file {source_file}, used under CTDC's terms of use."
    )


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not re.fullmatch(DATASET_NAME_PATTERN, name):
        raise ValidationError(
            _(
                "A dataset name has 1 to 80 letters, digits, '.', '_' or '-', and starts with a "
                "letter or digit: '%(name)s' does not."
            )
            % {"name": name[:80]},
            field="name",
        )
    if name == CASES_SOURCE:
        raise ValidationError(
            _("'cases' names the platform's own cases; choose another name."), field="name"
        )
    return name


def _to_parquet(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd")
    return buffer.getvalue()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@transaction.atomic
def dataset_import_ctdc(
    *,
    actor,
    path: str | Path,
    name: str | None = None,
    strict: bool = False,
    citation: str = "",
) -> ImportResult:
    """Load a CTDC v6 CSV as a named, read-only research dataset.

    Values the codebook does not allow are reported row by row: the rows holding them are left out
    and listed with the dataset (lenient, the default), or the whole file is refused (strict).
    Either the dataset with all its accepted records and its problem report is stored, or nothing.
    """
    require_stats(actor)
    path = Path(path)
    if not path.is_file():
        raise ValidationError(_("%(path)s: no such file.") % {"path": path.name}, field="file")
    name = _check_name(name if name is not None else path.stem)
    if ResearchDataset.objects.filter(name=name).exists():
        raise Conflict(
            _("A dataset named '%(name)s' exists already; datasets are read-only.")
            % {"name": name},
            code="dataset_exists",
        )
    if len(citation) > 2000:
        raise ValidationError(_("At most %(n)d characters.") % {"n": 2000}, field="citation")
    frame, problems = read_ctdc(path, mode="strict" if strict else "lenient")
    rows_rejected = len({p.row for p in problems if p.row > HEADER_ROW})
    if frame.height == 0:
        raise ValidationError(_("The file holds no acceptable record."), field="file")
    years = frame.select(
        pl.col("yearOfRegistration").min().alias("lo"),
        pl.col("yearOfRegistration").max().alias("hi"),
    ).row(0)
    dataset = ResearchDataset.objects.create(
        name=name,
        source_file=path.name[:255],
        source_sha256=_sha256(path),
        citation=citation or default_citation(path.name),
        rows_in_file=frame.height + rows_rejected,
        records=frame.height,
        rows_rejected=rows_rejected,
        columns=frame.columns,
        year_min=years[0],
        year_max=years[1],
        imported_by=actor,
    )
    DatasetPart.objects.bulk_create(
        DatasetPart(dataset=dataset, index=i, records=part.height, parquet=_to_parquet(part))
        for i, part in enumerate(frame.iter_slices(PART_ROWS))
    )
    DatasetProblem.objects.bulk_create(
        (
            DatasetProblem(
                dataset=dataset,
                row=p.row,
                column=(p.column or "")[:80],
                value=None if p.value is None else str(p.value)[:200],
                reason=p.reason[:300],
            )
            for p in problems
        ),
        batch_size=1000,
    )
    audit_record(
        actor=actor,
        action="dataset.import",
        object_type="research_dataset",
        object_id=dataset.pk,
        fields=["records", "problems"],
        purpose="research dataset import",
        extra={
            "records": dataset.records,
            "rows_rejected": rows_rejected,
            "problems": len(problems),
            "sha256": dataset.source_sha256,
        },
    )
    return ImportResult(dataset, problems)


@transaction.atomic
def dataset_delete(*, actor, name: str) -> None:
    require_stats(actor)
    dataset = ResearchDataset.objects.filter(name=name).first()
    if dataset is None:
        raise NotFound()
    pk = dataset.pk
    dataset.delete()
    forget_dataset_frame(pk)
    audit_record(
        actor=actor,
        action="dataset.delete",
        object_type="research_dataset",
        object_id=pk,
        purpose="research dataset removal",
    )
