"""JSON-ready dictionaries and a plain-text report of an analysis.

JSON never holds NaN: undefined figures are null and `null_reasons` says why.
"""

from __future__ import annotations

import math
from dataclasses import asdict, fields
from typing import Any

from amanat.training.analysis.analyze import AnalysisResult
from amanat.training.analysis.statistics import ItemPhaseStats, PairedSummary


def _clean(value: Any) -> Any:
    """Plain JSON types; a non-finite float would be a bug upstream, so it fails loudly."""
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("non-finite number in analysis output")
        return value
    if isinstance(value, tuple | list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    return value


def summary_dict(summary: PairedSummary) -> dict[str, Any]:
    return _clean({f.name: getattr(summary, f.name) for f in fields(summary)})


def _phase_dict(stats: ItemPhaseStats) -> dict[str, Any]:
    return _clean(asdict(stats))


def analysis_dict(result: AnalysisResult) -> dict[str, Any]:
    summary = summary_dict(result.summary)
    data: dict[str, Any] = {
        "n": summary.pop("n"),
        "n_pre": result.n_pre,
        "n_post": result.n_post,
        **summary,
        "participants": [_clean(asdict(p)) for p in result.participants],
        "excluded": result.excluded,
        "items": [
            _clean(
                {
                    "item": item.item,
                    "max_points": item.max_points,
                    "attributes": dict(item.attributes),
                    "pre": _phase_dict(item.pre),
                    "post": _phase_dict(item.post),
                }
            )
            for item in result.items
        ],
        "groups": {
            attribute: {value: summary_dict(s) for value, s in by_value.items()}
            for attribute, by_value in result.groups.items()
        },
        "item_groups": {
            column: {value: summary_dict(s) for value, s in by_value.items()}
            for column, by_value in result.item_groups.items()
        },
        "method": _clean(result.method),
    }
    return data


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _summary_lines(summary: PairedSummary, indent: str = "") -> list[str]:
    s = summary
    lines = [
        f"{indent}paired participants (n): {s.n}",
        f"{indent}pre mean: {_fmt(s.pre_mean)}   post mean: {_fmt(s.post_mean)}   max: {_fmt(s.max_score, 0)}",
        f"{indent}mean gain: {_fmt(s.mean_gain)}   95% CI: "
        + (f"{s.mean_gain_ci95[0]:.2f} to {s.mean_gain_ci95[1]:.2f}" if s.mean_gain_ci95 else "-"),
        f"{indent}normalized gain (Hake, of the means): {_fmt(s.normalized_gain, 3)}"
        f"   mean of individual gains: {_fmt(s.normalized_gain_of_individuals, 3)}"
        f" (n={s.normalized_gain_of_individuals_n})",
        f"{indent}paired t-test: t = {_fmt(s.t_statistic, 3)}, df = {_fmt(s.t_df)}, p = {_fmt(s.t_pvalue, 4)}"
        f", Cohen's d_z = {_fmt(s.cohens_dz, 3)}",
        f"{indent}Wilcoxon signed-rank: W = {_fmt(s.wilcoxon_statistic, 1)}, p = {_fmt(s.wilcoxon_pvalue, 4)}"
        f", rank-biserial r = {_fmt(s.rank_biserial, 3)}",
    ]
    for name, reason in s.null_reasons.items():
        lines.append(f"{indent}  {name}: not computed - {reason}")
    return lines


def analysis_text(result: AnalysisResult) -> str:
    lines = ["Pre/post test analysis", "=" * 22, *_summary_lines(result.summary), ""]
    lines.append(
        f"{'participant':<20} {'status':<10} {'pre':>7} {'post':>7} {'gain':>7} {'norm.gain':>9}"
    )
    for p in result.participants:
        lines.append(
            f"{p.participant:<20} {p.status:<10} {_fmt(p.pre_score):>7} {_fmt(p.post_score):>7}"
            f" {_fmt(p.gain):>7} {_fmt(p.normalized_gain, 3):>9}"
        )
    if result.excluded:
        lines += ["", "Left out of paired statistics:"]
        lines += [f"  {e['participant']}: {e['reason']}" for e in result.excluded]
    lines += [
        "",
        f"{'item':<14} {'pre diff.':>9} {'pre disc.':>9} {'post diff.':>10} {'post disc.':>10}",
    ]
    for item in result.items:
        lines.append(
            f"{item.item:<14} {_fmt(item.pre.difficulty):>9} {_fmt(item.pre.discrimination):>9}"
            f" {_fmt(item.post.difficulty):>10} {_fmt(item.post.discrimination):>10}"
        )
    for title, grouped in (("by participant", result.groups), ("by item", result.item_groups)):
        for attribute, by_value in grouped.items():
            lines += ["", f"Results {title} {attribute}:"]
            for value, summary in by_value.items():
                lines.append(f"  {attribute} = {value}")
                lines += _summary_lines(summary, indent="    ")
    lines += ["", str(result.method["caveat"])]
    return "\n".join(lines)
