"""Pre/post test analysis: per participant results, paired statistics, items, groups.

`analyze()` takes validated records, not files, so the Django phase can call it with responses
and participant attributes loaded from the database (role, organisation type, gender...).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy

from amanat.training.analysis.inputs import KeyItem, Response
from amanat.training.analysis.scoring import ScoreSheet, build_score_sheet
from amanat.training.analysis.statistics import (
    ItemPhaseStats,
    PairedSummary,
    individual_normalized_gain,
    item_phase_stats,
    paired_summary,
)

NOT_RECORDED = "(not recorded)"


@dataclass
class ParticipantResult:
    participant: str
    status: str  # "paired", "pre_only" or "post_only"
    pre_score: float | None
    post_score: float | None
    max_score: float | None
    pre_percent: float | None = None
    post_percent: float | None = None
    gain: float | None = None
    normalized_gain: float | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)
    null_reasons: dict[str, str] = field(default_factory=dict)


@dataclass
class ItemResult:
    item: str
    max_points: float | None
    attributes: Mapping[str, str]
    pre: ItemPhaseStats
    post: ItemPhaseStats


@dataclass
class AnalysisResult:
    summary: PairedSummary
    participants: list[ParticipantResult]
    excluded: list[dict[str, str]]
    items: list[ItemResult]
    n_pre: int
    n_post: int
    groups: dict[str, dict[str, PairedSummary]]  # participant attribute -> value -> summary
    item_groups: dict[str, dict[str, PairedSummary]]  # key column (module...) -> value -> summary
    method: dict[str, object]


def analyze(
    responses: Sequence[Response],
    key: Mapping[str, KeyItem] | None = None,
    *,
    participants: Mapping[str, Mapping[str, str | None]] | None = None,
    group_by: Sequence[str] = (),
    item_group_by: Sequence[str] = (),
) -> AnalysisResult:
    sheet = build_score_sheet(responses, key)
    attributes = participants or {}
    pre_total = sheet.scores["pre"].sum(axis=1)
    post_total = sheet.scores["post"].sum(axis=1)
    paired = sheet.took["pre"] & sheet.took["post"]
    max_score = sheet.max_score

    results = [
        _participant_result(sheet, i, pre_total[i], post_total[i], attributes.get(p, {}))
        for i, p in enumerate(sheet.participants)
    ]
    excluded = [
        {
            "participant": r.participant,
            "reason": "took only the pre-test"
            if r.status == "pre_only"
            else "took only the post-test",
        }
        for r in results
        if r.status != "paired"
    ]
    summary = paired_summary(pre_total[paired], post_total[paired], max_score)
    items = _item_results(sheet)
    groups = {
        attribute: _group_summaries(sheet, paired, pre_total, post_total, attributes, attribute)
        for attribute in group_by
    }
    item_groups = {column: _item_group_summaries(sheet, paired, column) for column in item_group_by}
    return AnalysisResult(
        summary=summary,
        participants=results,
        excluded=excluded,
        items=items,
        n_pre=int(sheet.took["pre"].sum()),
        n_post=int(sheet.took["post"].sum()),
        groups=groups,
        item_groups=item_groups,
        method=_method(len(responses), key, max_score),
    )


def _participant_result(
    sheet: ScoreSheet, i: int, pre: float, post: float, attributes: Mapping[str, str | None]
) -> ParticipantResult:
    took_pre, took_post = bool(sheet.took["pre"][i]), bool(sheet.took["post"][i])
    status = "paired" if took_pre and took_post else "pre_only" if took_pre else "post_only"
    max_score = sheet.max_score
    result = ParticipantResult(
        participant=sheet.participants[i],
        status=status,
        pre_score=float(pre) if took_pre else None,
        post_score=float(post) if took_post else None,
        max_score=max_score,
        attributes={k: v for k, v in attributes.items() if v},
    )
    reasons = result.null_reasons
    for phase, score in (("pre", result.pre_score), ("post", result.post_score)):
        if score is None:
            reasons[f"{phase}_score"] = f"did not take the {phase}-test"
            reasons[f"{phase}_percent"] = f"did not take the {phase}-test"
        elif max_score is None:
            reasons[f"{phase}_percent"] = "no answer key: the maximum score is unknown"
        else:
            setattr(result, f"{phase}_percent", 100 * score / max_score)
    if status != "paired":
        missing = "post" if status == "pre_only" else "pre"
        reasons["gain"] = reasons["normalized_gain"] = f"did not take the {missing}-test"
        return result
    result.gain = float(post - pre)
    result.normalized_gain, reason = individual_normalized_gain(float(pre), float(post), max_score)
    if reason:
        reasons["normalized_gain"] = reason
    return result


def _item_results(sheet: ScoreSheet) -> list[ItemResult]:
    per_phase = {
        phase: item_phase_stats(sheet.scores[phase][sheet.took[phase]], sheet.max_points)
        for phase in ("pre", "post")
    }
    return [
        ItemResult(
            item=item,
            max_points=float(sheet.max_points[j]) if sheet.max_points is not None else None,
            attributes=sheet.item_attributes.get(item, {}),
            pre=per_phase["pre"][j],
            post=per_phase["post"][j],
        )
        for j, item in enumerate(sheet.items)
    ]


def _group_summaries(
    sheet: ScoreSheet,
    paired: np.ndarray,
    pre_total: np.ndarray,
    post_total: np.ndarray,
    attributes: Mapping[str, Mapping[str, str | None]],
    attribute: str,
) -> dict[str, PairedSummary]:
    values = np.array(
        [(attributes.get(p, {}).get(attribute) or NOT_RECORDED) for p in sheet.participants],
        dtype=object,
    )
    return {
        str(value): paired_summary(
            pre_total[paired & (values == value)],
            post_total[paired & (values == value)],
            sheet.max_score,
        )
        for value in sorted(set(values))
    }


def _item_group_summaries(
    sheet: ScoreSheet, paired: np.ndarray, column: str
) -> dict[str, PairedSummary]:
    """Sub-scores on the items that share a key attribute (e.g. module): results by module."""
    values = np.array(
        [sheet.item_attributes.get(item, {}).get(column) or NOT_RECORDED for item in sheet.items],
        dtype=object,
    )
    summaries = {}
    for value in sorted(set(values)):
        columns = values == value
        max_score = float(sheet.max_points[columns].sum()) if sheet.max_points is not None else None
        summaries[str(value)] = paired_summary(
            sheet.scores["pre"][paired][:, columns].sum(axis=1),
            sheet.scores["post"][paired][:, columns].sum(axis=1),
            max_score,
        )
    return summaries


def _method(
    n_rows: int, key: Mapping[str, KeyItem] | None, max_score: float | None
) -> dict[str, object]:
    return {
        "inputs": {
            "response_rows": n_rows,
            "key_items": len(key) if key is not None else None,
            "max_score": max_score,
            "answers_are_scores": key is None,
        },
        "scoring": (
            "answers scored against the key: single choice and true/false all-or-nothing; multiple "
            "choice all-or-nothing unless the key says partial (right minus wrong picks, not below 0); "
            "unanswered items score 0"
            if key is not None
            else "no key: each answer is the item's points as written; unanswered items score 0"
        ),
        "paired_sample": "participants who took both tests; the others are listed in 'excluded'",
        "normalized_gain": "Hake (1998) average normalized gain: (post_mean - pre_mean) / (max - pre_mean)",
        "normalized_gain_of_individuals": "mean of (post - pre) / (max - pre) over participants with pre < max",
        "t_test": "paired t-test, scipy.stats.ttest_rel(post, pre), two-sided",
        "wilcoxon": "Wilcoxon signed-rank, two-sided, zero differences dropped; statistic = min(W+, W-); p exact (all sign assignments counted, ties included) up to 13 non-zero differences, else scipy.stats.wilcoxon(post, pre)",
        "cohens_dz": "mean gain / standard deviation of gains (ddof=1)",
        "rank_biserial": "(W+ - W-) / (W+ + W-), matched-pairs rank-biserial correlation",
        "difficulty": "per phase, over everyone who took it: mean item score / max points (proportion correct for 0/1 items)",
        "discrimination": "per phase: Pearson (point-biserial) correlation of item score with the rest score (total minus the item)",
        "scipy_version": scipy.__version__,
        "caveat": "Indicators to improve a training and its item bank, not an assessment of any person.",
    }
