"""Server-rendered charts (matplotlib, Agg): SVG for the pages, PNG for the DOCX reports.

Labels are translated by the caller's active language; DejaVu Sans (shipped with matplotlib)
covers every letter of the six languages (`amanat.core.fonts`, ADR 1401). Every function returns bytes, or None when there is nothing to draw.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from amanat.core import fonts  # noqa: E402
from amanat.training.analysis.evaluations import OVERALL  # noqa: E402
from amanat.training.results import EvaluationResults, TestResults  # noqa: E402

PRE_COLOUR, POST_COLOUR = "#9aa5b1", "#0b6e6e"
LIKERT_COLOURS = ["#b42318", "#f79009", "#d0d5dd", "#7cc7b7", "#0b6e6e"]
fonts.use_for_charts()
plt.rcParams.update({"font.size": 9, "svg.hashsalt": "amanat"})


def _render(figure: Figure, fmt: str) -> bytes:
    metadata = {"Date": None} if fmt == "svg" else {}
    image = fonts.save_figure(
        figure, fmt, dpi=150 if fmt == "png" else 72, bbox_inches="tight", metadata=metadata
    )
    plt.close(figure)
    return image


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def scores_chart(results: TestResults | None, fmt: str = "svg") -> bytes | None:
    """Each participant's pre- and post-test score (per cent), joined for the paired ones."""
    if results is None or results.analysis.summary.max_score is None:
        return None
    people = [
        p
        for p in results.analysis.participants
        if p.pre_percent is not None or p.post_percent is not None
    ]
    if not people:
        return None
    figure, axis = plt.subplots(figsize=(6.4, 3.4))
    rng = np.random.default_rng(7)
    for person in people:
        jitter = rng.uniform(-0.08, 0.08)
        xs, ys = [], []
        if person.pre_percent is not None:
            xs.append(0 + jitter)
            ys.append(person.pre_percent)
        if person.post_percent is not None:
            xs.append(1 + jitter)
            ys.append(person.post_percent)
        axis.plot(xs, ys, color="#c4ccd4" if len(xs) == 2 else "none", linewidth=0.8, zorder=1)
        axis.scatter(xs, ys, c=[PRE_COLOUR if x < 0.5 else POST_COLOUR for x in xs], s=18, zorder=2)
    summary = results.analysis.summary
    for x, mean in ((0, summary.pre_mean_percent), (1, summary.post_mean_percent)):
        if mean is not None:
            axis.hlines(mean, x - 0.25, x + 0.25, colors="#1d2733", linewidth=2, zorder=3)
            axis.annotate(f"{mean:.0f}%", (x + 0.27, mean), va="center", fontsize=9)
    axis.set_xticks([0, 1], [_("Pre-test"), _("Post-test")])
    axis.set_xlim(-0.5, 1.6)
    axis.set_ylim(-3, 103)
    # xgettext:no-python-format
    axis.set_ylabel(_("Score (% of the maximum)"))
    axis.set_title(_("Scores before and after (lines join each participant's two tests)"))
    axis.grid(axis="y", color="#eef1f4")
    axis.spines[["top", "right"]].set_visible(False)
    return _render(figure, fmt)


def groups_chart(
    results: TestResults | None,
    attribute: str,
    labels: dict[str, str],
    fmt: str = "svg",
    *,
    hidden: frozenset[str] = frozenset(),
) -> bytes | None:
    """Mean pre and post score (per cent) for each value of a participant attribute.

    `hidden` values are not drawn: groups suppressed by the report (docs/decisions/0666)."""
    if results is None or results.analysis.summary.max_score is None:
        return None
    groups = [
        (value, s)
        for value, s in results.analysis.groups.get(attribute, {}).items()
        if s.n > 0 and value not in hidden
    ]
    if not groups:
        return None
    figure, axis = plt.subplots(figsize=(6.4, 0.5 + 0.45 * len(groups)))
    positions = np.arange(len(groups))
    axis.barh(
        positions - 0.2,
        [s.pre_mean_percent for _v, s in groups],
        height=0.38,
        color=PRE_COLOUR,
        label=_("Pre-test"),
    )
    axis.barh(
        positions + 0.2,
        [s.post_mean_percent for _v, s in groups],
        height=0.38,
        color=POST_COLOUR,
        label=_("Post-test"),
    )
    axis.set_yticks(positions, [f"{_short(labels.get(v, v), 40)} (n={s.n})" for v, s in groups])
    axis.invert_yaxis()
    axis.set_xlim(0, 100)
    # xgettext:no-python-format
    axis.set_xlabel(_("Mean score (% of the maximum), participants with both tests"))
    axis.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    axis.spines[["top", "right"]].set_visible(False)
    return _render(figure, fmt)


def items_chart(results: TestResults | None, fmt: str = "svg") -> bytes | None:
    """Item difficulty (share of the points earned) in each phase."""
    if results is None or not results.analysis.items:
        return None
    items = results.analysis.items
    if not any(i.pre.difficulty is not None or i.post.difficulty is not None for i in items):
        return None
    figure, axis = plt.subplots(figsize=(6.4, 0.6 + 0.32 * len(items)))
    positions = np.arange(len(items))
    axis.barh(
        positions - 0.2,
        [i.pre.difficulty or 0 for i in items],
        height=0.38,
        color=PRE_COLOUR,
        label=_("Pre-test"),
    )
    axis.barh(
        positions + 0.2,
        [i.post.difficulty or 0 for i in items],
        height=0.38,
        color=POST_COLOUR,
        label=_("Post-test"),
    )
    axis.set_yticks(positions, [i.item for i in items])
    axis.invert_yaxis()
    axis.set_xlim(0, 1)
    axis.set_xlabel(_("Difficulty: share of the item's points earned (higher = easier)"))
    axis.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    axis.spines[["top", "right"]].set_visible(False)
    return _render(figure, fmt)


def evaluation_chart(results: EvaluationResults | None, fmt: str = "svg") -> bytes | None:
    """For each session (and overall), the distribution of every rating given, stacked."""
    if results is None:
        return None
    rows = [
        (s.session, s.likert_pooled)
        for s in results.summary.sessions
        if s.likert_pooled is not None and s.likert_pooled.n
    ]
    if not rows:
        return None
    low, high = results.summary.scale
    levels = list(range(low, high + 1))
    colours = (
        LIKERT_COLOURS
        if len(levels) == 5
        else [plt.cm.RdYlGn(x) for x in np.linspace(0.1, 0.9, len(levels))]
    )
    figure, axis = plt.subplots(figsize=(6.8, 0.7 + 0.42 * len(rows)))
    positions = np.arange(len(rows))
    left = np.zeros(len(rows))
    for index, level in enumerate(levels):
        shares = np.array([100 * stats.distribution[level] / stats.n for _s, stats in rows])
        axis.barh(positions, shares, left=left, color=colours[index], label=str(level), height=0.7)
        left += shares
    names = [_("Overall") if session == OVERALL else _short(session) for session, _s in rows]
    axis.set_yticks(
        positions,
        [f"{name}  ({stats.mean:.1f})" for name, (_s, stats) in zip(names, rows, strict=True)],
    )
    axis.invert_yaxis()
    axis.set_xlim(0, 100)
    axis.set_xlabel(
        _("Share of ratings (%%), 1 = lowest, %(max)d = highest; mean in brackets") % {"max": high}
    )
    axis.legend(
        title=_("Rating"),
        ncol=len(levels),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.18 if len(rows) > 3 else -0.35),
        frameon=False,
    )
    axis.spines[["top", "right"]].set_visible(False)
    return _render(figure, fmt)
