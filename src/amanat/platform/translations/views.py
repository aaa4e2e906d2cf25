"""The administrators' translations page: coverage, the workbook out, the workbook back in with a
preview of its changes and errors before anything is written (ADR 1403). Administrators only;
anyone else gets the 404 page, as for every administration page."""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from amanat.accounts.roles import Perm
from amanat.config.files import write_private
from amanat.platform.translations.services import (
    WorkbookErrors,
    translations_export,
    translations_import,
)
from amanat.platform.translations.status import file_coverage, totals
from amanat.rulefiles.translations import OVERLAY_LANGUAGES

MAX_UPLOAD = 20 * 1024 * 1024
SESSION_KEY = "translations_upload"


class UploadForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"))
    workbook = forms.FileField(label=gettext_lazy("Workbook (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from amanat.config.languages import NATIVE_NAMES

        self.fields["language"].choices = [(c, NATIVE_NAMES[c]) for c in OVERLAY_LANGUAGES]

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx workbook."))
        return upload


def _require(request) -> None:
    if not request.user.can(Perm.TRANSLATIONS_MANAGE):
        raise Http404


def _staging(token: str):
    from django.conf import settings

    folder = settings.EXPORT_DIR / "translations"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder / f"{token}.xlsx"


def _page(request, form, preview=None, errors=None, status=200, token=""):
    from amanat.config.languages import NATIVE_NAMES

    coverage = []
    for code in OVERLAY_LANGUAGES:
        files = file_coverage(code)
        coverage.append(
            {
                "code": code,
                "name": NATIVE_NAMES[code],
                "interface": totals(files, "interface"),
                "content": totals(files, "content"),
            }
        )
    context = {
        "coverage": coverage,
        "form": form,
        "preview": preview,
        "errors": errors,
        "token": token,
    }
    return render(request, "translations/admin.html", context, status=status)


@login_required
@require_GET
def admin_page(request):
    _require(request)
    return _page(request, UploadForm())


@login_required
@require_GET
def download(request, language: str):
    _require(request)
    if language not in OVERLAY_LANGUAGES:
        raise Http404
    data = translations_export(actor=request.user, language=language)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="amanat-{language}.xlsx"'
    return response


@login_required
@require_POST
def upload(request):
    """Validate the workbook and show what it would change; nothing is written yet."""
    _require(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data["workbook"].read()
    language = form.cleaned_data["language"]
    try:
        result = translations_import(
            actor=request.user, data=data, expected_language=language, preview=True
        )
    except WorkbookErrors as errors:
        return _page(request, form, errors=errors.problems, status=400)
    token = secrets.token_urlsafe(16)
    write_private(_staging(token), data)
    request.session[SESSION_KEY] = {"token": token, "language": language}
    return _page(request, UploadForm(), preview=result, token=token)


@login_required
@require_POST
def apply(request):
    """Write the previewed workbook (validated again: the files may have changed meanwhile)."""
    _require(request)
    pending = request.session.pop(SESSION_KEY, None)
    if not pending or request.POST.get("token") != pending.get("token"):
        messages.error(request, _("Nothing to apply: upload the workbook again."))
        return redirect("translations:admin")
    path = _staging(pending["token"])
    try:
        data = path.read_bytes()
    except OSError:
        messages.error(request, _("Nothing to apply: upload the workbook again."))
        return redirect("translations:admin")
    try:
        result = translations_import(
            actor=request.user, data=data, expected_language=pending["language"]
        )
    except WorkbookErrors as errors:
        return _page(request, UploadForm(), errors=errors.problems, status=400)
    finally:
        path.unlink(missing_ok=True)
    messages.success(
        request,
        _("Texts imported: %(count)d; files written: %(files)d.")
        % {"count": len(result.changes), "files": len(result.files)},
    )
    return redirect("translations:admin")
