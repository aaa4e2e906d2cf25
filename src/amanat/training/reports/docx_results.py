"""The Word report's results parts: participation, tests and evaluations."""

from __future__ import annotations

from django.utils.translation import gettext as _

from amanat.training import charts

from ._word import _count_rows, _picture, _table
from .formatting import (
    ReportData,
    attribute_title,
    flag_text,
    group_value_label,
    label,
    num,
    pvalue,
    results_by_title,
    session_title,
    summary_rows,
)
from .suppression import hidden_rows, marker


def participation_docx(document, data: ReportData, threshold: int | None = None) -> None:
    """The participation tables; with a threshold (final report), small groups read "<N"."""
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
            _count_rows(counter, vocabulary, threshold),
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


def tests_docx(document, data: ReportData, threshold: int | None = None) -> None:
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
        hidden_roles: set[str] = set()
        for attribute in (*tests.item_groups, "nrm_role", "organisation_type", "gender"):
            by_value = (analysis.item_groups if attribute == "module" else analysis.groups).get(
                attribute, {}
            )
            if not by_value:
                continue
            # Groups of people are suppressed; item groups (modules) are groups of items.
            hidden = hidden_rows(
                [s.n for s in by_value.values()],
                None if attribute in tests.item_groups else threshold,
            )
            if attribute == "nrm_role":
                hidden_roles = {v for v, hide in zip(by_value, hidden, strict=True) if hide}
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
                    [group_value_label(attribute, value)] + [marker(threshold)] * 5
                    if hide and threshold is not None
                    else [
                        group_value_label(attribute, value),
                        str(s.n),
                        num(s.pre_mean_percent),
                        num(s.post_mean_percent),
                        num(s.normalized_gain, 2),
                        pvalue(s.t_pvalue),
                    ]
                    for (value, s), hide in zip(by_value.items(), hidden, strict=True)
                ],
                widths=[6, 1.5, 2, 2, 2.5, 2],
            )
        labels = {v: group_value_label("nrm_role", v) for v in analysis.groups.get("nrm_role", {})}
        caption = _("Figure 2. Mean scores by role in the NRM.")
        if hidden_roles:
            caption += " " + _(
                "Roles hidden in the table of results by role (fewer than %(n)d participants, "
                "or hidden with one) are not drawn."
            ) % {"n": threshold}
        png = charts.groups_chart(tests, "nrm_role", labels, "png", hidden=frozenset(hidden_roles))
        if png:
            _picture(document, png, caption)
        elif hidden_roles:  # every role hidden: no chart, but say why it is missing
            document.add_paragraph(caption)
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


def evaluations_docx(document, data: ReportData) -> None:
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
