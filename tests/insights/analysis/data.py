"""Data the analysis tests build, and independent computations (SciPy, statsmodels, pandas)."""

from __future__ import annotations

import numpy as np
import pandas as pd

NEEDS = ("shelter", "medical_care", "legal_aid", "psychosocial_support", "job_placement")
COUNTRIES = ("KZ", "KG", "TJ")


def needs_frame(seed: int = 7, n: int = 360) -> pd.DataFrame:
    """case_id, country, gender, need: one row per case and need (empty need: none)."""
    rng = np.random.default_rng(seed)
    rows = []
    for case in range(1, n + 1):
        country = COUNTRIES[case % 3]
        gender = "Male" if rng.random() < 0.55 else "Female"
        found = []
        for need, p in zip(NEEDS, (0.6, 0.45, 0.3, 0.35, 0.2), strict=True):
            if need == "medical_care" and country == "KZ":
                p = 0.7
            if rng.random() < p:
                found.append(need)
        for need in found or [""]:
            rows.append({"case_id": f"c{case}", "country": country, "gender": gender, "need": need})
    return pd.DataFrame(rows)


def indicator_matrix(frame: pd.DataFrame) -> pd.DataFrame:
    """cases x needs 0/1 (pandas crosstab), with the cases' attributes."""
    present = frame[frame["need"] != ""]
    matrix = pd.crosstab(present["case_id"], present["need"]).clip(upper=1)
    cases = frame.drop_duplicates("case_id").set_index("case_id")[["country", "gender"]]
    return cases.join(matrix).fillna(0)


def published_counts_are_safe(values, threshold: int) -> bool:
    """Every published count is 0 or at least the threshold."""
    return all(v is None or v == 0 or v >= threshold for v in values)
