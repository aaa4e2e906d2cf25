"""The statistics dashboard: a page shell that answers at once (filters, scope, downloads, one
placeholder per panel) and one small request per panel, loaded by htmx, that computes only its
statistic (docs/decisions/1630). Bad filters are answered on the page, naming the field."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from amanat.accounts.roles import Perm
from amanat.core.web import form_call
from amanat.errors import NotFound, ValidationError
from amanat.insights import charts, selectors
from amanat.insights.forms import CtdcExportForm, StatisticsForm
from amanat.insights.i18n import text
from amanat.insights.params import describe_filters, parse_threshold
from amanat.insights.report import rule_text, suppression_text
from amanat.insights.selectors.panels import GAPS, IDENTIFIED, KEY_FIGURES, PRESUMED
from amanat.insights.views import ui_lang

# Panels a phone or a short screen may never scroll to are computed only when revealed.
EAGER_PANELS = 3


def _checked_form(request):
    """(form, filters, threshold); filters is None when the form shows an error."""
    if not request.user.can(Perm.STATS_VIEW):
        raise NotFound()
    datasets = selectors.dataset_list(request.user)
    data = request.GET if request.GET else {"source": selectors.CASES_SOURCE}
    form = StatisticsForm(data, datasets=datasets)
    if not form.is_valid():
        return form, None, None
    filters = form.to_filters()
    if filters is None:
        return form, None, None

    def check():
        threshold = parse_threshold(form.cleaned_data.get("threshold"))
        return selectors.check_scope(request.user, form.source_name, filters, threshold)

    ok, checked = form_call(form, check)
    if not ok:
        return form, None, None
    return form, checked[0], checked[1]


@login_required
@require_GET
def dashboard(request):
    form, filters, threshold = _checked_form(request)
    lang = ui_lang()
    query = request.GET.urlencode()
    context = {
        "form": form,
        "lang": lang,
        "query": query,
        "ctdc_form": CtdcExportForm(),
        "ok": filters is not None,
    }
    if filters is not None:
        is_cases = form.source_name == selectors.CASES_SOURCE
        names = selectors.panel_names(form.source_name)
        context.update(
            is_cases=is_cases,
            scope=describe_filters(filters, lang),
            key_panel=KEY_FIGURES,
            panels=[
                {"name": name, "eager": index < EAGER_PANELS}
                for index, name in enumerate(names)
                if name != KEY_FIGURES
            ],
            source_label=_source_label(form, lang),
        )
    # A bad filter is a 400 with the form and its error summary, never the Not found page.
    return render(request, "insights/dashboard.html", context, status=200 if context["ok"] else 400)


def _source_label(form: StatisticsForm, lang: str) -> str:
    if form.source_name == selectors.CASES_SOURCE:
        return text(selectors.PLATFORM_LABEL, lang)
    return text(selectors.DATASET_LABEL, lang, name=form.source_name)


@login_required
@require_GET
def panel(request, name: str):
    """One panel as an HTML fragment (htmx swaps it for its placeholder)."""
    form, filters, threshold = _checked_form(request)
    if filters is None:
        return render(request, "insights/_panel_error.html", {"form": form}, status=400)
    try:
        result = selectors.statistic_panel(
            request.user, form.source_name, name, filters=filters, threshold=threshold
        )
    except ValidationError as error:
        form.add_error(None, f"{error.field}: {error.message}" if error.field else error.message)
        return render(request, "insights/_panel_error.html", {"form": form}, status=400)
    lang = ui_lang()
    context = {
        "panel": result,
        "lang": lang,
        "name": name,
        "query": request.GET.urlencode(),
        "omitted": result.omitted[lang] if result.omitted else None,
    }
    if name == KEY_FIGURES:
        context.update(
            presumed=result.status_count(PRESUMED),
            identified=result.status_count(IDENTIFIED),
            citation=result.source.citation[lang],
        )
        return render(request, "insights/_key_figures.html", context)
    if name == GAPS:
        context["gap_rows"] = _flagged_gaps(result.gaps, lang) if result.gaps else []
        return render(request, "insights/_gap_panel.html", context)
    if result.table is not None:
        context["card"] = card(result.table, lang)
    return render(request, "insights/_panel.html", context)


def card(table, lang: str) -> dict:
    """What a panel shows of a table; a fully suppressed table gets a sentence, not a chart."""
    shown = [c for c in table.rows if not c.suppressed and c.count]
    all_hidden = not shown and (table.denominator is None or any(c.suppressed for c in table.rows))
    empty = not table.rows or table.denominator == 0
    return {
        "table": table,
        "empty": empty,
        "title": table.title.get(lang, table.statistic),
        "rule": rule_text(table),
        "suppression": suppression_text(table.threshold),
        "rows": [{"cell": c, "label": c.label.get(lang, c.key)} for c in table.rows],
        "all_hidden": all_hidden,
        "chart": None
        if all_hidden or empty
        else charts.data_uri(charts.table_chart(table, lang, "svg")),
    }


def _flagged_gaps(gaps_result, lang: str) -> list[dict]:
    return [
        {
            "service": r.labels["service_type"][lang],
            "place": f"{r.labels['country'][lang]}: {r.labels['region'][lang]}",
            "flags": [gaps_result.flag_labels[f][lang] for f in r.flags],
        }
        for r in gaps_result.rows
        if r.flags
    ][:5]
