"""The contents of the research-analysis chapters (needs, reintegration, recruitment) as
blocks (headings, paragraphs, notes, tables, charts) in the active language (gettext), so the
DOCX report and the web pages show the same suppressed tables, tests and method notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from amanat.insights import analysis_charts as charts
from amanat.insights.analysis_text import (
    CHANNELS,
    EFFECTS,
    SCORES,
    TESTS,
    TITLES,
    VARIABLES,
    group_label,
    method_notes,
    number,
    percent,
)


@dataclass
class Block:
    kind: str  # heading | paragraph | note | table | chart
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    chart: Callable | None = None  # chart(data, fmt) -> bytes
    data: dict | None = None


def _paragraph(document: list[Block], text: str) -> None:
    document.append(Block("paragraph", text=text))


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    document.append(Block("table", header=[str(h) for h in header], rows=rows))


def _hidden(value, kind=number) -> str:
    return _("suppressed") if value is None else kind(value)


def _interval(row: dict) -> str:
    if row.get("ci_low") is None:
        return "—"
    return f"{percent(row['ci_low'])} – {percent(row['ci_high'])}"


def _test_text(row: dict, effect_key: str = "cramers_v") -> list[str]:
    if row.get("test") is None:
        return [str(TESTS[None]), "—", "—", "—"]
    return [
        str(TESTS[row["test"]]),
        number(row["statistic"]),
        number(row["pvalue"]),
        number(row.get(effect_key)),
    ]


def _method(document, kind: str) -> None:
    document.append(Block("heading", text=_("Method")))
    for line in method_notes(kind):
        document.append(Block("note", text=line))


def _needs(document, data: dict) -> None:
    _paragraph(document, _("Cases analysed: %(n)s.") % {"n": _hidden(data["n_cases"])})
    _method(document, "needs")
    if data["n_cases"] is None:
        return
    _table(
        document,
        [_("Need"), _("Cases"), "%", _("95% CI")],
        [
            [group_label("need", r["need"]), _hidden(r["n"]), _hidden(r["prevalence"], percent)]
            + [_interval(r)]
            for r in data["needs"]
        ],
    )
    document.append(Block("chart", chart=charts.needs_chart, data=data))
    q = data["cochran_q"]
    if q is not None:
        _paragraph(
            document,
            _("Cochran's Q = %(q)s, df = %(df)s, p = %(p)s.")
            % {"q": number(q["statistic"]), "df": q["df"], "p": number(q["pvalue"])},
        )
    pairs = [p for p in data["pairwise"] if not p["suppressed"]]
    if pairs:
        document.append(Block("heading", text=_("Differences between needs (McNemar, Holm)")))
        _table(
            document,
            [_("Need"), _("Need"), _("Statistic"), "p", _("p (Holm)")],
            [
                [group_label("need", p["need_a"]), group_label("need", p["need_b"])]
                + [number(p["statistic"]), number(p["pvalue"]), number(p["pvalue_holm"])]
                for p in pairs
            ],
        )
    for variable, rows in data["by"].items():
        document.append(
            Block("heading", text=_("By %(variable)s") % {"variable": VARIABLES[variable]})
        )
        _table(
            document,
            [_("Need"), _("Test"), _("Statistic"), "p", _("Cramér's V")],
            [[group_label("need", r["need"]), *_test_text(r)] for r in rows],
        )
        groups = [g["group"] for g in rows[0]["groups"]] if rows else []
        _table(
            document,
            [_("Need")] + [group_label(variable, g) for g in groups],
            [
                [group_label("need", r["need"])]
                + [f"{_hidden(g['with_need'])} / {_hidden(g['cases'])}" for g in r["groups"]]
                for r in rows
            ],
        )
    if data["clusters"]:
        document.append(Block("heading", text=_("Needs that occur together")))
        _table(
            document,
            [_("Cluster"), _("Cases with any"), "%", _("Cases with all")],
            [
                [", ".join(group_label("need", n) for n in c["needs"]), _hidden(c["cases_any"])]
                + [_hidden(c["share_any"], percent), _hidden(c["cases_all"])]
                for c in data["clusters"]
            ],
        )


def _reintegration(document, data: dict) -> None:
    _paragraph(
        document,
        _("Cases analysed: %(n)s; assessments: %(m)s.")
        % {"n": _hidden(data["n_cases"]), "m": _hidden(data["n_assessments"])},
    )
    _method(document, "reintegration")
    if data["n_cases"] is None:
        return
    if data["trajectory"]:
        document.append(Block("heading", text=_("Trajectory over follow-up visits")))
        _table(
            document,
            [_("Follow-up visit"), _("Cases")] + [str(SCORES[s]) for s in SCORES],
            [
                [str(r["visit"]), _hidden(r["cases"])] + [_hidden(r[f"{s}_mean"]) for s in SCORES]
                for r in data["trajectory"]
            ],
        )
        document.append(Block("chart", chart=charts.trajectory_chart, data=data))
    for variable, block in data["by"].items():
        document.append(
            Block("heading", text=_("By %(variable)s") % {"variable": VARIABLES[variable]})
        )
        _table(
            document,
            [VARIABLES[variable], _("Cases")]
            + [_("%(score)s (mean / median)") % {"score": SCORES[s]} for s in SCORES],
            [
                [group_label(variable, g["group"]), _hidden(g["cases"])]
                + [
                    "—" if g[s] is None else f"{number(g[s]['mean'])} / {number(g[s]['median'])}"
                    for s in SCORES
                ]
                for g in block["groups"]
            ],
        )
        _table(
            document,
            [_("Score"), _("Test"), _("Statistic"), "p", _("Effect size")],
            [
                [str(SCORES[t["score"]]), *_test_text(t, "effect")[:3]]
                + [
                    "—"
                    if t.get("effect") is None
                    else f"{number(t['effect'])} ({EFFECTS[t['effect_size']]})"
                ]
                for t in block["tests"]
            ],
        )
    model = data["mixed_model"]
    if model is not None:
        document.append(Block("heading", text=_("Change over time (mixed model)")))
        _paragraph(
            document,
            _(
                "Composite score change per month: %(slope)s (95%% CI %(low)s to %(high)s, "
                "p = %(p)s), %(obs)s assessments of %(cases)s cases."
            )
            % {
                "slope": number(model["slope_per_month"], 4),
                "low": number(model["ci_low"], 4),
                "high": number(model["ci_high"], 4),
                "p": number(model["pvalue"]),
                "obs": model["n_observations"],
                "cases": model["n_cases"],
            },
        )


def _recruitment(document, data: dict) -> None:
    _paragraph(document, _("Cases analysed: %(n)s.") % {"n": _hidden(data["n_cases"])})
    _method(document, "recruitment")
    if data["n_cases"] is None:
        return
    share = data["share_online"]
    _paragraph(
        document,
        _(
            "Recruited online: %(online)s of %(recorded)s cases with a channel recorded (%(share)s, 95%% CI %(ci)s)."
        )
        % {
            "online": _hidden(share["online"]),
            "recorded": _hidden(share["recorded"]),
            "share": _hidden(share["share"], percent),
            "ci": _interval(share),
        },
    )
    _table(
        document,
        [_("Year"), _("Online"), _("Cases"), "%", _("95% CI")],
        [
            [str(r["year"]), _hidden(r["online"]), _hidden(r["recorded"])]
            + [_hidden(r["share"], percent), _interval(r)]
            for r in data["share_online_by_year"]
        ],
    )
    document.append(Block("chart", chart=charts.recruitment_chart, data=data))
    trend = data["trend"]
    if trend is not None:
        _paragraph(
            document,
            _("Trend: odds ratio per year %(or)s (95%% CI %(low)s to %(high)s), p = %(p)s.")
            % {
                "or": number(trend["odds_ratio_per_year"]),
                "low": number(trend["ci_low"]),
                "high": number(trend["ci_high"]),
                "p": number(trend["pvalue"]),
            },
        )
    for gender, table in data["channels"].items():
        title = _("All cases") if gender == "all" else group_label("gender", gender)
        document.append(Block("heading", text=_("Channel by year: %(group)s") % {"group": title}))
        _table(
            document,
            [_("Year")] + [str(CHANNELS[c]) for c in table["channels"]] + [_("Total")],
            [
                [str(r["year"])] + [_hidden(v) for v in r["counts"]] + [_hidden(r["total"])]
                for r in table["rows"]
            ],
        )
    if data["websites"]:
        document.append(Block("heading", text=_("Websites and apps")))
        _table(
            document,
            [_("Website or app"), _("Cases"), _("% of online cases")],
            [
                [group_label("website", w["website"]), _hidden(w["cases"])]
                + [_hidden(w["share_of_online"], percent)]
                for w in data["websites"]
            ],
        )
    for variable, block in data["by"].items():
        document.append(
            Block("heading", text=_("By %(variable)s") % {"variable": VARIABLES[variable]})
        )
        _table(
            document,
            [VARIABLES[variable], _("Online"), _("Cases"), "%"],
            [
                [group_label(variable, g["group"]), _hidden(g["online"]), _hidden(g["cases"])]
                + [_hidden(g["share"], percent)]
                for g in block["groups"]
            ],
        )
        _paragraph(document, " · ".join(_test_text(block)))


CHAPTERS = {"needs": _needs, "reintegration": _reintegration, "recruitment": _recruitment}


def scope_text(source: str, countries: tuple[str, ...] | None) -> str:
    if source != "cases":
        return _("Source: the file %(name)s.") % {"name": source}
    if countries is None:
        return _("All countries")
    names = ", ".join(group_label("country", c) for c in countries)
    return _("Cases identified in: %(countries)s") % {"countries": names}


def chapter_blocks(
    kind: str, data: dict, source: str, countries: tuple[str, ...] | None = None
) -> list[Block]:
    """The blocks of one analysis chapter (without its title), in the active language."""
    blocks: list[Block] = [Block("note", text=scope_text(source, countries))]
    CHAPTERS[kind](blocks, data)
    blocks.append(
        Block(
            "note",
            text=_("Suppression threshold: %(n)s.") % {"n": data["threshold"]},
        )
    )
    return blocks


def chapter_title(kind: str) -> str:
    return str(TITLES[kind])
