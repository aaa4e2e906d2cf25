"""The Excel workbook of the report's tables."""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _

from .formatting import (
    ReportData,
    attribute_title,
    flag_text,
    group_value_label,
    label,
    method_label,
    session_title,
    summary_rows,
)


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
