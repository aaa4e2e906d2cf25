"""The Word report: its frame, summary, group work and method note."""

from __future__ import annotations

import io
from collections import Counter

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from amanat.core import fonts, geography
from amanat.privacy.suppression_config import stats_threshold
from amanat.training import vocab
from amanat.training.models import OutputKind

from ._word import _table
from .docx_results import evaluations_docx, participation_docx, tests_docx
from .formatting import (
    ReportData,
    event_dates,
    kind_title,
    method_label,
    num,
    pvalue,
    trainer_name,
)
from .suppression import hidden_rows, marker


def build_docx(data: ReportData, language: str) -> bytes:
    from docx import Document
    from docx.shared import Pt

    with translation.override(language):
        event = data.event
        # Only the final report is suppressed: the interim report lists participants one by one.
        threshold = stats_threshold() if data.kind == "final" else None
        document = Document()
        fonts.docx_use_font(document)  # every letter of the six languages (ADR 1401)
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
        for line in _summary_lines(data, threshold):
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
        participation_docx(document, data, threshold)

        document.add_heading(_("4. Test results"), level=1)
        tests_docx(document, data, threshold)

        document.add_heading(_("5. Evaluation"), level=1)
        evaluations_docx(document, data)

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
        for line in _method_lines(threshold):
            document.add_paragraph(line, style="List Bullet")
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def _summary_lines(data: ReportData, threshold: int | None) -> list[str]:
    p = data.participation
    # The same suppression as the gender table, so the line gives back no hidden count.
    genders = list(p.by_gender)
    hidden = dict(
        zip(genders, hidden_rows([p.by_gender[g] for g in genders], threshold), strict=True)
    )

    def gender_count(code: str) -> str:
        if threshold is not None and hidden.get(code):
            return marker(threshold)
        return str(p.by_gender.get(code, 0))

    lines = [
        _(
            "%(n)d participants registered (%(women)s women, %(men)s men) from %(orgs)d types of "
            "organisation."
        )
        % {
            "n": p.total,
            "women": gender_count("Feminine"),
            "men": gender_count("Masculine"),
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


def _method_lines(threshold: int | None) -> list[str]:
    suppression = (
        [
            _(
                "Groups of fewer than %(n)d participants are not shown (marked “<%(n)d”); where "
                "a hidden group could be worked out from a total, the next smallest group is "
                "hidden too."
            )
            % {"n": threshold}
        ]
        if threshold is not None
        else []
    )
    return suppression + [
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
