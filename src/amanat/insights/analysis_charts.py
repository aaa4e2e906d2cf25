"""Charts of the research analyses, by the conventions of `charts.py` (matplotlib, Agg; SVG for
pages, PNG for documents; memoised): a chart shows only what its table publishes, and a hidden
value is labelled as suppressed, never drawn."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib.figure import Figure

from amanat.insights.analysis_text import SCORES, group_label
from amanat.insights.charts import ACCENT, MUTED, _memoised, _render, _short

MAX_BARS = 20


def _empty(figure: Figure, axes, fmt: str) -> bytes:
    axes.text(0.5, 0.5, _("No data in scope"), ha="center", va="center")
    axes.set_axis_off()
    return _render(figure, fmt)


def _interval_bars(items: list[tuple[str, float | None, float | None, float | None]], title, fmt):
    """Horizontal bars of shares with their 95% intervals; None: suppressed."""
    figure = Figure(figsize=(7.2, 0.9 + 0.34 * max(len(items), 1)), layout="constrained")
    axes = figure.add_subplot()
    if not items:
        return _empty(figure, axes, fmt)
    positions = list(range(len(items)))[::-1]
    for y, (_label, share, low, high) in zip(positions, items, strict=True):
        if share is None:
            axes.text(0, y, " " + _("suppressed"), va="center", fontsize=8, color=MUTED)
            continue
        axes.barh(y, 100 * share, color=ACCENT, height=0.65)
        axes.errorbar(
            100 * share,
            y,
            # Rounding can put an interval's end a hair past the share (e.g. 0 of n).
            xerr=[[max(0.0, 100 * (share - low))], [max(0.0, 100 * (high - share))]],
            color="black",
            capsize=3,
            linewidth=0.8,
        )
        axes.text(100 * high + 1, y, f"{100 * share:.1f}%", va="center", fontsize=8)
    axes.set_yticks(positions, [_short(i[0]) for i in items], fontsize=8)
    axes.set_xlim(0, 110)
    axes.set_xlabel(_("% of cases (95% confidence interval)"), fontsize=8)
    axes.tick_params(axis="x", labelsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(title, fontsize=10, loc="left")
    return _render(figure, fmt)


def needs_chart(data: dict, fmt: str = "svg") -> bytes:
    items = [
        (group_label("need", r["need"]), r["prevalence"], r["ci_low"], r["ci_high"])
        for r in data["needs"][:MAX_BARS]
    ]
    title = _("Prevalence of each need")
    return _memoised(
        "analysis-needs",
        items,
        get_language() or "en",
        fmt,
        lambda: _interval_bars(items, title, fmt),
    )


def recruitment_chart(data: dict, fmt: str = "svg") -> bytes:
    items = [
        (str(r["year"]), r["share"], r["ci_low"], r["ci_high"])
        for r in data["share_online_by_year"]
    ]
    title = _("Share of cases recruited online, by year")
    return _memoised(
        "analysis-recruitment",
        items,
        get_language() or "en",
        fmt,
        lambda: _interval_bars(items, title, fmt),
    )


def trajectory_chart(data: dict, fmt: str = "svg") -> bytes:
    points = [r for r in data["trajectory"] if not r["suppressed"]]
    content = [[r["visit"], *(r[f"{s}_mean"] for s in SCORES)] for r in points]
    labels = {s: str(SCORES[s]) for s in SCORES}
    title = _("Mean scores at each follow-up visit")
    xlabel = _("Follow-up visit")

    def draw() -> bytes:
        figure = Figure(figsize=(7.2, 3.2), layout="constrained")
        axes = figure.add_subplot()
        if not points:
            return _empty(figure, axes, fmt)
        visits = [p[0] for p in content]
        for i, score in enumerate(SCORES, start=1):
            values = [p[i] for p in content]
            if any(v is not None for v in values):
                style = {"color": ACCENT, "linewidth": 2} if score == "composite" else {}
                axes.plot(visits, values, marker="o", label=labels[score], **style)
        axes.set_ylim(0, 1)
        axes.set_xticks(visits)
        axes.set_xlabel(xlabel, fontsize=8)
        axes.tick_params(labelsize=8)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(fontsize=7, frameon=False)
        axes.set_title(title, fontsize=10, loc="left")
        return _render(figure, fmt)

    return _memoised("analysis-trajectory", content, get_language() or "en", fmt, draw)
