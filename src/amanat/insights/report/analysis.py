"""The research-analysis chapters (needs, reintegration, recruitment) of the DOCX report, and
their XLSX workbook: suppressed tables, charts, the tests with their effect sizes, and a method
note naming each test, all in the language asked for (gettext)."""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.shared import Cm, Pt

from amanat.insights import analysis_charts as charts
from amanat.insights.analyses import AnalysisResult
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
from amanat.insights.report.document import _heading, _note
from amanat.insights.report.workbook_analysis import build_analysis_xlsx

__all__ = ["add_analysis_chapters", "build_analysis_docx", "build_analysis_xlsx"]


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light List Accent 1"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


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
    _heading(document, _("Method"), 3)
    for line in method_notes(kind):
        _note(document, line)


def _needs(document, data: dict) -> None:
    document.add_paragraph(_("Cases analysed: %(n)s.") % {"n": _hidden(data["n_cases"])})
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
    document.add_picture(io.BytesIO(charts.needs_chart(data, "png")), width=Cm(15))
    q = data["cochran_q"]
    if q is not None:
        document.add_paragraph(
            _("Cochran's Q = %(q)s, df = %(df)s, p = %(p)s.")
            % {"q": number(q["statistic"]), "df": q["df"], "p": number(q["pvalue"])}
        )
    pairs = [p for p in data["pairwise"] if not p["suppressed"]]
    if pairs:
        _heading(document, _("Differences between needs (McNemar, Holm)"), 3)
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
        _heading(document, _("By %(variable)s") % {"variable": VARIABLES[variable]}, 3)
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
        _heading(document, _("Needs that occur together"), 3)
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
    document.add_paragraph(
        _("Cases analysed: %(n)s; assessments: %(m)s.")
        % {"n": _hidden(data["n_cases"]), "m": _hidden(data["n_assessments"])}
    )
    _method(document, "reintegration")
    if data["n_cases"] is None:
        return
    if data["trajectory"]:
        _heading(document, _("Trajectory over follow-up visits"), 3)
        _table(
            document,
            [_("Follow-up visit"), _("Cases")] + [str(SCORES[s]) for s in SCORES],
            [
                [str(r["visit"]), _hidden(r["cases"])] + [_hidden(r[f"{s}_mean"]) for s in SCORES]
                for r in data["trajectory"]
            ],
        )
        document.add_picture(io.BytesIO(charts.trajectory_chart(data, "png")), width=Cm(15))
    for variable, block in data["by"].items():
        _heading(document, _("By %(variable)s") % {"variable": VARIABLES[variable]}, 3)
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
        _heading(document, _("Change over time (mixed model)"), 3)
        document.add_paragraph(
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
            }
        )


def _recruitment(document, data: dict) -> None:
    document.add_paragraph(_("Cases analysed: %(n)s.") % {"n": _hidden(data["n_cases"])})
    _method(document, "recruitment")
    if data["n_cases"] is None:
        return
    share = data["share_online"]
    document.add_paragraph(
        _(
            "Recruited online: %(online)s of %(recorded)s cases with a channel recorded (%(share)s, 95%% CI %(ci)s)."
        )
        % {
            "online": _hidden(share["online"]),
            "recorded": _hidden(share["recorded"]),
            "share": _hidden(share["share"], percent),
            "ci": _interval(share),
        }
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
    document.add_picture(io.BytesIO(charts.recruitment_chart(data, "png")), width=Cm(15))
    trend = data["trend"]
    if trend is not None:
        document.add_paragraph(
            _("Trend: odds ratio per year %(or)s (95%% CI %(low)s to %(high)s), p = %(p)s.")
            % {
                "or": number(trend["odds_ratio_per_year"]),
                "low": number(trend["ci_low"]),
                "high": number(trend["ci_high"]),
                "p": number(trend["pvalue"]),
            }
        )
    for gender, table in data["channels"].items():
        title = _("All cases") if gender == "all" else group_label("gender", gender)
        _heading(document, _("Channel by year: %(group)s") % {"group": title}, 3)
        _table(
            document,
            [_("Year")] + [str(CHANNELS[c]) for c in table["channels"]] + [_("Total")],
            [
                [str(r["year"])] + [_hidden(v) for v in r["counts"]] + [_hidden(r["total"])]
                for r in table["rows"]
            ],
        )
    if data["websites"]:
        _heading(document, _("Websites and apps"), 3)
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
        _heading(document, _("By %(variable)s") % {"variable": VARIABLES[variable]}, 3)
        _table(
            document,
            [VARIABLES[variable], _("Online"), _("Cases"), "%"],
            [
                [group_label(variable, g["group"]), _hidden(g["online"]), _hidden(g["cases"])]
                + [_hidden(g["share"], percent)]
                for g in block["groups"]
            ],
        )
        document.add_paragraph(" · ".join(_test_text(block)))


CHAPTERS = {"needs": _needs, "reintegration": _reintegration, "recruitment": _recruitment}


def add_analysis_chapters(document, results: list[AnalysisResult]) -> None:
    """One chapter per analysis, in the active language."""
    for result in results:
        _heading(document, str(TITLES[result.kind]), 1)
        CHAPTERS[result.kind](document, result.data)
        _note(
            document,
            _("Suppression threshold: %(n)s; source: %(source)s.")
            % {"n": result.data["threshold"], "source": result.source},
        )


def build_analysis_docx(results: list[AnalysisResult], lang: str = "en") -> bytes:
    with translation.override(lang):
        document = Document()
        document.styles["Normal"].font.size = Pt(10.5)
        add_analysis_chapters(document, results)
        document.core_properties.title = _("Research analyses")
        document.core_properties.language = lang
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
