"""Analysis, the report page and report downloads."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from amanat.core.web import message_call
from amanat.training import charts, forms, reports, selectors, services, vocab
from amanat.training.results import GROUP_BY

from ._common import _render_event, _svg_data_uri, trainer_required


@trainer_required
def analysis(request, event_id):
    event, results = selectors.test_results(request.user, event_id)
    context: dict = {"results": results}
    if results is not None:
        summary = results.analysis.summary
        groups = []
        for attribute in (*results.item_groups, *GROUP_BY):
            by_value = (
                results.analysis.item_groups if attribute == "module" else results.analysis.groups
            ).get(attribute, {})
            groups.append(
                {
                    "title": reports.attribute_title(attribute),
                    "heading": reports.results_by_title(attribute),
                    "rows": [
                        {"label": reports.group_value_label(attribute, value), "s": s}
                        for value, s in by_value.items()
                    ],
                }
            )
        role_labels = {
            v: vocab.label("nrm_role", v) for v in results.analysis.groups.get("nrm_role", {})
        }
        context.update(
            {
                "summary": summary,
                "summary_rows": reports.summary_rows(summary),
                "groups": groups,
                "participants": [
                    {"r": r, "p": results.participants.get(r.participant)}
                    for r in results.analysis.participants
                ],
                "items": [
                    {"i": i, "flags": reports.flag_text(results.flags.get(i.item, []))}
                    for i in results.analysis.items
                ],
                "scores_chart": _svg_data_uri(charts.scores_chart(results)),
                "items_chart": _svg_data_uri(charts.items_chart(results)),
                "roles_chart": _svg_data_uri(charts.groups_chart(results, "nrm_role", role_labels)),
            }
        )
    return _render_event(request, "training/analysis.html", event, "analysis", context)


@trainer_required
def report_page(request, event_id):
    event = selectors.event_get(request.user, event_id)
    if request.method == "POST":
        form = forms.AnalysisTextForm(request.POST)
        if form.is_valid():
            message_call(
                request,
                services.event_analysis_save,
                user=request.user,
                event_id=event.pk,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                success=_("Analysis saved."),
            )
        return redirect("training:reports", event_id=event.pk)
    texts = [
        forms.AnalysisTextForm(
            initial={"kind": kind, "text": getattr(event, f"{kind}_analysis")}, prefix=kind
        )
        for kind in reports.KINDS
    ]
    for form in texts:  # one form per report, posted without a prefix
        form.prefix = None
    return _render_event(
        request,
        "training/reports.html",
        event,
        "reports",
        {"forms": list(zip(reports.KINDS, texts, strict=True)), "languages": reports.LANGUAGES},
    )


def _attachment(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@trainer_required
def report_download(request, event_id, kind, language):
    if kind not in reports.KINDS or language not in reports.LANGUAGES:
        raise Http404
    data = selectors.report_data(request.user, event_id, kind=kind)
    return _attachment(
        reports.build_docx(data, language),
        f"training-{data.event.pk}-{kind}-report-{language}.docx",
        DOCX,
    )


@trainer_required
def tables_download(request, event_id, language):
    if language not in reports.LANGUAGES:
        raise Http404
    data = selectors.report_data(request.user, event_id, kind="final")
    return _attachment(
        reports.build_xlsx(data, language), f"training-{data.event.pk}-tables-{language}.xlsx", XLSX
    )
