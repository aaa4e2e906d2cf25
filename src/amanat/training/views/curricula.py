"""Curricula: versions, sessions and materials."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from amanat.core.web import form_call, message_call
from amanat.training import access, forms, selectors, services

from ._common import trainer_required


@trainer_required
def curricula(request):
    user = request.user
    own, shared = [], []
    for version in selectors.curriculum_versions(user):
        (own if access.curriculum_owned(user, version.curriculum) else shared).append(version)
    form = forms.CurriculumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, version = form_call(form, services.curriculum_create, user=user, **form.cleaned_data)
        if ok:
            return redirect("training:version", version_id=version.pk)
    return render(request, "training/curricula.html", {"own": own, "shared": shared, "form": form})


@trainer_required
def version_detail(request, version_id):
    user = request.user
    version = access.curriculum_version_get(user, version_id)
    own = access.curriculum_owned(user, version.curriculum)
    action = request.POST.get("action")
    module_form = forms.ModuleForm(request.POST if action == "module" else None)
    session_form = forms.SessionForm(request.POST if action == "session" else None)
    version_form = forms.VersionForm(
        request.POST if action == "version" else None,
        initial={
            "title": version.title,
            "description": version.description,
            "target_roles": version.target_roles,
            "languages": version.languages,
            "change_note": version.change_note,
        },
    )
    if request.method == "POST" and own:
        ok, new = False, None
        if action == "module" and module_form.is_valid():
            ok, _module = message_call(
                request,
                services.curriculum_module_add,
                user=user,
                version_id=version.pk,
                **module_form.cleaned_data,
            )
        elif action == "session" and session_form.is_valid():
            ok, _session = message_call(
                request,
                services.curriculum_session_add,
                user=user,
                module_id=request.POST.get("module"),
                data=session_form.cleaned_data,
            )
        elif action == "version" and version_form.is_valid():
            ok, _version = message_call(
                request,
                services.curriculum_version_update,
                user=user,
                version_id=version.pk,
                changes=version_form.cleaned_data,
                success=_("Changes saved."),
            )
        elif action == "publish":
            ok, _version = message_call(
                request,
                services.curriculum_version_publish,
                user=user,
                version_id=version.pk,
                success=_("Version published: it can no longer change."),
            )
        elif action == "new_version":
            ok, new = message_call(
                request,
                services.curriculum_version_new,
                user=user,
                version_id=version.pk,
                change_note=request.POST.get("change_note", ""),
                success=_("New draft version created."),
            )
        if ok:
            return redirect("training:version", version_id=(new or version).pk)
    modules = selectors.version_modules(version)
    materials = selectors.version_materials(version)
    siblings = selectors.version_siblings(user, version)
    return render(
        request,
        "training/version_detail.html",
        {
            "version": version,
            "own": own,
            "editable": own and version.is_editable,
            "modules": modules,
            "materials": materials,
            "module_form": module_form,
            "session_form": session_form,
            "version_form": version_form,
            "siblings": siblings,
            "minutes": sum(s.duration_minutes for m in modules for s in m.sessions.all()),
        },
    )


@trainer_required
def session_edit(request, session_id):
    user = request.user
    session, version = selectors.curriculum_session(user, session_id)
    editable = version.is_editable and access.curriculum_owned(user, version.curriculum)
    action = request.POST.get("action")
    form = forms.SessionForm(
        request.POST if action == "session" else None,
        initial={
            "title": session.title,
            "objectives": session.objectives,
            "duration_minutes": session.duration_minutes,
            "method": session.method,
            "target_roles": session.target_roles,
        },
    )
    material_form = forms.MaterialForm(
        request.POST if action == "material" else None,
        request.FILES if action == "material" else None,
    )
    if request.method == "POST" and editable:
        if action == "session" and form.is_valid():
            ok, _session = form_call(
                form,
                services.curriculum_session_update,
                user=user,
                session_id=session.pk,
                changes=form.cleaned_data,
                request=request,
                success=_("Changes saved."),
            )
            if ok:
                return redirect("training:version", version_id=version.pk)
        if action == "material" and material_form.is_valid():
            upload = material_form.cleaned_data["file"]
            ok, _material = form_call(
                material_form,
                services.material_add,
                user=user,
                session_id=session.pk,
                title=material_form.cleaned_data["title"],
                url=material_form.cleaned_data["url"],
                file_name=upload.name if upload else "",
                content=upload.read(services.MAX_MATERIAL_BYTES + 1) if upload else None,
                content_type=upload.content_type if upload else "",
                request=request,
                success=_("Material attached."),
            )
            if ok:
                return redirect("training:session", session_id=session.pk)
        if action == "delete_material":
            ok, _none = form_call(
                form, services.material_delete, user=user, material_id=request.POST.get("material")
            )
            if ok:
                return redirect("training:session", session_id=session.pk)
        if action == "delete":
            ok, _none = form_call(
                form, services.curriculum_session_delete, user=user, session_id=session.pk
            )
            if ok:
                return redirect("training:version", version_id=version.pk)
    return render(
        request,
        "training/session_edit.html",
        {
            "session": session,
            "version": version,
            "editable": editable,
            "form": form,
            "material_form": material_form,
            "materials": selectors.session_materials(session),
        },
    )


@trainer_required
def material_download(request, material_id):
    material = selectors.material_file(request.user, material_id)
    response = HttpResponse(
        bytes(material.content or b""),
        content_type=material.content_type or "application/octet-stream",
    )
    response["Content-Disposition"] = f'attachment; filename="{material.file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
