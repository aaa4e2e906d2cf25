"""Speed of the training test analysis: 30 participants x 40 items and 10,000 x 50 items.

Synthetic answers (seeded): each participant has an ability; the post-test ability is higher.
Items mix single choice, true/false and two-option multiple choice. Measures reading the CSV
(and XLSX for the small case), scoring plus statistics (`analyze`), and JSON serialisation.

Run: PYTHONPATH=src .venv/bin/python benchmarks/bench_training.py
"""

from __future__ import annotations

import csv
import json
import platform
import random
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from amanat.training.analysis import analysis_dict, analyze, read_key, read_responses


def make_key(n_items: int) -> list[tuple[str, str, int]]:
    rows = []
    for j in range(n_items):
        kind = j % 3
        if kind == 0:
            rows.append((f"Q{j + 1}", "B", 1))
        elif kind == 1:
            rows.append((f"Q{j + 1}", "да", 1))
        else:
            rows.append((f"Q{j + 1}", "A;C", 2))
    return rows


def make_responses(
    n_participants: int, key: list[tuple[str, str, int]], seed: int = 7
) -> list[tuple[str, ...]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n_participants):
        ability = rng.uniform(0.2, 0.8)
        for phase, boost in (("pre", 0.0), ("post", 0.15)):
            if phase == "post" and rng.random() < 0.05:
                continue  # a few participants miss the post-test
            for item, correct, _points in key:
                right = rng.random() < ability + boost
                if correct == "B":
                    answer = "B" if right else rng.choice("ACD")
                elif correct == "да":
                    answer = "да" if right else "нет"
                else:
                    answer = "C;A" if right else rng.choice(["A", "C", "A;B;C"])
                rows.append((f"P{i + 1:05d}", phase, item, answer))
    return rows


def write_csv(path: Path, header: tuple[str, ...], rows: list) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header: tuple[str, ...], rows: list) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def timed(function, *args, repeat: int = 1):
    best = float("inf")
    value = None
    for _ in range(repeat):
        start = time.perf_counter()
        value = function(*args)
        best = min(best, time.perf_counter() - start)
    return value, best


def run_case(folder: Path, n_participants: int, n_items: int, *, xlsx: bool, repeat: int) -> dict:
    key_rows = make_key(n_items)
    response_rows = make_responses(n_participants, key_rows)
    header = ("participant", "phase", "item", "answer")
    responses_csv = write_csv(folder / f"r{n_participants}.csv", header, response_rows)
    key_csv = write_csv(
        folder / f"k{n_items}.csv", ("item", "correct_answer", "max_points"), key_rows
    )
    key = read_key(key_csv)
    responses, read_csv_s = timed(read_responses, responses_csv, repeat=repeat)
    result, analyze_s = timed(analyze, responses, key, repeat=repeat)
    data, json_s = timed(
        lambda r: json.dumps(analysis_dict(r), ensure_ascii=False, allow_nan=False),
        result,
        repeat=repeat,
    )
    figures = {
        "case": f"{n_participants:,} participants x {n_items} items",
        "rows": len(response_rows),
        "read_csv_s": read_csv_s,
        "analyze_s": analyze_s,
        "json_s": json_s,
        "n_paired": result.summary.n,
        "mean_gain": result.summary.mean_gain,
        "t_pvalue": result.summary.t_pvalue,
    }
    if xlsx:
        responses_xlsx = write_xlsx(folder / f"r{n_participants}.xlsx", header, response_rows)
        _, figures["read_xlsx_s"] = timed(read_responses, responses_xlsx, repeat=repeat)
    return figures


def main() -> None:
    print(f"Python {platform.python_version()} on {platform.machine()}, best of N runs")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n_participants, n_items, xlsx, repeat in ((30, 40, True, 20), (10_000, 50, False, 3)):
            f = run_case(folder, n_participants, n_items, xlsx=xlsx, repeat=repeat)
            xlsx_text = f"{f['read_xlsx_s'] * 1000:.1f} ms" if "read_xlsx_s" in f else "-"
            print(
                f"{f['case']}: {f['rows']:,} response rows; read CSV {f['read_csv_s'] * 1000:.1f} ms; "
                f"read XLSX {xlsx_text}; analyze {f['analyze_s'] * 1000:.1f} ms; "
                f"JSON {f['json_s'] * 1000:.1f} ms; paired n={f['n_paired']}, "
                f"mean gain {f['mean_gain']:.2f}, t p={f['t_pvalue']:.2g}"
            )


if __name__ == "__main__":
    main()
