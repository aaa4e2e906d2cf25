"""Importing and exporting the whole directory as a spreadsheet (directory managers only)."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from amanat.accounts.roles import Perm
from amanat.core.web import form_call
from amanat.referrals import directory_io, forms, selectors, services

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _import_upload(*, user, upload, skip_invalid: bool) -> services.ImportResult:
    header, rows = directory_io.read_upload(upload.name, upload.read())
    return services.directory_import(user=user, header=header, rows=rows, skip_invalid=skip_invalid)


@login_required
def directory_import(request):
    if not request.user.can(Perm.DIRECTORY_MANAGE):
        raise Http404
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        ok, result = form_call(
            form,
            _import_upload,
            user=request.user,
            upload=form.cleaned_data["file"],
            skip_invalid=form.cleaned_data["skip_invalid"],
        )
        if ok and result.imported:
            messages.success(
                request,
                _("Imported: %(c)d services added, %(u)d updated.")
                % {"c": result.created, "u": result.updated},
            )
        elif ok:
            messages.error(request, _("Nothing imported: fix the rows below and try again."))
    return render(request, "referrals/import.html", {"form": form, "result": result})


@login_required
def directory_export(request, file_format):
    if file_format not in ("csv", "xlsx") or not request.user.can(Perm.DIRECTORY_MANAGE):
        raise Http404
    rows = list(selectors.directory_services_for_export())
    records = directory_io.export_records(rows)
    if file_format == "xlsx":
        buffer = io.BytesIO()
        directory_io.write_xlsx(records, buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    else:
        text = io.StringIO()
        directory_io.write_csv(records, text)
        response = HttpResponse(
            ("\ufeff" + text.getvalue()).encode(), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="directory.{file_format}"'
    services.directory_export_audit(user=request.user, count=len(rows), file_format=file_format)
    return response
