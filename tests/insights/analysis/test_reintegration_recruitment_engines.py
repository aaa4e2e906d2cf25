"""Reintegration and recruitment analyses equal independent SciPy/statsmodels computations."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import polars as pl
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from amanat.insights.analysis.recruitment import analyse_recruitment
from amanat.insights.analysis.reintegration import analyse_reintegration


def reintegration_frame(seed: int = 11) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for case in range(90):
        country = ("KZ", "KG", "TJ")[case % 3]
        gender = "Male" if case % 2 else "Female"
        base = 0.4 + (0.15 if country == "KZ" else 0) + rng.normal(0, 0.08)
        start = dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 200)))
        for visit in range(1, 4 if case % 5 else 2):
            value = float(np.clip(base + 0.02 * 3 * (visit - 1) + rng.normal(0, 0.03), 0, 1))
            rows.append(
                {
                    "case_id": case,
                    "assessed_on": start + dt.timedelta(days=91 * (visit - 1)),
                    "composite": value,
                    "economic": float(np.clip(value + rng.normal(0, 0.05), 0, 1)),
                    "social": float(np.clip(value + rng.normal(0, 0.05), 0, 1)),
                    "psychosocial": float(np.clip(value + rng.normal(0, 0.05), 0, 1)),
                    "visit": visit,
                    "country": country,
                    "gender": gender,
                    "setting": "return" if case % 4 else "integration",
                    "time_since_return": "",
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def reintegration():
    frame = reintegration_frame()
    result = analyse_reintegration(
        pl.from_pandas(frame), by=("country", "gender"), threshold=10
    ).as_dict()
    latest = frame.sort_values(["case_id", "assessed_on"]).groupby("case_id").last()
    return frame, latest, result


def test_kruskal_wallis_with_epsilon_squared_by_country(reintegration):
    _frame, latest, result = reintegration
    block = result["by"]["country"]
    groups = [latest.loc[latest.country == c, "composite"] for c in ("KG", "KZ", "TJ")]
    h, p = stats.kruskal(*groups)
    n = len(latest)
    test = next(t for t in block["tests"] if t["score"] == "composite")
    assert (test["test"], test["effect_size"], test["df"]) == ("kruskal", "epsilon_squared", 2)
    assert (test["statistic"], test["pvalue"]) == (pytest.approx(h), pytest.approx(p))
    assert test["effect"] == pytest.approx(h * (n + 1) / (n**2 - 1))
    kz = next(g for g in block["groups"] if g["group"] == "KZ")
    assert kz["cases"] == 30
    assert kz["composite"]["mean"] == pytest.approx(groups[1].mean())
    assert kz["composite"]["median"] == pytest.approx(groups[1].median())


def test_mann_whitney_with_rank_biserial_by_gender(reintegration):
    _frame, latest, result = reintegration
    female = latest.loc[latest.gender == "Female", "social"]
    male = latest.loc[latest.gender == "Male", "social"]
    u, p = stats.mannwhitneyu(female, male, alternative="two-sided")
    test = next(t for t in result["by"]["gender"]["tests"] if t["score"] == "social")
    assert (test["test"], test["effect_size"]) == ("mann_whitney", "rank_biserial")
    assert (test["statistic"], test["pvalue"]) == (pytest.approx(u), pytest.approx(p))
    assert test["effect"] == pytest.approx(2 * u / (len(female) * len(male)) - 1)


def test_trajectory_and_mixed_model_with_a_random_intercept_per_person(reintegration):
    frame, _latest, result = reintegration
    by_visit = frame.groupby("visit")
    assert [(r["visit"], r["cases"]) for r in result["trajectory"]] == [(1, 90), (2, 72), (3, 72)]
    assert result["trajectory"][1]["composite_mean"] == pytest.approx(
        by_visit["composite"].mean()[2]
    )
    repeated = frame[frame.groupby("case_id")["case_id"].transform("size") >= 2].copy()
    first = repeated.groupby("case_id")["assessed_on"].transform("min")
    repeated["months"] = [
        (a - b).days / (365.25 / 12) for a, b in zip(repeated["assessed_on"], first, strict=True)
    ]
    fit = smf.mixedlm("composite ~ months", repeated, groups=repeated["case_id"]).fit(reml=True)
    model = result["mixed_model"]
    assert (model["n_cases"], model["n_observations"]) == (72, 216)
    assert model["slope_per_month"] == pytest.approx(fit.fe_params["months"], rel=1e-4)
    assert model["pvalue"] == pytest.approx(fit.pvalues["months"], rel=1e-3)
    assert model["slope_per_month"] > 0  # built in: +0.06 every 91 days


def recruitment_frame() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    rows = []
    for case in range(600):
        year = 2015 + case % 6
        online = rng.random() < 0.1 + 0.06 * (year - 2015)
        channel = "online" if online else ("personal" if rng.random() < 0.7 else "other")
        rows.append(
            {
                "case_id": str(case),
                "year": year,
                "gender": "Male" if case % 3 else "Female",
                "channel": channel,
                "country": "KZ",
                "websites": (["VKontakte"] if case % 2 else ["Telegram", "WhatsApp"])
                if online
                else [],
            }
        )
    return pd.DataFrame(rows)


def test_recruitment_share_trend_and_tables():
    frame = recruitment_frame()
    result = analyse_recruitment(pl.from_pandas(frame), by=("gender",), threshold=10).as_dict()
    online = frame.channel == "online"
    low, high = proportion_confint(online.sum(), len(frame), method="wilson")
    assert result["share_online"] == {
        "online": int(online.sum()),
        "recorded": 600,
        "share": pytest.approx(online.mean()),
        "ci_low": pytest.approx(low),
        "ci_high": pytest.approx(high),
        "suppressed": False,
    }
    fit = sm.GLM(
        online.astype(float),
        sm.add_constant(frame.year.astype(float)),
        family=sm.families.Binomial(),
    ).fit()
    trend = result["trend"]
    assert trend["slope"] == pytest.approx(fit.params["year"])
    assert trend["pvalue"] == pytest.approx(fit.pvalues["year"])
    assert trend["odds_ratio_per_year"] > 1
    table = pd.crosstab(frame.year, frame.channel)[["online", "personal", "other"]]
    assert [r["counts"] for r in result["channels"]["all"]["rows"]] == table.to_numpy().tolist()
    women = frame[frame.gender == "Female"]
    women_table = (
        pd.crosstab(women.year, women.channel)[["online", "personal", "other"]].reindex(
            sorted(frame.year.unique()), fill_value=0
        )  # every table has every year
    )
    counts = [r["counts"] for r in result["channels"]["Female"]["rows"]]
    for got, expected in zip(counts, women_table.to_numpy().tolist(), strict=True):
        assert all(g is None or g == e for g, e in zip(got, expected, strict=True))
        assert all(g is not None for g, e in zip(got, expected, strict=True) if e == 0)
    # All cases = women + men: no cell hidden in exactly one of the three tables.
    men = [r["counts"] for r in result["channels"]["Male"]["rows"]]
    every = [r["counts"] for r in result["channels"]["all"]["rows"]]
    for y in range(len(every)):
        for c in range(3):
            assert [counts[y][c], men[y][c], every[y][c]].count(None) != 1
    vk = next(w for w in result["websites"] if w["website"] == "VKontakte")
    named = frame[online & frame.websites.map(lambda w: "VKontakte" in w)]
    assert vk["cases"] == len(named)
    assert vk["share_of_online"] == pytest.approx(len(named) / online.sum())
    chi2, p, _dof, _e = stats.chi2_contingency(pd.crosstab(frame.gender, online), correction=False)
    assert (result["by"]["gender"]["test"], result["by"]["gender"]["pvalue"]) == (
        "chi2",
        pytest.approx(p),
    )
