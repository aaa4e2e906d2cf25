"""The Splink model over the project's comparison features (pure: no Django). ADR 0130.

`build_settings(dialect)` gives the same model for DuckDB (one machine) and Spark (a cluster);
`link(records, ...)` trains it unsupervised on the records themselves (u by random sampling, m by
expectation maximisation) and returns the scored pairs and the clusters.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on

from .features import FEATURE_COLUMNS

# Pairs at or above this probability are the same person (chosen on the benchmark: ADR 0130).
DEFAULT_THRESHOLD = 0.99
SEED = 20261201  # u-sampling is random: a fixed seed makes a run repeatable

_OVERLAP = {"duckdb": "list_has_any({a}, {b})", "spark": "arrays_overlap({a}, {b})"}


def _cross(dialect: str, a: str, b: str) -> str:
    return _OVERLAP[dialect].format(a=a, b=b)


def _name_comparison(col: str, keys: str, other_keys: str, label: str, dialect: str):
    return cl.CustomComparison(
        output_column_name=col,
        comparison_description=label,
        comparison_levels=[
            cll.NullLevel(col),
            # The same folded name, weighted by how common it is (Ivanov says less than Kenjebaev).
            cll.ExactMatchLevel(col, term_frequency_adjustments=True),
            # Any folded key in common (Cyrillic and Latin columns both folded): same name.
            cll.CustomLevel(_cross(dialect, f"{keys}_l", f"{keys}_r"), "same folded name"),
            cll.JaroWinklerLevel(col, 0.92),
            # First and last names written the other way round.
            cll.CustomLevel(_cross(dialect, f"{keys}_l", f"{other_keys}_r"), "names swapped"),
            cll.JaroWinklerLevel(col, 0.80),
            cll.ElseLevel(),
        ],
    )


def comparisons(dialect: str) -> list:
    dob_swap = cll.CustomLevel("dob_l = dob_swap_r OR dob_swap_l = dob_r", "day and month swapped")
    year_off = cll.CustomLevel(
        "substr(dob_l, 6, 5) = substr(dob_r, 6, 5) AND abs(birth_year_l - birth_year_r) <= 1",
        "same day, year off by one",
    )
    return [
        _name_comparison("fn_key", "fn_keys", "sn_keys", "first name", dialect),
        _name_comparison("sn_key", "sn_keys", "fn_keys", "surname", dialect),
        cl.CustomComparison(
            output_column_name="father_key",
            comparison_description="father's name (from the patronymic)",
            comparison_levels=[
                cll.NullLevel("father_key"),
                cll.ExactMatchLevel("father_key"),
                cll.JaroWinklerLevel("father_key", 0.88),
                cll.ElseLevel(),
            ],
        ),
        cl.CustomComparison(
            output_column_name="dob",
            comparison_description="birth date",
            comparison_levels=[
                cll.NullLevel("dob"),
                cll.ExactMatchLevel("dob"),
                dob_swap,
                cll.LevenshteinLevel("dob", 1),
                year_off,
                cll.ElseLevel(),
            ],
        ),
        cl.CustomComparison(
            output_column_name="phone",
            comparison_description="phone (E.164)",
            comparison_levels=[
                cll.NullLevel("phone"),
                cll.ExactMatchLevel("phone"),
                # the same local number read with another country code
                cll.ExactMatchLevel("phone_tail"),
                cll.ElseLevel(),
            ],
        ),
        cl.CustomComparison(
            output_column_name="document",
            comparison_description="document number",
            comparison_levels=[
                cll.NullLevel("document"),
                cll.ExactMatchLevel("document"),
                cll.LevenshteinLevel("document", 1),
                cll.ElseLevel(),
            ],
        ),
        cl.ExactMatch("gender"),
        cl.ExactMatch("citizenship"),
    ]


def blocking_rules() -> list:
    """Candidate pairs: each rule keeps blocks small at 1 M records (a common name alone would
    give blocks of thousands: it is always combined with the birth date or year)."""
    return [
        block_on("sn_key", "dob"),
        block_on("fn_key", "dob"),
        block_on("name_key", "birth_year"),
        block_on("sn_key", "fn_key", "father_key"),
        "l.dob = r.dob_swap AND l.sn_key = r.sn_key",
        block_on("phone"),
        block_on("document"),
    ]


def build_settings(dialect: str = "duckdb") -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(dialect),
        blocking_rules_to_generate_predictions=blocking_rules(),
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=True,
    )


@dataclass
class LinkResult:
    pairs: list[tuple[str, str, float]]  # (record_id_l, record_id_r, match_probability)
    clusters: dict[str, str]  # record_id -> cluster_id
    gamma: dict[tuple[str, str], dict[str, int]]  # comparison levels per pair, for reasons


def train(linker: Linker, *, record_count: int) -> None:
    """Unsupervised, on the records themselves: lambda from deterministic rules, u by random
    sampling, m by expectation maximisation over two blocking passes (each leaves the other's
    comparisons free to be estimated)."""
    t = linker.training
    t.estimate_probability_two_random_records_match(
        [block_on("document"), block_on("name_key", "dob")], recall=0.6
    )
    t.estimate_u_using_random_sampling(max_pairs=min(2e6, max(1e4, record_count * 20)), seed=SEED)
    t.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    t.estimate_parameters_using_expectation_maximisation(block_on("phone"))


Stage = Callable[[str], None]
# Below this many records there are too few pairs to train on (EM needs matches in its blocks,
# u-sampling needs pairs in every level): the shipped model, trained on generated records, is
# used as it is. From this size up the model is trained on the file itself (ADR 0130).
TRAIN_MIN_RECORDS = 5_000
MODEL_FILE = Path(__file__).resolve().parent.parent / "rules" / "linkage" / "dedup_model.json"


SHIPPED_TRAINED_ON = 100_000  # records the shipped model was trained on (its README)


def shipped_model(record_count: int) -> dict:
    """The shipped model with its prior scaled to this file: the chance that two random records
    are the same person falls as 1/n (true pairs grow with n, all pairs with n squared)."""
    model = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    prior = (
        model["probability_two_random_records_match"] * SHIPPED_TRAINED_ON / max(record_count, 2)
    )
    model["probability_two_random_records_match"] = min(prior, 0.5)
    return model


def make_linker(
    db_api,
    records,
    *,
    dialect: str,
    record_count: int,
    say: Stage,
    train_min: int = TRAIN_MIN_RECORDS,
) -> Linker:
    table = db_api.register(records)
    if dialect == "duckdb" and record_count < train_min:
        say("using the shipped model (file too small to train on)")
        return Linker(table, shipped_model(record_count), log_level=logging.ERROR)
    linker = Linker(table, build_settings(dialect), log_level=logging.ERROR)
    say("training the model (u by random sampling, m by EM)")
    train(linker, record_count=record_count)
    return linker


GAMMA = tuple(f"gamma_{c}" for c in ("fn_key", "sn_key", "father_key", "dob", "phone", "document"))


def link(
    db_api,
    records: Sequence[dict] | object,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    dialect: str = "duckdb",
    record_count: int | None = None,
    stage: Stage | None = None,
) -> LinkResult:
    """Train, predict and cluster. `records` is what `db_api.register` accepts (a list of
    feature dicts, a pyarrow table, or a Spark DataFrame)."""
    say = stage or (lambda _text: None)
    count = record_count if record_count is not None else len(records)  # type: ignore[arg-type]
    say("registering records")
    linker = make_linker(db_api, records, dialect=dialect, record_count=count, say=say)
    say("scoring candidate pairs")
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    say("clustering")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    scored = predictions.query_sql(
        "SELECT unique_id_l, unique_id_r, match_probability, gamma_fn_key, gamma_sn_key, "
        "gamma_father_key, gamma_dob, gamma_phone, gamma_document FROM {this}"
    ).as_dict()
    ids_l, ids_r = [str(x) for x in scored["unique_id_l"]], [str(x) for x in scored["unique_id_r"]]
    pairs = list(zip(ids_l, ids_r, (float(p) for p in scored["match_probability"]), strict=True))
    levels = [scored[c] for c in GAMMA]
    gamma = {
        (left, right): {c[6:]: int(col[i]) for c, col in zip(GAMMA, levels, strict=True)}
        for i, (left, right) in enumerate(zip(ids_l, ids_r, strict=True))
    }
    grouped = clusters.query_sql("SELECT unique_id, cluster_id FROM {this}").as_dict()
    members = dict(
        zip(map(str, grouped["unique_id"]), map(str, grouped["cluster_id"]), strict=True)
    )
    return LinkResult(pairs=pairs, clusters=members, gamma=gamma)


def feature_schema():
    """The pyarrow schema of the feature table (lists for the key arrays)."""
    import pyarrow as pa

    types = {
        "fn_keys": pa.list_(pa.string()),
        "sn_keys": pa.list_(pa.string()),
        "birth_year": pa.int32(),
    }
    return pa.schema([(c, types.get(c, pa.string())) for c in FEATURE_COLUMNS])


# Comparison levels (Splink numbers them from the most specific down to 0, null is -1) -> the
# coordinator queue's reason codes (amanat.cases.links.reasons). Codes only, never values.
_REASONS = {
    "fn_key": {
        5: "name",
        4: "name_variant",
        3: "name_similar",
        2: "name_swapped",
        1: "name_similar",
    },
    "sn_key": {
        5: "name",
        4: "name_variant",
        3: "name_similar",
        2: "name_swapped",
        1: "name_similar",
    },
    "father_key": {2: "patronymic"},
    "dob": {
        4: "birth_date",
        3: "birth_date_similar",
        2: "birth_date_similar",
        1: "birth_date_similar",
    },
    "phone": {2: "phone", 1: "phone"},
    "document": {2: "document"},
}


def reasons(levels: dict[str, int]) -> tuple[str, ...]:
    """Why a pair matched, as reason codes in a stable order, each at most once."""
    out: list[str] = []
    for comparison, table in _REASONS.items():
        code = table.get(levels.get(comparison, -1))
        if code and code not in out:
            out.append(code)
    return tuple(out)
