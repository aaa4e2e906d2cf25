"""Server-side charts (matplotlib, SVG): the reintegration score trajectory of one case.

No pyplot (global state, not thread-safe under a web server): a Figure with its own canvas.
The SVG is deterministic for the same input (fixed hash salt, no date in the metadata).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_svg import FigureCanvasSVG  # noqa: E402
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from amanat.core import fonts  # noqa: E402

SERIES = (
    # key, colour, marker, line style
    ("composite", "#0b6e6e", "o", "-"),
    ("economic", "#b45309", "s", "--"),
    ("social", "#4338ca", "^", "--"),
    ("psychosocial", "#9d174d", "D", "--"),
)


@dataclass(frozen=True)
class Point:
    on: dt.date
    scores: dict[str, float | None]


def trajectory_svg(
    points: list[Point], *, labels: dict[str, str], title: str = "", y_label: str = ""
) -> str:
    """An SVG line chart of the scores (0 to 1) over time; a missing score leaves a gap."""
    # Local settings only (other apps draw charts too): stable ids, text kept as text.
    # DejaVu Sans by name: every letter of the six languages (amanat.core.fonts, ADR 1401).
    with matplotlib.rc_context(
        {
            "svg.hashsalt": "amanat",
            "svg.fonttype": "none",
            "font.family": "sans-serif",
            "font.sans-serif": [fonts.FAMILY],
        }
    ):
        return _draw(points, labels=labels, title=title, y_label=y_label)


def _draw(points: list[Point], *, labels: dict[str, str], title: str, y_label: str) -> str:
    figure = trajectory_figure(points, labels=labels, title=title, y_label=y_label)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    # Scale with the page (phones): keep the viewBox, drop the fixed size.
    head_end = svg.find(">")
    head = re.sub(r'\s(width|height)="[^"]*"', "", svg[:head_end])
    return head + ' style="width:100%;height:auto" role="img"' + svg[head_end:]


def trajectory_figure(
    points: list[Point], *, labels: dict[str, str], title: str = "", y_label: str = ""
) -> Figure:
    figure = Figure(figsize=(7.0, 3.4), dpi=100)
    FigureCanvasSVG(figure)
    axes = figure.add_subplot(1, 1, 1)
    dates = [p.on for p in points]
    for key, colour, marker, style in SERIES:
        values = [p.scores.get(key) for p in points]
        axes.plot(
            dates,
            [float("nan") if v is None else v for v in values],
            marker=marker,
            linestyle=style,
            color=colour,
            label=labels.get(key, key),
            linewidth=2.4 if key == "composite" else 1.3,
            markersize=5,
        )
    axes.set_ylim(-0.02, 1.02)
    axes.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    axes.grid(True, axis="y", color="#d6dde4", linewidth=0.8)
    axes.spines[["top", "right"]].set_visible(False)
    if y_label:
        axes.set_ylabel(y_label)
    if title:
        axes.set_title(title, fontsize=11, loc="left")
    if len(dates) == 1:
        axes.set_xlim(dates[0] - dt.timedelta(days=30), dates[0] + dt.timedelta(days=30))
    # Date labels that never overlap (issue 16): at most 6 ticks, chosen by the span (days,
    # months or years), written concisely (the year once, not on every tick).
    locator = AutoDateLocator(minticks=3, maxticks=6)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    figure.autofmt_xdate(rotation=0, ha="center")
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=4, frameon=False, fontsize=9)
    figure.tight_layout()
    return figure
