"""Interim and final narrative reports (DOCX, English or Russian) and all tables (XLSX).

The data comes from `selectors.report_data` (access-checked and audited); this module only lays
it out. Reports name participants by code, never by name (ADR 0742). Structure: the event, a
summary, the agenda, participation, test results with charts, evaluation results, group
recommendations, the trainer's analysis (their text, or space to write it) and a note on method.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from amanat.core import geography
from amanat.training import charts, vocab
from amanat.training.analysis.evaluations import OVERALL
from amanat.training.analysis.statistics import PairedSummary
from amanat.training.models import AgendaItem, GroupStation, OutputKind, TrainingEvent
from amanat.training.results import EvaluationResults, TestResults

KINDS = ("interim", "final")
LANGUAGES = ("en", "ru")
GROUP_ATTRIBUTES = (
    ("nrm_role", "nrm_role"),
    ("organisation_type", "organisation_type"),
    ("gender", "gender"),
    ("country", None),
)


@dataclass
class ReportData:
    event: TrainingEvent
    kind: str
    trainers: list
    agenda: list[AgendaItem]
    participation: object
    tests: TestResults | None
    evaluations: EvaluationResults | None
    stations: list[GroupStation]
    analysis_text: str
    generated_at: object = field(default_factory=timezone.now)


# --- formatting -------------------------------------------------------------------------------


def num(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = f"{value:.{digits}f}"
    if (translation.get_language() or "en").startswith("ru"):
        text = text.replace(".", ",")
    return text


def pvalue(value) -> str:
    if value is None:
        return "–"
    if value < 0.001:
        return "< " + num(0.001, 3)
    return num(value, 3)


def label(vocabulary: str | None, code: str) -> str:
    if not code:
        return _("(not recorded)")
    if vocabulary is None:
        return geography.country_name(code)
    return vocab.label(vocabulary, code)


def attribute_title(attribute: str) -> str:
    return {
        "nrm_role": _("Role in the NRM"),
        "organisation_type": _("Organisation type"),
        "gender": _("Gender"),
        "country": _("Country"),
        "module": _("Module"),
    }[attribute]


def results_by_title(attribute: str) -> str:
    return {
        "nrm_role": _("Results by role in the NRM"),
        "organisation_type": _("Results by organisation type"),
        "gender": _("Results by gender"),
        "country": _("Results by country"),
        "module": _("Results by module"),
    }[attribute]


def method_label(code: str) -> str:
    return vocab.label("training_method", code) if code else ""


def session_title(session: str) -> str:
    return _("Overall") if session == OVERALL else session


def group_value_label(attribute: str, value: str) -> str:
    if value == "(not recorded)":
        return _("(not recorded)")
    vocabulary = dict(GROUP_ATTRIBUTES).get(attribute, "")
    if attribute == "module":
        return value
    return label(vocabulary, value)


def summary_rows(summary: PairedSummary) -> list[tuple[str, str]]:
    ci = summary.mean_gain_ci95
    return [
        (_("Participants with both tests (n)"), str(summary.n)),
        (_("Maximum score"), num(summary.max_score, 0)),
        (
            _("Pre-test mean (score, %)"),
            f"{num(summary.pre_mean)} ({num(summary.pre_mean_percent)}%)",
        ),
        (
            _("Post-test mean (score, %)"),
            f"{num(summary.post_mean)} ({num(summary.post_mean_percent)}%)",
        ),
        (
            # xgettext:no-python-format
            _("Mean gain (95% confidence interval)"),
            f"{num(summary.mean_gain)}" + (f" ({num(ci[0])} – {num(ci[1])})" if ci else ""),
        ),
        (
            _("Normalized gain (post − pre) / (max − pre), of the means"),
            num(summary.normalized_gain, 2),
        ),
        (
            _("Mean of individual normalized gains"),
            f"{num(summary.normalized_gain_of_individuals, 2)} (n={summary.normalized_gain_of_individuals_n})",
        ),
        (
            _("Paired t-test: t, degrees of freedom, p"),
            f"t = {num(summary.t_statistic, 2)}, df = {summary.t_df if summary.t_df is not None else '–'}, "
            f"p = {pvalue(summary.t_pvalue)}",
        ),
        (_("Effect size: Cohen's d_z"), num(summary.cohens_dz, 2)),
        (
            _("Wilcoxon signed-rank test: W, p"),
            f"W = {num(summary.wilcoxon_statistic, 1)}, p = {pvalue(summary.wilcoxon_pvalue)}",
        ),
        (_("Effect size: rank-biserial correlation"), num(summary.rank_biserial, 2)),
    ]


def flag_text(reasons: list[str]) -> str:
    names = {
        "easy": _("very easy"),
        "hard": _("very hard"),
        "low_discrimination": _("low discrimination"),
    }
    return ", ".join(names[r] for r in reasons)


def kind_title(kind: str) -> str:
    return _("Interim report") if kind == "interim" else _("Final report")


def event_dates(event: TrainingEvent) -> str:
    return f"{event.start_date:%Y-%m-%d} – {event.end_date:%Y-%m-%d}"


def trainer_name(user) -> str:
    return user.get_full_name() or user.username


# --- DOCX -------------------------------------------------------------------------------------


def _table(document, header: list[str], rows: list[list[str]], widths=None):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)
    if widths:
        from docx.shared import Cm

        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = Cm(width)
    document.add_paragraph()
    return table


def _picture(document, png: bytes | None, caption: str) -> None:
    if not png:
        return
    from docx.shared import Cm

    document.add_picture(io.BytesIO(png), width=Cm(16))
    paragraph = document.add_paragraph(caption)
    paragraph.style = "Caption"


def build_docx(data: ReportData, language: str) -> bytes:
    from docx import Document
    from docx.shared import Pt

    with translation.override(language):
        event = data.event
        document = Document()
        document.styles["Normal"].font.name = "Calibri"
        document.styles["Normal"].font.size = Pt(10.5)
        document.core_properties.title = f"{kind_title(data.kind)}: {event.title}"
        document.core_properties.language = language
        document.core_properties.author = "Amanat"
        document.add_heading(kind_title(data.kind), level=0)
        document.add_paragraph(event.title).runs[0].bold = True
        facts = [
            (_("Kind of event"), vocab.label("event_kind", event.kind)),
            (_("Dates"), event_dates(event)),
            (_("Place"), f"{event.place}, {geography.country_name(event.country)}"),
            (_("Organiser"), event.owner_organisation.name),
            (_("Trainers"), ", ".join(trainer_name(t) for t in data.trainers)),
            (_("Curriculum"), str(event.curriculum_version) if event.curriculum_version else "–"),
            (_("Working language"), geography.language_name(event.language)),
            (_("Report produced"), f"{timezone.localtime(data.generated_at):%Y-%m-%d %H:%M}"),
        ]
        _table(document, [_("Item"), _("Details")], [list(f) for f in facts], widths=[5, 11])

        document.add_heading(_("1. Summary"), level=1)
        for line in _summary_lines(data):
            document.add_paragraph(line, style="List Bullet")

        document.add_heading(_("2. Agenda"), level=1)
        for day in range(1, event.days + 1):
            rows = [
                [
                    f"{a.start_time:%H:%M}" if a.start_time else "",
                    a.title,
                    method_label(a.method),
                    str(a.duration_minutes),
                ]
                for a in data.agenda
                if a.day == day
            ]
            if not rows:
                continue
            document.add_heading(_("Day %(day)d") % {"day": day}, level=2)
            _table(
                document,
                [_("Time"), _("Session"), _("Method"), _("Minutes")],
                rows,
                widths=[1.6, 9.4, 3.6, 1.6],
            )

        document.add_heading(_("3. Participation"), level=1)
        _participation_docx(document, data)

        document.add_heading(_("4. Test results"), level=1)
        _tests_docx(document, data)

        document.add_heading(_("5. Evaluation"), level=1)
        _evaluations_docx(document, data)

        document.add_heading(_("6. Group work: recommendations and action points"), level=1)
        _group_work_docx(document, data)

        document.add_heading(_("7. Trainer's analysis"), level=1)
        if data.analysis_text.strip():
            for paragraph in data.analysis_text.strip().split("\n\n"):
                document.add_paragraph(paragraph.strip())
        else:
            prompt = document.add_paragraph().add_run(
                _(
                    "[Space for the trainer's analysis: what worked, what to change, follow-up "
                    "with the participants.]"
                )
            )
            prompt.italic = True
            for _line in range(8):
                document.add_paragraph("_" * 90)

        document.add_heading(_("8. Note on method"), level=1)
        for line in _method_lines():
            document.add_paragraph(line, style="List Bullet")
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def _summary_lines(data: ReportData) -> list[str]:
    p = data.participation
    lines = [
        _(
            "%(n)d participants registered (%(women)d women, %(men)d men) from %(orgs)d types of "
            "organisation."
        )
        % {
            "n": p.total,
            "women": p.by_gender.get("Feminine", 0),
            "men": p.by_gender.get("Masculine", 0),
            "orgs": len([k for k in p.by_organisation_type if k]),
        },
        _("Attendance by day: %(days)s.")
        % {"days": ", ".join(f"{day}: {count}" for day, count in p.present_by_day.items())},
        _(
            "%(pre)d took the pre-test and %(post)d the post-test; %(eval)d evaluation forms were "
            "returned."
        )
        % {"pre": p.took.get("pre", 0), "post": p.took.get("post", 0), "eval": p.evaluations},
    ]
    tests = data.tests
    if tests is not None and tests.analysis.summary.n and data.kind == "final":
        s = tests.analysis.summary
        lines.append(
            _(
                "The mean score rose from %(pre)s%% to %(post)s%% (normalized gain "
                "%(g)s; paired t-test p = %(p)s, Wilcoxon p = %(w)s)."
            )
            % {
                "pre": num(s.pre_mean_percent),
                "post": num(s.post_mean_percent),
                "g": num(s.normalized_gain, 2),
                "p": pvalue(s.t_pvalue),
                "w": pvalue(s.wilcoxon_pvalue),
            }
        )
    elif tests is not None and tests.analysis.n_pre:
        pre = [r.pre_percent for r in tests.analysis.participants if r.pre_percent is not None]
        if pre:
            lines.append(
                _("Pre-test baseline: mean %(mean)s%% (n = %(n)d).")
                % {"mean": num(sum(pre) / len(pre)), "n": len(pre)}
            )
    if data.evaluations is not None and data.evaluations.summary.likert_all is not None:
        overall = data.evaluations.summary.likert_all
        lines.append(
            _("Mean rating over all evaluation questions: %(mean)s of %(max)d (%(n)d ratings).")
            % {
                "mean": num(overall.mean, 2),
                "max": data.evaluations.summary.scale[1],
                "n": overall.n,
            }
        )
    outputs = Counter(o.kind for s in data.stations for o in s.outputs.all())
    lines.append(
        _("Group work produced %(r)d recommendations and %(a)d action points.")
        % {
            "r": outputs.get(OutputKind.RECOMMENDATION, 0),
            "a": outputs.get(OutputKind.ACTION_POINT, 0),
        }
    )
    return lines


def _count_rows(counter: Counter, vocabulary: str | None) -> list[list[str]]:
    total = sum(counter.values()) or 1
    return [
        [label(vocabulary, code), str(n), num(100 * n / total, 0) + "%"]
        for code, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _participation_docx(document, data: ReportData) -> None:
    p = data.participation
    for title, counter, vocabulary in (
        (_("Gender"), p.by_gender, "gender"),
        (_("Organisation type"), p.by_organisation_type, "organisation_type"),
        (_("Role in the NRM"), p.by_role, "nrm_role"),
        (_("Country"), p.by_country, None),
    ):
        document.add_heading(title, level=2)
        _table(
            document,
            [title, _("Participants"), _("Share")],
            _count_rows(counter, vocabulary),
            widths=[10, 3, 3],
        )
    document.add_heading(_("Attendance"), level=2)
    _table(
        document,
        [_("Day"), _("Present"), _("Share")],
        [
            [str(day), str(n), num(100 * n / (p.total or 1), 0) + "%"]
            for day, n in p.present_by_day.items()
        ],
        widths=[4, 4, 4],
    )


def _tests_docx(document, data: ReportData) -> None:
    tests = data.tests
    if tests is None:
        document.add_paragraph(_("No test was set for this event."))
        return
    analysis = tests.analysis
    final = data.kind == "final"
    if final:
        _table(
            document,
            [_("Figure"), _("Value")],
            [list(r) for r in summary_rows(analysis.summary)],
            widths=[9, 7],
        )
        if analysis.excluded:
            document.add_paragraph(
                _("Left out of the paired statistics (only one of the two tests): %(codes)s.")
                % {"codes": ", ".join(e["participant"] for e in analysis.excluded)}
            )
        _picture(
            document,
            charts.scores_chart(tests, "png"),
            _("Figure 1. Each participant's pre- and post-test score."),
        )
        for attribute in (*tests.item_groups, "nrm_role", "organisation_type", "gender"):
            by_value = (analysis.item_groups if attribute == "module" else analysis.groups).get(
                attribute, {}
            )
            if not by_value:
                continue
            document.add_heading(
                results_by_title(attribute),
                level=2,
            )
            _table(
                document,
                [
                    attribute_title(attribute),
                    "n",
                    _("Pre %"),
                    _("Post %"),
                    _("Normalized gain"),
                    _("p (t-test)"),
                ],
                [
                    [
                        group_value_label(attribute, value),
                        str(s.n),
                        num(s.pre_mean_percent),
                        num(s.post_mean_percent),
                        num(s.normalized_gain, 2),
                        pvalue(s.t_pvalue),
                    ]
                    for value, s in by_value.items()
                ],
                widths=[6, 1.5, 2, 2, 2.5, 2],
            )
        labels = {v: group_value_label("nrm_role", v) for v in analysis.groups.get("nrm_role", {})}
        _picture(
            document,
            charts.groups_chart(tests, "nrm_role", labels, "png"),
            _("Figure 2. Mean scores by role in the NRM."),
        )
    else:
        document.add_paragraph(
            _(
                "Interim report: the pre-test gives the group's starting point; "
                "the comparison with the post-test comes in the final report."
            )
        )
        rows = [
            [
                r.participant,
                label("nrm_role", tests.participants[r.participant].nrm_role)
                if r.participant in tests.participants
                else "",
                num(r.pre_score),
                num(r.pre_percent),
            ]
            for r in analysis.participants
            if r.pre_score is not None
        ]
        _table(
            document,
            [_("Participant"), _("Role in the NRM"), _("Pre-test score"), "%"],
            rows,
            widths=[3, 8, 3, 2],
        )
    document.add_heading(_("Items"), level=2)
    document.add_paragraph(
        _(
            "Difficulty is the share of an item's points the group earned "
            "(higher = easier); discrimination is the correlation of the item "
            "with the rest of the test. Items flagged for review may be too easy, "
            "too hard or not tell stronger from weaker participants."
        )
    )
    _table(
        document,
        [
            _("Item"),
            _("Module"),
            _("Difficulty pre"),
            _("Difficulty post"),
            _("Discrimination pre"),
            _("Discrimination post"),
            _("Review"),
        ],
        [
            [
                i.item,
                i.attributes.get("module", ""),
                num(i.pre.difficulty, 2),
                num(i.post.difficulty, 2) if final else "–",
                num(i.pre.discrimination, 2),
                num(i.post.discrimination, 2) if final else "–",
                flag_text(tests.flags.get(i.item, [])) if final else "",
            ]
            for i in analysis.items
        ],
        widths=[2, 1.6, 2, 2, 2.4, 2.4, 3.6],
    )
    if final:
        _picture(
            document,
            charts.items_chart(tests, "png"),
            _("Figure 3. Item difficulty before and after."),
        )


def _evaluations_docx(document, data: ReportData) -> None:
    results = data.evaluations
    if results is None or not results.responses:
        document.add_paragraph(_("No evaluation has been returned yet."))
        return
    document.add_paragraph(
        _("%(n)d evaluation forms; ratings from 1 (lowest) to %(max)d (highest).")
        % {"n": results.responses, "max": results.summary.scale[1]}
    )
    _picture(
        document,
        charts.evaluation_chart(results, "png"),
        _("Figure 4. Ratings per session and overall."),
    )
    low, high = results.summary.scale
    rows = []
    opens = []
    for session in results.summary.sessions:
        for question in session.questions:
            if question.likert is not None:
                dist = " ".join(f"{k}:{v}" for k, v in question.likert.distribution.items())
                rows.append(
                    [
                        session_title(session.session),
                        question.question,
                        str(question.likert.n),
                        num(question.likert.mean, 2),
                        dist,
                    ]
                )
            elif question.open_answers:
                opens.append(
                    (session_title(session.session), question.question, question.open_answers)
                )
    _table(
        document,
        [
            _("Session"),
            _("Question"),
            "n",
            _("Mean"),
            _("Distribution (%(low)d–%(high)d)") % {"low": low, "high": high},
        ],
        rows,
        widths=[5, 5, 1, 1.5, 3.5],
    )
    for _session, question, answers in opens:
        document.add_heading(f"{question}", level=3)
        for answer in answers:
            document.add_paragraph(answer, style="List Bullet")


def _group_work_docx(document, data: ReportData) -> None:
    if not data.stations:
        document.add_paragraph(_("No group work has been recorded."))
        return
    current_day = None
    for station in data.stations:
        if station.day != current_day:
            current_day = station.day
            document.add_heading(_("Day %(day)d") % {"day": station.day}, level=2)
        document.add_heading(station.name, level=3)
        for output in station.outputs.all():
            kind = (
                _("Recommendation")
                if output.kind == OutputKind.RECOMMENDATION
                else _("Action point")
            )
            text = f"{kind}: {output.text}"
            if output.responsible:
                text += " — " + _("responsible: %(who)s") % {"who": output.responsible}
            if output.due_date:
                text += ", " + _("by %(date)s") % {"date": f"{output.due_date:%Y-%m-%d}"}
            document.add_paragraph(text, style="List Bullet")


def _method_lines() -> list[str]:
    return [
        _("Scores are computed from the answers and the answer key; an unanswered item scores 0."),
        _(
            "Paired statistics use only the participants who took both tests: the paired t-test "
            "and the Wilcoxon signed-rank test (SciPy), with Cohen's d_z and the rank-biserial "
            "correlation as effect sizes."
        ),
        _("Normalized gain (Hake): (post mean − pre mean) / (maximum − pre mean)."),
        _("Participants are shown by code only; this report contains no names."),
        _(
            "These are indicators to improve the training and its tests, not an assessment of "
            "any person."
        ),
    ]


# --- XLSX -------------------------------------------------------------------------------------


def build_xlsx(data: ReportData, language: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override(language):
        workbook = Workbook()
        workbook.remove(workbook.active)

        def sheet(title: str, header: list[str], rows: list[list]):
            ws = workbook.create_sheet(title[:31])
            ws.append(header)
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for row in rows:
                ws.append(row)
            for index, column in enumerate(ws.columns, start=1):
                width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
                ws.column_dimensions[column[0].column_letter].width = min(60, max(8, width + 2))
                del index

        event = data.event
        sheet(
            _("Agenda"),
            [_("Day"), _("Ref."), _("Time"), _("Session"), _("Method"), _("Minutes")],
            [
                [
                    a.day,
                    a.ref,
                    f"{a.start_time:%H:%M}" if a.start_time else "",
                    a.title,
                    method_label(a.method),
                    a.duration_minutes,
                ]
                for a in data.agenda
            ],
        )
        p = data.participation
        participation_rows = []
        for title, counter, vocabulary in (
            (_("Gender"), p.by_gender, "gender"),
            (_("Organisation type"), p.by_organisation_type, "organisation_type"),
            (_("Role in the NRM"), p.by_role, "nrm_role"),
            (_("Country"), p.by_country, None),
        ):
            for code, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
                participation_rows.append([title, label(vocabulary, code), n])
        sheet(
            _("Participation"), [_("Attribute"), _("Value"), _("Participants")], participation_rows
        )
        sheet(
            _("Attendance"),
            [_("Day"), _("Present"), _("Registered")],
            [[day, n, p.total] for day, n in p.present_by_day.items()],
        )
        tests = data.tests
        if tests is not None:
            analysis = tests.analysis
            sheet(
                _("Scores"),
                [
                    _("Participant"),
                    _("Role in the NRM"),
                    _("Organisation type"),
                    _("Gender"),
                    _("Country"),
                    _("Status"),
                    _("Pre-test score"),
                    _("Post-test score"),
                    _("Maximum"),
                    _("Gain"),
                    _("Normalized gain"),
                ],
                [
                    [
                        r.participant,
                        label("nrm_role", tests.participants[r.participant].nrm_role),
                        label(
                            "organisation_type", tests.participants[r.participant].organisation_type
                        ),
                        label("gender", tests.participants[r.participant].gender),
                        tests.participants[r.participant].country,
                        {
                            "paired": _("both tests"),
                            "pre_only": _("pre-test only"),
                            "post_only": _("post-test only"),
                        }[r.status],
                        r.pre_score,
                        r.post_score,
                        r.max_score,
                        r.gain,
                        r.normalized_gain,
                    ]
                    for r in analysis.participants
                    if r.participant in tests.participants
                ],
            )
            sheet(
                _("Summary"),
                [_("Figure"), _("Value")],
                [list(row) for row in summary_rows(analysis.summary)],
            )
            group_rows = []
            for attribute, by_value in [*analysis.groups.items(), *analysis.item_groups.items()]:
                for value, s in by_value.items():
                    group_rows.append(
                        [
                            attribute_title(attribute),
                            group_value_label(attribute, value),
                            s.n,
                            s.pre_mean_percent,
                            s.post_mean_percent,
                            s.mean_gain,
                            s.normalized_gain,
                            s.t_pvalue,
                            s.wilcoxon_pvalue,
                            s.cohens_dz,
                        ]
                    )
            sheet(
                _("By group"),
                [
                    _("Attribute"),
                    _("Value"),
                    "n",
                    _("Pre %"),
                    _("Post %"),
                    _("Mean gain"),
                    _("Normalized gain"),
                    _("p (t-test)"),
                    _("p (Wilcoxon)"),
                    "d_z",
                ],
                group_rows,
            )
            texts = {i.code: i.text for i in tests.items}
            sheet(
                _("Items"),
                [
                    _("Item"),
                    _("Question"),
                    _("Module"),
                    _("Maximum"),
                    _("Difficulty pre"),
                    _("Difficulty post"),
                    _("Discrimination pre"),
                    _("Discrimination post"),
                    _("Review"),
                ],
                [
                    [
                        i.item,
                        texts.get(i.item, ""),
                        i.attributes.get("module", ""),
                        i.max_points,
                        i.pre.difficulty,
                        i.post.difficulty,
                        i.pre.discrimination,
                        i.post.discrimination,
                        flag_text(tests.flags.get(i.item, [])),
                    ]
                    for i in analysis.items
                ],
            )
        evaluations = data.evaluations
        if evaluations is not None:
            low, high = evaluations.summary.scale
            rating_rows, open_rows = [], []
            for session in evaluations.summary.sessions:
                for question in session.questions:
                    if question.likert is not None:
                        rating_rows.append(
                            [
                                session_title(session.session),
                                question.question,
                                question.likert.n,
                                question.likert.mean,
                                question.likert.median,
                                question.likert.sd,
                                *[question.likert.distribution[k] for k in range(low, high + 1)],
                            ]
                        )
                    for answer in question.open_answers:
                        open_rows.append(
                            [session_title(session.session), question.question, answer]
                        )
            sheet(
                _("Evaluation"),
                [
                    _("Session"),
                    _("Question"),
                    "n",
                    _("Mean"),
                    _("Median"),
                    _("Standard deviation"),
                    *[str(k) for k in range(low, high + 1)],
                ],
                rating_rows,
            )
            sheet(_("Open answers"), [_("Session"), _("Question"), _("Answer")], open_rows)
        sheet(
            _("Group work"),
            [_("Day"), _("Station"), _("Kind"), _("Text"), _("Responsible"), _("Due")],
            [
                [
                    s.day,
                    s.name,
                    o.get_kind_display(),
                    o.text,
                    o.responsible,
                    f"{o.due_date:%Y-%m-%d}" if o.due_date else "",
                ]
                for s in data.stations
                for o in s.outputs.all()
            ],
        )
        workbook.properties.title = f"{event.title}"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
