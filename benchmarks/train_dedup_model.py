"""Train the shipped linkage model (src/amanat/cases/rules/linkage/dedup_model.json).

Run: .venv/bin/python benchmarks/train_dedup_model.py [--records 100000] [--seed 7]

`amanat dedup` uses the shipped model as it is for files too small to train on (under
amanat.cases.linkage.model.TRAIN_MIN_RECORDS records) and trains at run time above that. The
shipped parameters are estimated, unsupervised and the same way as at run time, on records made
by benchmarks/records_generator.py (its seed and size written below): they describe the
generator's error rates, which are assumptions (see that file), not measured registry figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from records_generator import generate_people, generate_records, write_csv  # noqa: E402


def main() -> None:
    import pyarrow as pa
    from splink import DuckDBAPI

    from amanat.cases.linkage.model import MODEL_FILE, feature_schema, make_linker
    from amanat.cases.linkage.pipeline import read_features

    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.csv"
        people = list(generate_people(int(args.records * 0.4), args.seed))
        write_csv(generate_records(people, args.records, args.seed), path)
        features = read_features(path)
    table = pa.Table.from_pylist(features, schema=feature_schema())
    linker = make_linker(
        DuckDBAPI(), table, dialect="duckdb", record_count=len(features), say=print, train_min=0
    )
    model = linker.misc.save_model_to_json()
    MODEL_FILE.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"trained on {args.records} generated records (seed {args.seed}) -> {MODEL_FILE}")


if __name__ == "__main__":
    main()
