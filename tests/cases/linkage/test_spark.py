"""The same linkage model on Splink's Spark backend, in a local Spark session (ADR 0131).

Skipped when pyspark is not installed (it is not in the test extra: a JVM start and Spark's
scheduling take minutes on two shared cores). Run it with `pip install pyspark` and Java 17.
"""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from itertools import combinations

import pytest

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None,
    reason="pyspark is not installed: `pip install pyspark` (and Java 17) to run the Spark backend",
)


def _pairs(groups):
    members = defaultdict(list)
    for record, group in groups.items():
        members[group].append(record)
    return {pair for ids in members.values() for pair in combinations(sorted(ids), 2)}


def test_spark_backend_links_generated_records(generator):
    from amanat.cases.linkage.features import INPUT_COLUMNS, table_features
    from amanat.cases.linkage.spark import link_spark, local_session
    from amanat.tables import rows_from_records

    people = list(generator.generate_people(150, seed=5))
    records = list(generator.generate_records(people, 400, seed=5))
    table = rows_from_records(
        "generated",
        [INPUT_COLUMNS, *([r[c] for c in INPUT_COLUMNS] for r in records)],
        required=("record_id",),
        optional=INPUT_COLUMNS[1:],
    )
    features = list(table_features(table))
    spark = local_session()
    try:
        result = link_spark(spark, features, threshold=0.99)
    finally:
        spark.stop()
    clusters = {f["unique_id"]: f["unique_id"] for f in features} | result.clusters
    truth = {r["record_id"]: r["true_person_id"] for r in records}
    true, found = _pairs(truth), _pairs(clusters)
    precision = len(true & found) / len(found)
    recall = len(true & found) / len(true)
    assert 2 * precision * recall / (precision + recall) >= 0.85, (precision, recall)
    assert all(0.99 <= p <= 1.0 for _l, _r, p in result.pairs)
