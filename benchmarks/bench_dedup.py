"""Dedup of generated records: `amanat dedup`'s pipeline against plain Splink, same records, same run.

Run: .venv/bin/python benchmarks/bench_dedup.py [--records 100000] [--people 40000] [--seed 1]
     (--records 1000000 --people 400000 for the issue's figure)

Both sides read the same CSV written by benchmarks/records_generator.py. "Amanat" is the whole
`amanat dedup` pipeline (reading and checking the file, folding names, E.164 phones, the Splink
model of amanat.cases.linkage, clustering). "Plain Splink" is what a new user of Splink writes:
the raw columns, `cl.NameComparison` on first and last name (Jaro-Winkler at Splink's default
thresholds), exact birth date, phone, document, gender and citizenship, blocking on the raw name
with the birth date and on phone and document, trained the same way (u by random sampling, m by
EM), clustered at the same threshold. Pairwise precision, recall and F1 are over all pairs of
records put in one cluster, against the generator's true person ids.
"""

from __future__ import annotations

import argparse
import csv
import logging
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from records_generator import generate_people, generate_records, write_csv  # noqa: E402


def true_pairs(truth: dict[str, str]) -> set[tuple[str, str]]:
    return _pairs(truth)


def _pairs(membership: dict[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for record, group in membership.items():
        groups[group].append(record)
    out = set()
    for members in groups.values():
        members.sort()
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                out.add((a, b))
    return out


def scores(truth_pairs: set, clusters: dict[str, str]) -> dict[str, float]:
    found = _pairs(clusters)
    tp = len(truth_pairs & found)
    precision = tp / len(found) if found else 0.0
    recall = tp / len(truth_pairs) if truth_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def run_amanat(path: Path, threshold: float) -> dict[str, str]:
    from amanat.cases.linkage.pipeline import link_features, read_features

    features = read_features(path)
    result = link_features(features, threshold=threshold)
    clusters = dict(result.clusters)
    for record in features:
        clusters.setdefault(record["unique_id"], record["unique_id"])
    return clusters


def run_plain_splink(path: Path, threshold: float) -> dict[str, str]:
    import pyarrow.csv as pacsv
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    table = pacsv.read_csv(
        path,
        convert_options=pacsv.ConvertOptions(
            column_types={c: "string" for c in ("record_id", "phone", "document_number")},
            strings_can_be_null=True,
        ),
    ).rename_columns(
        ["unique_id" if c == "record_id" else c for c in pacsv.read_csv(path).column_names]
    )
    table = table.drop_columns(["true_person_id"])
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("last_name"),
            cl.ExactMatch("birth_date"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("document_number"),
            cl.ExactMatch("gender"),
            cl.ExactMatch("citizenship"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "birth_date"),
            block_on("last_name", "birth_date"),
            block_on("phone"),
            block_on("document_number"),
        ],
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(table), settings, log_level=logging.ERROR)
    count = table.num_rows
    linker.training.estimate_probability_two_random_records_match(
        [block_on("document_number"), block_on("first_name", "last_name", "birth_date")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(
        max_pairs=min(2e6, max(1e4, count * 20)), seed=20261201
    )
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("phone"))
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    ).as_dict()
    out = dict(zip(map(str, clusters["unique_id"]), map(str, clusters["cluster_id"]), strict=True))
    for rid in table.column("unique_id").to_pylist():
        out.setdefault(str(rid), str(rid))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=0, help="default: records * 0.4")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threshold", type=float, nargs="*", default=[0.99])
    args = parser.parse_args()
    people_n = args.people or max(1, int(args.records * 0.4))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.csv"
        start = time.perf_counter()
        people = list(generate_people(people_n, args.seed))
        write_csv(generate_records(people, args.records, args.seed), path)
        print(
            f"generated {args.records} records of {people_n} people in {time.perf_counter() - start:.1f} s"
        )
        with path.open(encoding="utf-8") as fh:
            truth = {r["record_id"]: r["true_person_id"] for r in csv.DictReader(fh)}
        truth_pairs = true_pairs(truth)
        print(f"true pairs: {len(truth_pairs)}")
        print("| pipeline | threshold | time (s) | precision | recall | F1 |")
        print("|---|---|---|---|---|---|")
        for threshold in args.threshold:
            for name, run in (("amanat dedup", run_amanat), ("plain Splink", run_plain_splink)):
                start = time.perf_counter()
                clusters = run(path, threshold)
                seconds = time.perf_counter() - start
                s = scores(truth_pairs, clusters)
                print(
                    f"| {name} | {threshold} | {seconds:.1f} | {s['precision']:.3f} | "
                    f"{s['recall']:.3f} | {s['f1']:.3f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
