"""Insights pages: dashboards for coordinators and researchers, gap analysis, reports, CTDC
export and HTCDS exchange. Thin: parse the form, call one selector or service, render."""

from __future__ import annotations

import io
import json
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from amanat.accounts.roles import Perm
from amanat.core.language import first_available
from amanat.core.web import form_call
from amanat.errors import AmanatError, NotFound
from amanat.insights import charts, selectors, services
from amanat.insights.ctdc.writer import write_ctdc_csv
from amanat.insights.downloads import attachment
from amanat.insights.exports import export_cap
from amanat.insights.forms import CtdcExportForm, HtcdsExportForm, HtcdsImportForm, StatisticsForm
from amanat.insights.i18n import LANGUAGES
from amanat.insights.params import describe_filters, parse_threshold
from amanat.insights.report import (
    build_docx,
    build_xlsx,
    gap_rule_text,
)


def ui_lang() -> str:
    """Reports, charts and labels exist in English and Russian: the first of them in the page
    language's fallback order (AMANAT_LANGUAGE_FALLBACKS; Kazakh -> Russian by default)."""
    return first_available(LANGUAGES)


def _require(request, permission: str) -> None:
    if not request.user.can(permission):
        raise NotFound()


def _statistics_form(request) -> StatisticsForm:
    datasets = selectors.dataset_list(request.user)
    return StatisticsForm(request.GET or None, datasets=datasets)


def _evidence_from(request, form: StatisticsForm):
    """(evidence, form) for a GET form; evidence is None when the form has errors."""
    if form.is_bound and not form.is_valid():
        return None
    if not form.is_bound:
        form = StatisticsForm(
            {"source": selectors.CASES_SOURCE}, datasets=selectors.dataset_list(request.user)
        )
        form.is_valid()
    filters = form.to_filters()
    if filters is None:
        return None

    def read():
        threshold = parse_threshold(form.cleaned_data.get("threshold"))
        return selectors.evidence(
            request.user, form.source_name, filters=filters, threshold=threshold
        )

    return form_call(form, read)[1]


def _gap_rows(gaps_result, lang: str, *, flagged_only: bool = False) -> list[dict]:
    return [
        {
            "row": r,
            "service": r.labels["service_type"][lang],
            "place": f"{r.labels['country'][lang]}: {r.labels['region'][lang]}",
            "flags": [gaps_result.flag_labels[f][lang] for f in r.flags],
        }
        for r in gaps_result.rows
        if r.flags or not flagged_only
    ]


@login_required
@require_GET
def gaps(request):
    _require(request, Perm.STATS_VIEW)
    form = _statistics_form(request)
    evidence = _evidence_from(request, form)
    lang = ui_lang()
    context = {"form": form, "evidence": evidence, "lang": lang, "query": request.GET.urlencode()}
    if evidence is not None and evidence.gaps is not None:
        gaps_result = evidence.gaps
        context.update(
            gaps=gaps_result,
            rows=_gap_rows(gaps_result, lang),
            chart=charts.data_uri(charts.gap_chart(gaps_result, lang, "svg")),
            rule=gap_rule_text(),
            scope=describe_filters(evidence.filters, lang),
            draft=_draft_items(evidence, lang),
        )
    elif evidence is not None:
        context["omitted"] = [item[lang] for item in evidence.omitted]
    return render(request, "insights/gaps.html", context)


def _draft_items(evidence, lang: str) -> dict:
    draft = evidence.recommendations
    return {
        "note": draft.note[lang],
        "items": [
            {"text": r.text[lang], "evidence": [e[lang] for e in r.evidence]}
            for r in draft.recommendations
        ],
    }


