"""Issue 16 finding 11: the trajectory chart's date labels never overlap, whatever the span."""

from __future__ import annotations

import datetime as dt

import pytest

from amanat.assistance.charts import Point, trajectory_figure, trajectory_svg


def _points(start: dt.date, days: list[int]) -> list[Point]:
    return [
        Point(start + dt.timedelta(days=d), {"composite": 0.3 + i * 0.05, "economic": 0.4})
        for i, d in enumerate(days)
    ]


SPANS = {
    "two weeks": [0, 3, 7, 10, 14],
    "three months": [0, 20, 45, 70, 90],
    "one year of visits": [0, 30, 61, 91, 122, 152, 183, 213, 244, 274, 305, 335, 365],
    "five years": [0, 180, 365, 730, 1095, 1460, 1825],
}


@pytest.mark.parametrize("days", SPANS.values(), ids=SPANS.keys())
def test_date_labels_do_not_overlap(days):
    figure = trajectory_figure(_points(dt.date(2024, 1, 5), days), labels={})
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)  # measures text as a raster canvas would
    canvas.draw()
    renderer = canvas.get_renderer()
    axes = figure.axes[0]
    boxes = sorted(
        (label.get_window_extent(renderer) for label in axes.get_xticklabels() if label.get_text()),
        key=lambda box: box.x0,
    )
    assert len(boxes) >= 2
    assert len(boxes) <= 7
    for left, right in zip(boxes, boxes[1:], strict=False):
        assert left.x1 + 2 <= right.x0, (left, right)  # at least 2 px between labels


def test_svg_is_still_deterministic():
    points = _points(dt.date(2024, 1, 5), SPANS["one year of visits"])
    assert trajectory_svg(points, labels={}) == trajectory_svg(points, labels={})
