"""Research-analysis pages (needs, reintegration, recruitment) with charts, and their DOCX,
XLSX and JSON downloads: for holders of `stats.view`, within their countries (ADR 1504),
audited by the selectors. Their own URLs under /insights/analysis/; the statistics page links
to them."""

from __future__ import annotations

import json
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from amanat.accounts.roles import Perm
from amanat.core import geography
from amanat.errors import NotFound, ValidationError
from amanat.insights.analyses import BY, KINDS, parse_by, run_analysis
from amanat.insights.analysis_blocks import chapter_blocks, chapter_title
from amanat.insights.analysis_text import VARIABLES
from amanat.insights.charts import data_uri
from amanat.insights.downloads import attachment

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _kind(request, kind: str) -> str:
    if not request.user.can(Perm.STATS_VIEW) or kind not in KINDS:
        raise NotFound()
    return kind


def _bad_request(request, kind: str, error: ValidationError):
    context = {"kind": kind, "error": f"{error.field}: {error}", "kinds": _kinds()}
    return render(request, "insights/analysis.html", context, status=400)


def _kinds() -> list[tuple[str, str]]:
    return [(k, chapter_title(k)) for k in KINDS]


@login_required
@require_GET
def analysis(request, kind: str):
    kind = _kind(request, kind)
    try:
        by = parse_by(kind, ",".join(request.GET.getlist("by")))
        result = run_analysis(request.user, kind, by=by, purpose="analysis page")
    except ValidationError as error:
        return _bad_request(request, kind, error)
    blocks = chapter_blocks(kind, result.data, result.source, result.countries)
    for block in blocks:
        if block.kind == "chart":
            block.text = data_uri(block.chart(block.data, "svg"))
    context = {
        "kind": kind,
        "kinds": _kinds(),
        "title": chapter_title(kind),
        "blocks": blocks,
        "by": ",".join(by),
        "variables": [(v, VARIABLES[v], v in by) for v in BY[kind]],
        # Each report language named in the page's language (a button label, not the switcher).
        "languages": [(code, geography.language_name(code)) for code, _name in settings.LANGUAGES],
    }
    return render(request, "insights/analysis.html", context)


@login_required
@require_GET
def analysis_download(request, kind: str):
    kind = _kind(request, kind)
    fmt = request.GET.get("format", "docx")
    lang = request.GET.get("lang") or (get_language() or "en").split("-")[0]
    try:
        if fmt not in FORMATS:
            raise ValidationError(_("Choose docx, xlsx or json."), field="format")
        if lang not in dict(settings.LANGUAGES):
            raise ValidationError(_("Unknown language."), field="lang")
        by = parse_by(kind, ",".join(request.GET.getlist("by")))
        result = run_analysis(request.user, kind, by=by, purpose=f"analysis {fmt}")
    except ValidationError as error:
        return _bad_request(request, kind, error)
    if fmt == "json":
        content = json.dumps(result.data, ensure_ascii=False, indent=2).encode()
    else:
        from amanat.insights.report.analysis import build_analysis_docx, build_analysis_xlsx

        build = build_analysis_docx if fmt == "docx" else build_analysis_xlsx
        content = build([result], lang)
    return attachment(
        SimpleNamespace(
            content=content, content_type=FORMATS[fmt], filename=f"amanat-{kind}-{lang}.{fmt}"
        )
    )
