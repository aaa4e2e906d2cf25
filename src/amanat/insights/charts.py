"""Server-rendered charts of suppressed tables (matplotlib, Agg; no browser script, works offline).

A chart shows exactly what its table publishes: suppressed cells get no bar and are labelled as
suppressed, so a chart never reveals a number the table hides. SVG keeps text as text (small files; the
browser's fonts render Cyrillic); PNG, for documents, is rasterised with DejaVu Sans.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections import OrderedDict

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from amanat.core import fonts  # noqa: E402
from amanat.insights.gaps import GapAnalysis  # noqa: E402
from amanat.insights.i18n import pgettext_lazy, text  # noqa: E402
from amanat.insights.stats.tables import StatTable  # noqa: E402

ACCENT = "#0b6e6e"
MUTED = "#9aa5b1"
WARN = "#9a3412"
MAX_BARS = 20
TEXT = {
    "suppressed": pgettext_lazy("chart", "suppressed (fewer than %(n)s)"),
    "people": pgettext_lazy("chart", "people"),
    "more": pgettext_lazy("chart", "%(n)s more rows in the table"),
    "need": pgettext_lazy("chart", "People with the need"),
    "unmet": pgettext_lazy("chart", "Need unmet"),
    "gap_title": pgettext_lazy("chart", "Needs and unmet needs by type of service"),
    "no_data": pgettext_lazy("chart", "No data in scope"),
}
fonts.use_for_charts()  # DejaVu Sans by name: every letter of the six languages (ADR 1401)
matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: small files, any script
matplotlib.rcParams["svg.hashsalt"] = "amanat"  # identical charts give identical files


# Web charts (SVG) are drawn narrow with large text: scaled to a phone's width (about 350 px)
# the text stays about 11 px; document charts (PNG) keep the page-wide layout (15 cm).
STYLES = {
    "svg": {"width": 4.8, "bar": 0.42, "text": 11, "title": 12, "small": 10, "label": 30},
    "png": {"width": 7.2, "bar": 0.34, "text": 8, "title": 10, "small": 7, "label": 46},
}


def _style(fmt: str) -> dict:
    return STYLES["svg" if fmt == "svg" else "png"]


_memo: OrderedDict[str, bytes] = OrderedDict()
_memo_lock = threading.Lock()
MEMO_SIZE = 256


def _memoised(kind: str, content: dict, lang: str, fmt: str, draw) -> bytes:
    """Charts of identical content are drawn once per process (drawing costs ~0.1-0.2 s)."""
    key = hashlib.sha256(
        json.dumps([kind, content, lang, fmt], sort_keys=True, default=str).encode()
    ).hexdigest()
    with _memo_lock:
        if key in _memo:
            _memo.move_to_end(key)
            return _memo[key]
    image = draw()
    with _memo_lock:
        _memo[key] = image
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return image


def _text(key: str, lang: str, **values) -> str:
    return text(TEXT[key], lang, **values)


def _render(figure: Figure, fmt: str) -> bytes:
    return fonts.save_figure(
        figure,
        fmt,
        dpi=120 if fmt == "png" else 100,  # 120 dpi: sharp at 15 cm in a document
        metadata={"Date": None} if fmt == "svg" else {},
    )


def _short(label: str, width: int = 46) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def table_chart(table: StatTable, lang: str = "en", fmt: str = "svg") -> bytes:
    """Horizontal bars of a table's counts, in the table's order."""
    return _memoised("table", table.as_dict(), lang, fmt, lambda: _table_chart(table, lang, fmt))


def _table_chart(table: StatTable, lang: str, fmt: str) -> bytes:
    rows = list(table.rows)
    hidden = max(0, len(rows) - MAX_BARS)
    if table.kind == "single" and hidden:
        rows = sorted(rows, key=lambda c: -(c.count or 0))[:MAX_BARS]
    else:
        rows = rows[:MAX_BARS]
    style = _style(fmt)
    height = 0.9 + style["bar"] * max(len(rows), 1)
    figure = Figure(figsize=(style["width"], height), layout="constrained")
    axes = figure.add_subplot()
    if not rows:
        axes.text(
            0.5, 0.5, _text("no_data", lang), ha="center", va="center", fontsize=style["text"]
        )
        axes.set_axis_off()
        return _render(figure, fmt)
    labels = [_short(cell.label.get(lang, cell.key), style["label"]) for cell in rows]
    counts = [cell.count or 0 for cell in rows]
    positions = list(range(len(rows)))[::-1]
    bars = axes.barh(positions, counts, color=ACCENT, height=0.65)
    top = max(counts) if any(counts) else 1
    for bar, cell in zip(bars, rows, strict=True):
        y = bar.get_y() + bar.get_height() / 2
        if cell.suppressed:
            axes.text(
                0,
                y,
                " " + _text("suppressed", lang, n=table.threshold),
                va="center",
                fontsize=style["small"],
                color=MUTED,
                style="italic",
            )
        else:
            share = f" ({cell.percent:.1f}%)" if cell.percent is not None else ""
            axes.text(
                bar.get_width() + top * 0.01,
                y,
                f"{cell.count:,}{share}".replace(",", " "),
                va="center",
                fontsize=style["small"],
            )
    axes.set_yticks(positions, labels, fontsize=style["text"])
    axes.set_xlim(0, top * 1.45)
    axes.tick_params(axis="x", labelsize=style["small"])
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(
        _short(table.title.get(lang, table.statistic), 2 * style["label"]),
        fontsize=style["title"],
        loc="left",
    )
    if hidden and table.kind == "single":
        axes.set_xlabel(_text("more", lang, n=hidden), fontsize=style["small"], color=MUTED)
    return _render(figure, fmt)


def gap_chart(gaps: GapAnalysis, lang: str = "en", fmt: str = "svg") -> bytes:
    """People with a need and with the need unmet, by service type (published counts only)."""
    return _memoised("gaps", gaps.as_dict(), lang, fmt, lambda: _gap_chart(gaps, lang, fmt))


def _gap_chart(gaps: GapAnalysis, lang: str, fmt: str) -> bytes:
    totals: dict[str, list] = {}
    for row in gaps.rows:
        entry = totals.setdefault(row.service_type, [row.labels["service_type"][lang], 0, 0])
        entry[1] += row.people_with_need or 0
        entry[2] += row.people_unmet or 0
    items = sorted(totals.values(), key=lambda e: -e[1])[:MAX_BARS]
    style = _style(fmt)
    figure = Figure(
        figsize=(style["width"], 0.9 + 0.45 * max(len(items), 1) * style["text"] / 8),
        layout="constrained",
    )
    axes = figure.add_subplot()
    if not items:
        axes.text(
            0.5, 0.5, _text("no_data", lang), ha="center", va="center", fontsize=style["text"]
        )
        axes.set_axis_off()
        return _render(figure, fmt)
    positions = list(range(len(items)))[::-1]
    axes.barh(
        [p + 0.2 for p in positions],
        [e[1] for e in items],
        height=0.38,
        color=ACCENT,
        label=_text("need", lang),
    )
    axes.barh(
        [p - 0.2 for p in positions],
        [e[2] for e in items],
        height=0.38,
        color=WARN,
        label=_text("unmet", lang),
    )
    axes.set_yticks(
        positions, [_short(e[0], style["label"]) for e in items], fontsize=style["text"]
    )
    axes.tick_params(axis="x", labelsize=style["small"])
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=style["small"], frameon=False, loc="lower right")
    axes.set_title(_text("gap_title", lang), fontsize=style["title"], loc="left")
    return _render(figure, fmt)


def data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
