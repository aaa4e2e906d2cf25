"""Training pages. Thin: parse the form, call one service or selector, render.

Trainers' pages answer 404 to anyone who is not a trainer of the event (or not a trainer at
all). The participant's link pages need no account: the token in the URL is the only key, and
they show that participant's own forms and nothing about anyone else.
"""

from __future__ import annotations

import base64
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from amanat.errors import AmanatError, NotFound
from amanat.training import access, charts, forms, reports, selectors, services, vocab
from amanat.training import results as training_results
from amanat.training.analysis.errors import TableError
from amanat.training.models import (
    CurriculumSession,
    Phase,
    SessionMaterial,
    VersionStatus,
)
from amanat.training.results import GROUP_BY


def trainer_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not access.is_trainer(request.user):
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None

    return wrapper


def _fail(form, error: AmanatError) -> None:
    """Show a service's error next to its field, or above the form."""
    message = error.message
    if isinstance(error, TableError):
        form.add_error(None, message)
    elif error.field and error.field in form.fields:
        form.add_error(error.field, message)
    else:
        form.add_error(None, message)


def _upload(form) -> tuple[str, bytes]:
    uploaded = form.cleaned_data["file"]
    return uploaded.name, uploaded.read(forms_max_bytes() + 1)


def forms_max_bytes() -> int:
    from amanat.training.imports import MAX_UPLOAD_BYTES

    return MAX_UPLOAD_BYTES


def _svg_data_uri(svg: bytes | None) -> str:
    if not svg:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _render_event(request, template: str, event, tab: str, context: dict):
    return render(request, template, {"event": event, "tab": tab, **context})


# --- home and events --------------------------------------------------------------------------


@trainer_required
def home(request):
    return render(request, "training/home.html", {"events": selectors.event_list(request.user)})


def _event_form(request, *, data=None, initial=None, event=None):
    user = request.user
    versions = list(
        access.curriculum_versions_visible_to(user)
        .filter(status=VersionStatus.PUBLISHED)
        .select_related("curriculum")
    )
    test_forms = list(access.test_forms_visible_to(user))
    evaluation_forms = list(access.evaluation_forms_visible_to(user))
    if event is not None:  # a co-trainer from elsewhere still sees the event's own choices
        for current, options in (
            (event.curriculum_version, versions),
            (event.test_form, test_forms),
            (event.evaluation_form, evaluation_forms),
        ):
            if current is not None and current not in options:
                options.append(current)
    return forms.EventForm(
        data,
        initial=initial,
        versions=versions,
        test_forms=test_forms,
        evaluation_forms=evaluation_forms,
    )


