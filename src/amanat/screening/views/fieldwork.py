"""Fieldwork pages: a guide's XLSForm download, and importing a file of field submissions
(upload -> preview -> confirm), for those who run interviews (ADR 0363)."""

from __future__ import annotations

import base64
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import MemoryFileUploadHandler, StopUpload
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from amanat.accounts.roles import Perm
from amanat.cases.fieldwork import importer
from amanat.cases.fieldwork.registry import adapter_for, form_ids
from amanat.core.fieldwork import odk_crypto, readers
from amanat.errors import AmanatError
from amanat.privacy.audit import audit_record
from amanat.privacy.crypto import decrypt_text, encrypt_text
from amanat.screening import presenters
from amanat.screening.access import can_conduct
from amanat.screening.fieldwork.xlsform import xlsform_bytes
from amanat.screening.services import INTERVIEW_LANGUAGES
from amanat.screening.views._shared import ui_language

MAX_UPLOAD = 10 * 1024 * 1024
SESSION_KEY = "fieldwork_upload"


@login_required
def xlsform_download(request, guide_id):
    """The guide's XLSForm (same permission as viewing the guide); the download is audited."""
    if presenters.guide_or_none(guide_id) is None:
        raise Http404
    try:
        data = xlsform_bytes(guide_id, request.GET.get("langs") or None)
    except AmanatError as error:
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    audit_record(actor=request.user, action="guide.xlsform_download", object_type="guide",
                 object_id=guide_id, purpose="fieldwork")  # fmt: skip
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{guide_id}.xlsx"'
    return response


class _InMemoryUpload(MemoryFileUploadHandler):
    """Uploads stay in memory whatever their size (never in a temporary file), up to a cap."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > MAX_UPLOAD + 64 * 1024:
            raise StopUpload(connection_reset=True)
        self.activated = True

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > MAX_UPLOAD:
            raise StopUpload(connection_reset=True)
        return super().receive_data_chunk(raw_data, start)


def _may_import(user) -> bool:
    # Administrators manage the system, not cases: they may check a file, never import it.
    return can_conduct(user) or user.can(Perm.ORG_MANAGE)


def _decrypt():
    key = odk_crypto.private_key_from(None, settings.AMANAT_FIELDWORK_PRIVATE_KEY)
    if key is None:
        return None
    return lambda root, flat, files, where: odk_crypto.decrypt_instance(
        key, root, flat, files, where
    )


def _context(request, **extra):
    language = ui_language()
    # Every registered field form: screening's guides and the needs assessment (ADR 0545).
    guides = [(form_id, adapter_for(form_id).title(language)) for form_id in form_ids()]
    return {"guides": guides, "languages": INTERVIEW_LANGUAGES, "can_conduct": can_conduct(request.user),
            "max_mb": MAX_UPLOAD // (1024 * 1024), **extra}  # fmt: skip


@csrf_exempt  # the upload handler must be set before the body is read; CSRF is checked below
@login_required
def fieldwork_import(request):
    if not _may_import(request.user):
        raise PermissionDenied
    request.upload_handlers = [_InMemoryUpload(request)]
    return _fieldwork_import(request)


@csrf_protect
def _fieldwork_import(request):
    if request.method != "POST":
        request.session.pop(SESSION_KEY, None)
        return render(request, "screening/fieldwork_import.html", _context(request))
    if request.POST.get("action") == "confirm":
        return _confirm(request)
    return _preview(request)


def _field_errors(request, problem: str, **extra):
    return render(request, "screening/fieldwork_import.html",
                  _context(request, error=problem, **extra), status=400)  # fmt: skip


def _preview(request):
    guide_id = request.POST.get("guide", "")
    upload = request.FILES.get("file")
    if guide_id not in form_ids():
        return _field_errors(request, _("Choose a guide."))
    if upload is None:
        return _field_errors(request, _("Choose a file to upload."))
    data = upload.read()
    name = upload.name or "upload"
    try:
        submissions = readers.read_upload(data, name, _decrypt())
        plan = importer.submissions_plan(
            adapter=adapter_for(guide_id), user=request.user, submissions=submissions
        )
    except AmanatError as error:
        return _field_errors(request, error.message)
    token = secrets.token_urlsafe(16)
    # Kept for the confirmation only, encrypted with the data key, in the server-side session.
    request.session[SESSION_KEY] = {
        "token": token, "guide": guide_id, "name": name,
        "data": encrypt_text(base64.b64encode(data).decode("ascii")),
    }  # fmt: skip
    return render(request, "screening/fieldwork_import.html", _context(
        request, plan=plan, counts=plan.counts(), token=token, guide=guide_id, name=name,
        problems=plan.problems(), same_person=plan.possible_duplicates()))  # fmt: skip


def _confirm(request):
    stored = request.session.get(SESSION_KEY)
    if not stored or not secrets.compare_digest(
        stored.get("token", ""), request.POST.get("token", "")
    ):
        return _field_errors(request, _("The preview has expired: upload the file again."))
    adapter = adapter_for(stored["guide"])
    if not adapter.may_import(request.user):
        raise PermissionDenied
    language = request.POST.get("language") or "ru"
    skip_bad = request.POST.get("skip_bad") == "on"
    confirm_new = request.POST.get("confirm_new") == "on"
    data = base64.b64decode(decrypt_text(stored["data"]))
    try:
        submissions = readers.read_upload(data, stored["name"], _decrypt())
        result = importer.submissions_import(
            adapter=adapter, user=request.user, submissions=submissions,
            language=language, skip_bad=skip_bad, confirm_new=confirm_new, source="web",
        )  # fmt: skip
    except importer.SubmissionsRejected as error:
        return _field_errors(request, _("Some submissions have problems; nothing was imported."),
                             plan=error.plan, counts=error.plan.counts(),
                             problems=error.plan.problems())  # fmt: skip
    except AmanatError as error:
        return _field_errors(request, error.message)
    request.session.pop(SESSION_KEY, None)
    messages.success(request, _("Imported %(count)s assessment(s); %(new)s new case(s).")
                     % {"count": len(result.assessment_ids), "new": len(result.created_cases)})  # fmt: skip
    return redirect("screening:fieldwork_import")
