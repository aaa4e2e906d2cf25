"""`amanat dedup FILE`: read, check, link and write (pure: no Django).

Every row is read and checked before anything runs, and the output files are written to a
temporary name and renamed at the end, so a bad file writes nothing (exit 2 naming the row and
column) and a failed run leaves no half-written file. Output files are 0600.
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from amanat.config.files import open_private
from amanat.tables import TableError, bulk_allocation, read_table

from .features import INPUT_COLUMNS, table_features
from .model import DEFAULT_THRESHOLD, LinkResult, feature_schema, link


@dataclass
class DedupReport:
    records: int
    clusters: int
    pairs: int


def read_features(path: str | Path, *, progress: bool = False) -> list[dict]:
    with bulk_allocation():
        table = read_table(path, required=("record_id",), optional=INPUT_COLUMNS[1:])
        if not table.rows:
            raise TableError(table.source, "no records: the file has a header and no rows")
        rows = table.rows
        if progress:
            from amanat.core.progress import track

            rows = track(rows, "reading records")
        return list(table_features(table, progress=rows))


def link_features(
    features: list[dict], *, threshold: float, stage: Callable[[str], None] | None = None
) -> LinkResult:
    import pyarrow as pa
    from splink import DuckDBAPI

    table = pa.Table.from_pylist(features, schema=feature_schema())
    return link(DuckDBAPI(), table, threshold=threshold, record_count=len(features), stage=stage)


def _write_csv(path: Path, header: tuple[str, ...], rows) -> Path:
    tmp = path.with_name(f".{path.name}.partial")
    with open_private(tmp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return tmp


def check_threshold(threshold: float) -> float:
    if not 0.0 < threshold < 1.0:
        raise TableError("--threshold", "must be a probability between 0 and 1 (exclusive)")
    return threshold


def dedup_file(
    path: str | Path,
    out: str | Path,
    *,
    pairs_out: str | Path | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    progress: bool = False,
) -> DedupReport:
    check_threshold(threshold)
    out = Path(out)
    pairs_path = Path(pairs_out) if pairs_out else None
    for target in (out, pairs_path):
        if target is not None and not target.parent.is_dir():
            raise TableError(str(target), "the output folder does not exist")
    features = read_features(path, progress=progress)

    def stage(text: str) -> None:
        if progress:
            print(f"  {text}...", file=sys.stderr, flush=True)

    result = link_features(features, threshold=threshold, stage=stage)
    # Records no pair reached are clusters of one: every input record gets a cluster id.
    clusters = dict(result.clusters)
    for record in features:
        clusters.setdefault(record["unique_id"], record["unique_id"])
    written = [
        (
            out,
            _write_csv(
                out,
                ("record_id", "cluster_id"),
                ((r["unique_id"], clusters[r["unique_id"]]) for r in features),
            ),
        )
    ]
    if pairs_path is not None:
        rows = ((left, right, f"{p:.6f}") for left, right, p in result.pairs)
        header = ("record_id_l", "record_id_r", "match_probability")
        written.append((pairs_path, _write_csv(pairs_path, header, rows)))
    for final, tmp in written:
        os.replace(tmp, final)
    return DedupReport(
        records=len(features), clusters=len(set(clusters.values())), pairs=len(result.pairs)
    )