@login_required
@require_GET
def report(request):
    """The DOCX report or the XLSX workbook of the dashboard's data, in English or Russian."""
    _require(request, Perm.STATS_VIEW)
    kind = request.GET.get("kind", "docx")
    lang = request.GET.get("lang") or ui_lang()
    if kind not in ("docx", "xlsx") or lang not in LANGUAGES:
        raise NotFound()
    form = _statistics_form(request)
    evidence = _evidence_from(request, form)
    if evidence is None:
        messages.error(request, _("Correct the filters to build the report."))
        return redirect("insights:dashboard")
    if kind == "docx":
        analyses = None
        if evidence.source.is_cases:
            from amanat.insights.analyses import report_analyses

            analyses = report_analyses(request.user)
        content = build_docx(evidence, lang, analyses)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        content = build_xlsx(evidence, lang)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    name = f"amanat-report-{evidence.source.name}-{lang}-{timezone.localdate():%Y%m%d}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def ctdc_export(request):
    """A ZIP with the k-anonymised CTDC v6 CSV of the platform's cases and its report."""
    _require(request, Perm.STATS_VIEW)
    form = CtdcExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("k must be a whole number of 2 or more."))
        return redirect("insights:dashboard")
    result = selectors.ctdc_export(request.user, k=form.cleaned_data["k"])
    csv_buffer = io.BytesIO()
    write_ctdc_csv(result.frame, csv_buffer)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("ctdc_v6_k_anonymised.csv", csv_buffer.getvalue())
        bundle.writestr(
            "k_anonymity_report.json", json.dumps(result.as_dict(), ensure_ascii=False, indent=2)
        )
    response = HttpResponse(archive.getvalue(), content_type="application/zip")
    name = f"amanat-ctdc-{timezone.localdate():%Y%m%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _exchange_context(request, **context) -> dict:
    return {
        "import_form": HtcdsImportForm(prefix="import"),
        "can_import": request.user.can(Perm.CASE_CREATE),
        "can_export_identifiable": request.user.can(Perm.EXPORT_IDENTIFIABLE),
        "export_cap": export_cap(),
        **context,
    }


@login_required
def exchange(request):
    """HTCDS v2.0: export the organisation's cases, import cases from another system."""
    _require(request, Perm.CASE_VIEW)
    export_form = HtcdsExportForm(request.POST or None, prefix="export", user=request.user)
    if request.method == "POST" and export_form.is_valid():
        data = export_form.cleaned_data
        ok, result = form_call(
            export_form,
            services.htcds_export,
            field_map={"format": "file_format"},
            user=request.user,
            purpose=data["purpose"],
            fmt=data["file_format"],
            legal_basis=data["legal_basis"],
            recipient_organisation_id=data["recipient_organisation"] or None,
            password=data["password"],
        )
        if ok:
            if result.pending:
                messages.info(
                    request,
                    _(
                        "Export request %(id)d: %(n)d case(s), more than %(cap)d or a purpose "
                        "that needs approval. Another person of your organisation must approve "
                        "it; then produce the file here."
                    )
                    % {
                        "id": result.request.pk,
                        "n": len(result.request.case_ids),
                        "cap": export_cap(),
                    },
                )
                return redirect("insights:exports")
            return attachment(result)
    return render(
        request, "insights/exchange.html", _exchange_context(request, export_form=export_form)
    )


@login_required
@require_POST
def exchange_import(request):
    _require(request, Perm.CASE_CREATE)
    form = HtcdsImportForm(request.POST, request.FILES, prefix="import")
    problems = []
    if form.is_valid():
        try:
            text, fmt = form.text_and_format()
            result = services.htcds_import(
                user=request.user, records=services.parse_htcds(text, fmt), fmt=fmt
            )
        except services.HtcdsRejected as error:
            problems = error.problems
            form.add_error("file", _("Nothing was imported: correct the problems listed below."))
        except NotFound:
            raise  # another organisation's case answers like a missing one: the 404 page
        except AmanatError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("%(n)d case(s) imported.") % {"n": len(result.cases)})
            return redirect("cases:dashboard")
    return render(
        request,
        "insights/exchange.html",
        _exchange_context(
            request,
            export_form=HtcdsExportForm(prefix="export", user=request.user),
            import_form=form,
            problems=problems,
        ),
        status=200,
    )
