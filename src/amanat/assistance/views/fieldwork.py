"""The needs assessment guide as an XLSForm for KoboToolbox and ODK Collect (ADR 0546)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from amanat.assistance.fieldwork.adapter import NeedsAdapter
from amanat.assistance.fieldwork.form import FORM_ID
from amanat.errors import AmanatError
from amanat.privacy.audit import audit_record

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def needs_xlsform(request):
    """The needs guide's XLSForm (any signed-in user, as the guide's questions are not personal
    data); the download is audited as screening's are."""
    try:
        data = NeedsAdapter().xlsform(request.GET.get("langs") or None, public_key_pem=None,
                                      submission_url="")  # fmt: skip
    except AmanatError as error:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    audit_record(actor=request.user, action="guide.xlsform_download", object_type="guide",
                 object_id=FORM_ID, purpose="fieldwork")  # fmt: skip
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{FORM_ID}.xlsx"'
    return response
