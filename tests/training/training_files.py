"""Writers for the CSV and XLSX fixtures of the training analysis tests."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook


def write_csv(path: Path, rows: Sequence[Sequence[object]], *, delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


RESPONSE_HEADER = ("participant", "phase", "item", "answer")
KEY_HEADER = ("item", "correct_answer", "max_points", "module")

# Four participants who took both tests, a fifth who took only the pre-test.
# Scores (key below, max 4): pre 2, 1, 0, 1 ; post 4, 1, 1, 4 ; p5 pre 3.
KEY_ROWS = [KEY_HEADER, ("Q1", "B", 1, "M1"), ("Q2", "нет", 1, "M1"), ("Q3", "A;C", 2, "M2")]
RESPONSE_ROWS = [
    RESPONSE_HEADER,
    ("p1", "pre", "Q1", "A"),
    ("p1", "pre", "Q2", "да"),
    ("p1", "pre", "Q3", "A;C"),
    ("p1", "post", "Q1", "B"),
    ("p1", "post", "Q2", "нет"),
    ("p1", "post", "Q3", "C;A"),
    ("p2", "pre", "Q1", "B"),
    ("p2", "post", "Q1", "b"),
    ("p2", "post", "Q3", "A"),
    ("p3", "pre", "Q1", "A"),
    ("p3", "post", "Q2", "F"),
    ("p4", "pre", "Q1", "B"),
    ("p4", "pre", "Q2", "T"),
    ("p4", "post", "Q1", "B"),
    ("p4", "post", "Q2", "0"),
    ("p4", "post", "Q3", "a, c"),
    ("p5", "pre", "Q1", "B"),
    ("p5", "pre", "Q3", "A;C"),
]