@trainer_required
def event_new(request):
    form = _event_form(
        request,
        data=request.POST or None,
        initial={"country": request.user.organisation.country, "language": "ru"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(user=request.user, data=form.cleaned_data)
        except AmanatError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Event created."))
            return redirect("training:event", event_id=event.pk)
    return render(request, "training/event_form.html", {"form": form})


@trainer_required
def event_detail(request, event_id):
    event = selectors.event_get(request.user, event_id)
    return _render_event(
        request,
        "training/event_detail.html",
        event,
        "overview",
        {
            "trainers": selectors.event_trainers(event),
            "participation": selectors.participation(event),
            "flags_form": forms.FlagsForm(
                initial={
                    "pre_test_open": event.pre_test_open,
                    "post_test_open": event.post_test_open,
                    "evaluation_open": event.evaluation_open,
                }
            ),
            "trainer_form": forms.TrainerForm(),
            "agenda_count": event.agenda.count(),
        },
    )


@trainer_required
def event_edit(request, event_id):
    event = selectors.event_get(request.user, event_id)
    initial = {
        name: getattr(event, name)
        for name in (
            "title",
            "kind",
            "start_date",
            "end_date",
            "place",
            "country",
            "region",
            "language",
        )
    }
    initial.update(
        curriculum_version=event.curriculum_version_id,
        test_form=event.test_form_id,
        evaluation_form=event.evaluation_form_id,
    )
    form = _event_form(request, data=request.POST or None, initial=initial, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(user=request.user, event_id=event.pk, changes=form.cleaned_data)
        except AmanatError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("training:event", event_id=event.pk)
    return _render_event(request, "training/event_form.html", event, "overview", {"form": form})


@trainer_required
@require_POST
def event_flags(request, event_id):
    form = forms.FlagsForm(request.POST)
    if form.is_valid():
        try:
            services.event_update(user=request.user, event_id=event_id, changes=form.cleaned_data)
        except NotFound:
            raise
        except AmanatError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Changes saved."))
    return redirect(
        request.POST.get("next_tab") == "tests"
        and reverse("training:tests", args=[event_id])
        or reverse("training:event", args=[event_id])
    )


@trainer_required
@require_POST
def event_trainer_add(request, event_id):
    form = forms.TrainerForm(request.POST)
    if form.is_valid():
        try:
            services.event_trainer_add(
                user=request.user, event_id=event_id, username=form.cleaned_data["username"]
            )
        except NotFound:
            raise
        except AmanatError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Co-trainer added."))
    return redirect("training:event", event_id=event_id)


@trainer_required
@require_POST
def event_trainer_remove(request, event_id, trainer_id):
    try:
        services.event_trainer_remove(user=request.user, event_id=event_id, trainer_id=trainer_id)
    except NotFound:
        raise
    except AmanatError as error:
        messages.error(request, error.message)
    if trainer_id == request.user.pk:
        return redirect("training:home")
    return redirect("training:event", event_id=event_id)


# --- agenda -----------------------------------------------------------------------------------


@trainer_required
def agenda(request, event_id):
    event = selectors.event_get(request.user, event_id)
    sessions = (
        list(
            CurriculumSession.objects.filter(
                module__version_id=event.curriculum_version_id
            ).order_by("module__order", "order")
        )
        if event.curriculum_version_id
        else []
    )
    build_form = forms.AgendaBuildForm(
        request.POST if request.POST.get("action") == "build" else None
    )
    item_form = forms.AgendaItemForm(
        request.POST if request.POST.get("action") == "add" else None, sessions=sessions
    )
    if request.method == "POST":
        form = build_form if request.POST.get("action") == "build" else item_form
        if form.is_valid():
            try:
                if form is build_form:
                    services.agenda_build_from_curriculum(
                        user=request.user, event_id=event.pk, **form.cleaned_data
                    )
                else:
                    services.agenda_item_add(
                        user=request.user, event_id=event.pk, data=form.cleaned_data
                    )
            except AmanatError as error:
                _fail(form, error)
            else:
                messages.success(request, _("Agenda updated."))
                return redirect("training:agenda", event_id=event.pk)
    days = [
        (day, [a for a in event.agenda.all() if a.day == day]) for day in range(1, event.days + 1)
    ]
    return _render_event(
        request,
        "training/agenda.html",
        event,
        "agenda",
        {"days": days, "build_form": build_form, "item_form": item_form},
    )


@trainer_required
@require_POST
def agenda_delete(request, event_id, item_id):
    try:
        services.agenda_item_delete(user=request.user, event_id=event_id, item_id=item_id)
    except NotFound:
        raise
    except AmanatError as error:
        messages.error(request, error.message)
    return redirect("training:agenda", event_id=event_id)


# --- participants -----------------------------------------------------------------------------


@trainer_required
@sensitive_post_parameters()
def participants(request, event_id):
    action = request.POST.get("action")
    add_form = forms.ParticipantForm(request.POST if action == "add" else None)
    import_form = forms.UploadForm(
        request.POST if action == "import" else None, request.FILES if action == "import" else None
    )
    if request.method == "POST":
        try:
            if action == "add" and add_form.is_valid():
                services.participant_add(
                    user=request.user, event_id=event_id, data=add_form.cleaned_data
                )
                messages.success(request, _("Participant added."))
                return redirect("training:participants", event_id=event_id)
            if action == "import" and import_form.is_valid():
                name, content = _upload(import_form)
                created = services.participants_import(
                    user=request.user, event_id=event_id, file_name=name, content=content
                )
                messages.success(request, _("%(n)d participants imported.") % {"n": len(created)})
                return redirect("training:participants", event_id=event_id)
        except NotFound:
            raise
        except AmanatError as error:
            _fail(add_form if action == "add" else import_form, error)
    event, people = selectors.participants_read(request.user, event_id)
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
        {"rows": rows, "add_form": add_form, "import_form": import_form},
    )


@trainer_required
@sensitive_post_parameters()
def participant_edit(request, event_id, participant_id):
    event, participant = selectors.participant_read(request.user, event_id, participant_id)
    initial = {name: getattr(participant, name) for name in forms.ParticipantForm().fields}
    form = forms.ParticipantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update(
                user=request.user,
                event_id=event.pk,
                participant_id=participant.pk,
                changes=form.cleaned_data,
            )
        except AmanatError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("training:participants", event_id=event.pk)
    taken = {s.phase for s in participant.submissions.all()}
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
        try:
            services.attendance_set(user=request.user, event_id=event.pk, marks=marks)
        except AmanatError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Attendance saved."))
        return redirect("training:attendance", event_id=event.pk)
    present = selectors.participation(event).attendance
    rows = [
        {"p": p, "days": [(day, f"a{p.pk}_{day}", present.get((p.pk, day), False)) for day in days]}
        for p in people
    ]
    return _render_event(
        request, "training/attendance.html", event, "attendance", {"rows": rows, "days": days}
    )


# --- tests ------------------------------------------------------------------------------------


@trainer_required
def tests(request, event_id):
    event = selectors.event_get(request.user, event_id)
    form = forms.TestImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            name, content = _upload(form)
            count = services.test_responses_import(
                user=request.user,
                event_id=event.pk,
                file_name=name,
                content=content,
                phase=form.cleaned_data["phase"] or None,
                replace=form.cleaned_data["replace"],
            )
        except AmanatError as error:
            _fail(form, error)
        else:
            messages.success(request, _("%(n)d answer sheets imported.") % {"n": count})
            return redirect("training:tests", event_id=event.pk)
    event, people = selectors.participants_read(request.user, event_id, purpose="tests")
    status = selectors.submission_status(event)
    rows = [{"p": p, "phases": status.get(p.pk, set())} for p in people]
    items = training_results.form_items(event.test_form) if event.test_form_id else []
    return _render_event(
        request,
        "training/tests.html",
        event,
        "tests",
        {
            "rows": rows,
            "form": form,
            "items": items,
            "phases": Phase.choices,
            "flags_form": forms.FlagsForm(
                initial={
                    "pre_test_open": event.pre_test_open,
                    "post_test_open": event.post_test_open,
                    "evaluation_open": event.evaluation_open,
                }
            ),
        },
    )


@trainer_required
def test_entry(request, event_id, participant_id, phase):
    if phase not in Phase.values:
        raise Http404
    event, participant = selectors.participant_read(request.user, event_id, participant_id)
    if event.test_form_id is None:
        raise Http404
    items = training_results.form_items(event.test_form)
    error = None
    existing = participant.submissions.filter(phase=phase).first()
    if request.method == "POST":
        try:
            services.test_submission_record(
                user=request.user,
                event_id=event.pk,
                participant_id=participant.pk,
                phase=phase,
                answers=forms.answers_from_post(items, request.POST),
                replace=bool(request.POST.get("replace")),
            )
        except AmanatError as exc:
            error = exc.message
        else:
            messages.success(request, _("Answer sheet saved."))
            return redirect("training:tests", event_id=event.pk)
    given = existing.answers if existing else {}
    return _render_event(
        request,
        "training/test_entry.html",
        event,
        "tests",
        {
            "participant": participant,
            "phase": Phase(phase),
            "existing": existing,
            "error": error,
            "questions": _questions(items, given),
        },
    )


def _questions(items, given: dict) -> list[dict]:
    questions = []
    for number, item in enumerate(items, start=1):
        chosen = set((given.get(item.code) or "").split(";"))
        if item.item_type == "true_false":
            options = [{"key": "true", "text": _("True")}, {"key": "false", "text": _("False")}]
        else:
            options = item.options
        questions.append(
            {
                "number": number,
                "item": item,
                "name": f"i{item.pk}",
                "multiple": item.item_type == "multiple",
                "options": [{**o, "checked": o["key"] in chosen} for o in options],
            }
        )
    return questions


# --- evaluations ------------------------------------------------------------------------------


@trainer_required
def evaluations(request, event_id):
    event = selectors.event_get(request.user, event_id)
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            name, content = _upload(form)
            count = services.evaluations_import(
                user=request.user, event_id=event.pk, file_name=name, content=content
            )
        except AmanatError as error:
            _fail(form, error)
        else:
            messages.success(request, _("%(n)d evaluation sheets imported.") % {"n": count})
            return redirect("training:evaluations", event_id=event.pk)
    event, results = selectors.evaluation_results(request.user, event.pk)
    sessions = []
    if results is not None:
        for session in results.summary.sessions:
            sessions.append(
                {
                    "title": reports.session_title(session.session),
                    "pooled": session.likert_pooled,
                    "questions": session.questions,
                }
            )
    slots = training_results.evaluation_slots(event)
    return _render_event(
        request,
        "training/evaluations.html",
        event,
        "evaluations",
        {
            "results": results,
            "sessions": sessions,
            "form": form,
            "chart": _svg_data_uri(charts.evaluation_chart(results)),
            "agenda_refs": [(a.ref, a.title) for a in event.agenda.all() if a.method != "other"],
            "questions": list(event.evaluation_form.questions.all())
            if event.evaluation_form_id
            else [],
            "has_slots": bool(slots),
            "flags_form": forms.FlagsForm(
                initial={
                    "pre_test_open": event.pre_test_open,
                    "post_test_open": event.post_test_open,
                    "evaluation_open": event.evaluation_open,
                }
            ),
        },
    )


# --- group work -------------------------------------------------------------------------------


@trainer_required
def group_work(request, event_id):
    event = selectors.event_get(request.user, event_id)
    agenda_items = list(event.agenda.all())
    action = request.POST.get("action")
    station_form = forms.StationForm(
        request.POST if action == "station" else None, agenda=agenda_items
    )
    output_form = forms.OutputForm(request.POST if action == "output" else None)
    if request.method == "POST":
        try:
            if action == "station" and station_form.is_valid():
                data = station_form.cleaned_data
                services.station_add(
                    user=request.user,
                    event_id=event.pk,
                    day=data["day"],
                    name=data["name"],
                    agenda_item_id=data["agenda_item"],
                )
                return redirect("training:group_work", event_id=event.pk)
            if action == "output" and output_form.is_valid():
                services.group_output_add(
                    user=request.user,
                    event_id=event.pk,
                    station_id=request.POST.get("station"),
                    **output_form.cleaned_data,
                )
                return redirect(
                    reverse("training:group_work", args=[event.pk])
                    + f"#station-{request.POST.get('station', '')}"
                )
            if action == "delete":
                services.group_output_delete(
                    user=request.user, event_id=event.pk, output_id=request.POST.get("output")
                )
                return redirect("training:group_work", event_id=event.pk)
        except NotFound:
            raise
        except AmanatError as error:
            messages.error(request, error.message)
    event, stations = selectors.group_work(request.user, event.pk)
    days = [(day, [s for s in stations if s.day == day]) for day in range(1, event.days + 1)]
    return _render_event(
        request,
        "training/group_work.html",
        event,
        "group_work",
        {"days": days, "station_form": station_form, "output_form": forms.OutputForm()},
    )


@trainer_required
def recap(request, event_id, day):
    event, stations = selectors.group_work(request.user, event_id, day=day)
    if not 1 <= day <= event.days:
        raise Http404
    return render(
        request, "training/recap.html", {"event": event, "day": day, "stations": stations}
    )


# --- analysis and reports ---------------------------------------------------------------------


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
            try:
                services.event_analysis_save(
                    user=request.user,
                    event_id=event.pk,
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                )
            except AmanatError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Analysis saved."))
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


# --- curricula --------------------------------------------------------------------------------


@trainer_required
def curricula(request):
    user = request.user
    versions = (
        access.curriculum_versions_visible_to(user)
        .select_related("curriculum")
        .order_by("curriculum__code", "-number")
    )
    own, shared = [], []
    for version in versions:
        (
            own if version.curriculum.owner_organisation_id == user.organisation_id else shared
        ).append(version)
    form = forms.CurriculumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.curriculum_create(user=user, **form.cleaned_data)
        except AmanatError as error:
            _fail(form, error)
        else:
            return redirect("training:version", version_id=version.pk)
    return render(request, "training/curricula.html", {"own": own, "shared": shared, "form": form})


@trainer_required
def version_detail(request, version_id):
    user = request.user
    version = access.curriculum_version_get(user, version_id)
    own = version.curriculum.owner_organisation_id == user.organisation_id
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
        try:
            if action == "module" and module_form.is_valid():
                services.curriculum_module_add(
                    user=user, version_id=version.pk, **module_form.cleaned_data
                )
                return redirect("training:version", version_id=version.pk)
            if action == "session" and session_form.is_valid():
                services.curriculum_session_add(
                    user=user, module_id=request.POST.get("module"), data=session_form.cleaned_data
                )
                return redirect("training:version", version_id=version.pk)
            if action == "version" and version_form.is_valid():
                services.curriculum_version_update(
                    user=user, version_id=version.pk, changes=version_form.cleaned_data
                )
                messages.success(request, _("Changes saved."))
                return redirect("training:version", version_id=version.pk)
            if action == "publish":
                services.curriculum_version_publish(user=user, version_id=version.pk)
                messages.success(request, _("Version published: it can no longer change."))
                return redirect("training:version", version_id=version.pk)
            if action == "new_version":
                new = services.curriculum_version_new(
                    user=user,
                    version_id=version.pk,
                    change_note=request.POST.get("change_note", ""),
                )
                messages.success(request, _("New draft version created."))
                return redirect("training:version", version_id=new.pk)
        except NotFound:
            raise
        except AmanatError as error:
            messages.error(request, error.message)
    modules = list(version.modules.prefetch_related("sessions"))
    materials = {}
    for material in SessionMaterial.objects.filter(session__module__version=version).defer(
        "content"
    ):
        materials.setdefault(material.session_id, []).append(material)
    siblings = (
        access.curriculum_versions_visible_to(user)
        .filter(curriculum=version.curriculum)
        .order_by("-number")
    )
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
    session = (
        CurriculumSession.objects.select_related("module__version__curriculum")
        .filter(pk=access.object_pk(session_id))
        .first()
    )
    if session is None:
        raise Http404
    version = access.curriculum_version_get(user, session.module.version_id)
    editable = (
        version.is_editable and version.curriculum.owner_organisation_id == user.organisation_id
    )
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
        try:
            if action == "session" and form.is_valid():
                services.curriculum_session_update(
                    user=user, session_id=session.pk, changes=form.cleaned_data
                )
                messages.success(request, _("Changes saved."))
                return redirect("training:version", version_id=version.pk)
            if action == "material" and material_form.is_valid():
                upload = material_form.cleaned_data["file"]
                services.material_add(
                    user=user,
                    session_id=session.pk,
                    title=material_form.cleaned_data["title"],
                    url=material_form.cleaned_data["url"],
                    file_name=upload.name if upload else "",
                    content=upload.read(services.MAX_MATERIAL_BYTES + 1) if upload else None,
                    content_type=upload.content_type if upload else "",
                )
                messages.success(request, _("Material attached."))
                return redirect("training:session", session_id=session.pk)
            if action == "delete_material":
                services.material_delete(user=user, material_id=request.POST.get("material"))
                return redirect("training:session", session_id=session.pk)
            if action == "delete":
                services.curriculum_session_delete(user=user, session_id=session.pk)
                return redirect("training:version", version_id=version.pk)
        except NotFound:
            raise
        except AmanatError as error:
            _fail(material_form if action == "material" else form, error)
    return render(
        request,
        "training/session_edit.html",
        {
            "session": session,
            "version": version,
            "editable": editable,
            "form": form,
            "material_form": material_form,
            "materials": list(session.materials.defer("content")),
        },
    )


@trainer_required
def material_download(request, material_id):
    material = (
        SessionMaterial.objects.select_related("session__module")
        .filter(pk=access.object_pk(material_id))
        .first()
    )
    if material is None or not material.file_name:
        raise Http404
    access.curriculum_version_get(request.user, material.session.module.version_id)
    response = HttpResponse(
        bytes(material.content or b""),
        content_type=material.content_type or "application/octet-stream",
    )
    response["Content-Disposition"] = f'attachment; filename="{material.file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- item bank and forms ----------------------------------------------------------------------


@trainer_required
def items(request):
    bank = list(access.items_visible_to(request.user))
    return render(request, "training/items.html", {"items": bank})


def _item_data(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("code", None)
    return data


@trainer_required
def item_new(request):
    form = forms.ItemForm(request.POST or None, initial={"language": "ru", "max_points": 1})
    if request.method == "POST" and form.is_valid():
        try:
            services.item_create(
                user=request.user, code=form.cleaned_data["code"], data=_item_data(form)
            )
        except AmanatError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Item added to the bank."))
            return redirect("training:items")
    return render(request, "training/item_form.html", {"form": form, "item": None})


def _options_text(options) -> str:
    return "\n".join(f"{o['key']}) {o['text']}" for o in options)


@trainer_required
def item_edit(request, item_id):
    item = access.item_get(request.user, item_id)
    initial = {
        name: getattr(item, name)
        for name in (
            "code",
            "text",
            "item_type",
            "correct_answer",
            "max_points",
            "scoring",
            "module",
            "topic",
            "language",
            "is_active",
        )
    }
    initial["options"] = _options_text(item.options)
    form = forms.ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(user=request.user, item_id=item.pk, changes=_item_data(form))
        except AmanatError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("training:items")
    return render(request, "training/item_form.html", {"form": form, "item": item})


@trainer_required
def test_forms(request):
    bank = list(access.items_visible_to(request.user).filter(is_active=True))
    form = forms.TestFormForm(request.POST or None, items=bank, initial={"language": "ru"})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.test_form_create(
                user=request.user,
                title=form.cleaned_data["title"],
                language=form.cleaned_data["language"],
                item_ids=form.cleaned_data["items"],
            )
        except AmanatError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Test form created."))
            return redirect("training:test_form", form_id=created.pk)
    return render(
        request,
        "training/test_forms.html",
        {"forms_list": list(access.test_forms_visible_to(request.user)), "form": form},
    )


@trainer_required
def test_form_detail(request, form_id):
    test_form = access.test_form_get(request.user, form_id)
    current = training_results.form_items(test_form)
    bank = list(access.items_visible_to(request.user).filter(is_active=True))
    bank += [i for i in current if i not in bank]
    form = forms.TestFormForm(
        request.POST or None,
        items=bank,
        initial={
            "title": test_form.title,
            "language": test_form.language,
            "items": [i.pk for i in current],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.test_form_set_items(
                user=request.user, form_id=test_form.pk, item_ids=form.cleaned_data["items"]
            )
        except AmanatError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("training:test_form", form_id=test_form.pk)
    return render(
        request,
        "training/test_form_detail.html",
        {
            "test_form": test_form,
            "items": current,
            "form": form,
            "max_score": sum(i.max_points for i in current),
        },
    )


@trainer_required
def evaluation_forms(request):
    form = forms.EvaluationFormForm(
        request.POST or None, initial={"language": "ru", "scale_max": 5}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_form_create(
                user=request.user,
                title=form.cleaned_data["title"],
                language=form.cleaned_data["language"],
                scale_max=form.cleaned_data["scale_max"],
                questions=form.questions(),
            )
        except AmanatError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Evaluation form created."))
            return redirect("training:evaluation_forms")
    return render(
        request,
        "training/evaluation_forms.html",
        {
            "forms_list": list(
                access.evaluation_forms_visible_to(request.user).prefetch_related("questions")
            ),
            "form": form,
        },
    )


# --- the participant's own link ---------------------------------------------------------------


def _link_page(token):
    try:
        return selectors.link_page(token)
    except NotFound:
        raise Http404 from None


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
def link(request, token):
    page = _link_page(token)
    return _no_store(render(request, "training/link_home.html", {"page": page, "token": token}))


@never_cache
def link_test(request, token, phase):
    page = _link_page(token)
    if phase not in Phase.values:
        raise Http404
    if phase not in page.open_tests:
        messages.info(
            request,
            _("You have already submitted this test. Thank you!")
            if phase in page.taken
            else _("This test is not open."),
        )
        return redirect("training:link", token=token)
    items = training_results.form_items(page.event.test_form)
    error = None
    given: dict = {}
    if request.method == "POST":
        given = forms.answers_from_post(items, request.POST)
        try:
            services.public_test_submit(token=token, phase=phase, answers=given)
        except NotFound:
            raise Http404 from None
        except AmanatError as exc:
            error = exc.message
        else:
            messages.success(request, _("Your answers have been sent. Thank you!"))
            return redirect("training:link", token=token)
    return _no_store(
        render(
            request,
            "training/link_test.html",
            {
                "page": page,
                "token": token,
                "phase": Phase(phase),
                "error": error,
                "questions": _questions(items, given),
            },
        )
    )


@never_cache
def link_evaluation(request, token):
    page = _link_page(token)
    if not page.evaluation_open or page.evaluation_done:
        messages.info(
            request,
            _("You have already submitted your evaluation. Thank you!")
            if page.evaluation_done
            else _("The evaluation is not open."),
        )
        return redirect("training:link", token=token)
    slots = training_results.evaluation_slots(page.event)
    error = None
    if request.method == "POST":
        try:
            services.public_evaluation_submit(
                token=token, answers=forms.evaluation_answers_from_post(slots, request.POST)
            )
        except NotFound:
            raise Http404 from None
        except AmanatError as exc:
            error = exc.message
        else:
            messages.success(request, _("Your evaluation has been sent. Thank you!"))
            return redirect("training:link", token=token)
    scale = list(range(1, page.event.evaluation_form.scale_max + 1))
    blocks: list[dict] = []
    for agenda_item, question in slots:
        key = agenda_item.pk if agenda_item else 0
        if not blocks or blocks[-1]["key"] != key:
            blocks.append({"key": key, "agenda": agenda_item, "questions": []})
        name = f"e{key}_{question.pk}"
        blocks[-1]["questions"].append(
            {"q": question, "name": name, "value": request.POST.get(name, "")}
        )
    return _no_store(
        render(
            request,
            "training/link_evaluation.html",
            {"page": page, "token": token, "blocks": blocks, "scale": scale, "error": error},
        )
    )
