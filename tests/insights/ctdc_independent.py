"""Independent re-computations with pandas, written without the code under test.

Shared by the CTDC tests: the reader, statistics and k-anonymiser are checked against these.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pandas as pd

# The repository's sibling folder `shared/`, wherever the repository is checked out.
SHARED_CTDC = Path(__file__).resolve().parents[3] / "shared/data/ctdc/ctdc_global_kanon_2018.csv"
if not SHARED_CTDC.exists():
    SHARED_CTDC = Path("/work/shared/data/ctdc/ctdc_global_kanon_2018.csv")
CENTRAL_ASIA = ["KZ", "KG", "TJ", "UZ", "TM"]
EXPLOITATION_TYPES = [
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "isSlaveryAndPractices",  # CTDC 2020-04-14 release; Servitude maps here (ADR 1520)
]


@cache
def shared_pandas() -> pd.DataFrame:
    """The shared file as text, missing = empty/-99/'Missing', keeping plausible records only."""
    frame = pd.read_csv(SHARED_CTDC, dtype=str, keep_default_na=False)
    frame = frame.replace({"-99": "", "Missing": ""})
    year = pd.to_numeric(frame["yearOfRegistration"], errors="coerce")
    return frame[(year >= 1990) & (year <= 2025)].reset_index(drop=True)


def central_asia(frame: pd.DataFrame) -> pd.DataFrame:
    mask = frame["citizenship"].isin(CENTRAL_ASIA) | frame["CountryOfExploitation"].isin(
        CENTRAL_ASIA
    )
    return frame[mask]


def value_counts(frame: pd.DataFrame, column: str) -> dict[str, int]:
    present = frame[frame[column] != ""]
    return {str(k): int(v) for k, v in present[column].value_counts().items()}


def multi_select_counts(frame: pd.DataFrame, columns: list[str]) -> tuple[int, dict[str, int]]:
    """CTDC rule: denominator = people with at least one '1' in the group. A column a release
    lacks (isSlaveryAndPractices before 2020) counts as no answer."""
    ones = frame.reindex(columns=columns, fill_value="") == "1"
    return int(ones.any(axis=1).sum()), {c: int(ones[c].sum()) for c in columns}


def is_k_anonymous(frame: pd.DataFrame, quasi_identifiers: list[str], k: int) -> bool:
    """Every combination of the quasi-identifiers (missing counts as a value) occurs >= k times."""
    if frame.empty:
        return True
    sizes = frame.groupby(list(quasi_identifiers), dropna=False).size()
    return int(sizes.min()) >= k


def read_csv_text(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for row in rows:
            writer.writerow({name: row.get(name, "") for name in header})
    return path


def to_pandas(frame) -> pd.DataFrame:
    """A polars DataFrame as pandas, without needing pyarrow (not a project dependency)."""
    return pd.DataFrame(frame.to_dict(as_series=False))
