"""Participants, their links (QR codes) and attendance."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from amanat.core.web import form_call, message_call
from amanat.training import forms, selectors, services

from ._common import _render_event, _upload, import_call, trainer_required


@trainer_required
@sensitive_post_parameters()
def participants(request, event_id):
    action = request.POST.get("action")
    add_form = forms.ParticipantForm(request.POST if action == "add" else None)
    import_form = forms.UploadForm(
        request.POST if action == "import" else None, request.FILES if action == "import" else None
    )
    if request.method == "POST":
        if action == "add" and add_form.is_valid():
            ok, _participant = form_call(
                add_form,
                services.participant_add,
                user=request.user,
                event_id=event_id,
                data=add_form.cleaned_data,
                request=request,
                success=_("Participant added."),
            )
            if ok:
                return redirect("training:participants", event_id=event_id)
        if action == "import" and import_form.is_valid():
            name, content = _upload(import_form)
            ok, created = import_call(
                import_form,
                services.participants_import,
                user=request.user,
                event_id=event_id,
                file_name=name,
                content=content,
            )
            if ok:
                messages.success(request, _("%(n)d participants imported.") % {"n": len(created)})
                return redirect("training:participants", event_id=event_id)
    event, page = selectors.participants_page(
        request.user,
        event_id,
        cursor=request.GET.get("cursor", ""),
        page=request.GET.get("page", 1),
    )
    people = page.items
    status = selectors.submission_status(event)
    evaluated = selectors.evaluated_participants(event)
    rows = [
        {"p": p, "phases": status.get(p.pk, set()), "evaluated": p.pk in evaluated} for p in people
    ]
    return _render_event(
        request,
        "training/participants.html",
        event,
        "participants",
        {"rows": rows, "add_form": add_form, "import_form": import_form, "page": page},
    )


@trainer_required
@sensitive_post_parameters()
def participant_edit(request, event_id, participant_id):
    event, participant = selectors.participant_read(request.user, event_id, participant_id)
    initial = {name: getattr(participant, name) for name in forms.ParticipantForm().fields}
    form = forms.ParticipantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, _participant = form_call(
            form,
            services.participant_update,
            user=request.user,
            event_id=event.pk,
            participant_id=participant.pk,
            changes=form.cleaned_data,
            request=request,
            success=_("Changes saved."),
        )
        if ok:
            return redirect("training:participants", event_id=event.pk)
    taken = {s.phase for s in selectors.submissions_of(participant)}
    return _render_event(
        request,
        "training/participant_edit.html",
        event,
        "participants",
        {"participant": participant, "form": form, "taken": taken},
    )


@trainer_required
@require_POST
def participant_action(request, event_id, participant_id, action):
    if action == "reset-link":
        services.participant_link_reset(
            user=request.user, event_id=event_id, participant_id=participant_id
        )
        messages.success(request, _("A new link was made; the old one no longer works."))
        return redirect("training:participant", event_id=event_id, participant_id=participant_id)
    if action == "remove":
        services.participant_remove(
            user=request.user, event_id=event_id, participant_id=participant_id
        )
        messages.success(request, _("Participant removed."))
        return redirect("training:participants", event_id=event_id)
    raise Http404


def _qr_svg(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


@trainer_required
def links(request, event_id):
    event, people = selectors.participants_read(
        request.user, event_id, with_links=True, purpose="participant links"
    )
    cards = []
    for participant in people:
        if not participant.token:
            continue
        url = request.build_absolute_uri(reverse("training:link", args=[participant.token]))
        cards.append({"p": participant, "url": url, "qr": _qr_svg(url)})
    response = _render_event(
        request, "training/links.html", event, "participants", {"cards": cards}
    )
    response["Cache-Control"] = "no-store"
    return response


@trainer_required
def attendance(request, event_id):
    event, people = selectors.participants_read(request.user, event_id, purpose="attendance")
    days = list(range(1, event.days + 1))
    if request.method == "POST":
        marks = {(p.pk, day): f"a{p.pk}_{day}" in request.POST for p in people for day in days}
        message_call(
            request,
            services.attendance_set,
            user=request.user,
            event_id=event.pk,
            marks=marks,
            success=_("Attendance saved."),
        )
        return redirect("training:attendance", event_id=event.pk)
    present = selectors.participation(event).attendance
    rows = [
        {"p": p, "days": [(day, f"a{p.pk}_{day}", present.get((p.pk, day), False)) for day in days]}
        for p in people
    ]
    return _render_event(
        request, "training/attendance.html", event, "attendance", {"rows": rows, "days": days}
    )
