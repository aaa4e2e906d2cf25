"""The same linkage model on Splink's Spark backend, for registries beyond one machine
(pure: no Django). See docs/linkage.md for running it on a cluster; ADR 0130."""

from __future__ import annotations

from collections.abc import Callable

from .features import FEATURE_COLUMNS
from .model import DEFAULT_THRESHOLD, LinkResult, link


def local_session(app_name: str = "amanat-dedup", cores: int = 2):
    """A local Spark session with Splink's similarity functions (Jaro-Winkler) on its class path."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app_name)
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", str(max(2, cores * 2)))
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        # Splink's many small intermediate tables: broadcast joins ran out of driver memory
        .config("spark.sql.autoBroadcastJoinThreshold", "-1")
        .getOrCreate()
    )


def spark_schema():
    from pyspark.sql import types as T

    kinds = {
        "fn_keys": T.ArrayType(T.StringType()),
        "sn_keys": T.ArrayType(T.StringType()),
        "birth_year": T.IntegerType(),
    }
    return T.StructType([T.StructField(c, kinds.get(c, T.StringType())) for c in FEATURE_COLUMNS])


def link_spark(
    spark,
    features: list[dict] | object,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    record_count: int | None = None,
    checkpoint_dir: str | None = None,
    stage: Callable[[str], None] | None = None,
) -> LinkResult:
    """Link feature records (a list of dicts, or a Spark DataFrame with the feature columns, e.g.
    read from Parquet written by `features`) with the model of `amanat.cases.linkage.model`."""
    from splink import SparkAPI

    frame = features
    if isinstance(features, list):
        frame = spark.createDataFrame(features, schema=spark_schema())
        record_count = len(features)
    if checkpoint_dir:
        spark.sparkContext.setCheckpointDir(checkpoint_dir)
    db_api = SparkAPI(spark_session=spark, break_lineage_method="persist")
    count = record_count if record_count is not None else frame.count()
    return link(
        db_api, frame, threshold=threshold, dialect="spark", record_count=count, stage=stage
    )
