from django.urls import path

from amanat.training import views

app_name = "training"
urlpatterns = [
    path("", views.home, name="home"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/<int:event_id>/", views.event_detail, name="event"),
    path("events/<int:event_id>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:event_id>/flags/", views.event_flags, name="event_flags"),
    path("events/<int:event_id>/trainers/", views.event_trainer_add, name="trainer_add"),
    path(
        "events/<int:event_id>/trainers/<int:trainer_id>/remove/",
        views.event_trainer_remove,
        name="trainer_remove",
    ),
    path("events/<int:event_id>/agenda/", views.agenda, name="agenda"),
    path(
        "events/<int:event_id>/agenda/<int:item_id>/delete/",
        views.agenda_delete,
        name="agenda_delete",
    ),
    path("events/<int:event_id>/participants/", views.participants, name="participants"),
    path(
        "events/<int:event_id>/participants/<int:participant_id>/",
        views.participant_edit,
        name="participant",
    ),
    path(
        "events/<int:event_id>/participants/<int:participant_id>/<slug:action>/",
        views.participant_action,
        name="participant_action",
    ),
    path("events/<int:event_id>/links/", views.links, name="links"),
    path("events/<int:event_id>/attendance/", views.attendance, name="attendance"),
    path("events/<int:event_id>/tests/", views.tests, name="tests"),
    path(
        "events/<int:event_id>/tests/<int:participant_id>/<slug:phase>/",
        views.test_entry,
        name="test_entry",
    ),
    path("events/<int:event_id>/evaluations/", views.evaluations, name="evaluations"),
    path("events/<int:event_id>/group-work/", views.group_work, name="group_work"),
    path("events/<int:event_id>/recap/<int:day>/", views.recap, name="recap"),
    path("events/<int:event_id>/analysis/", views.analysis, name="analysis"),
    path("events/<int:event_id>/reports/", views.report_page, name="reports"),
    path(
        "events/<int:event_id>/reports/<slug:kind>-<slug:language>.docx",
        views.report_download,
        name="report_download",
    ),
    path(
        "events/<int:event_id>/reports/tables-<slug:language>.xlsx",
        views.tables_download,
        name="tables_download",
    ),
    path("curricula/", views.curricula, name="curricula"),
    path("curricula/versions/<int:version_id>/", views.version_detail, name="version"),
    path("curricula/sessions/<int:session_id>/", views.session_edit, name="session"),
    path("materials/<int:material_id>/", views.material_download, name="material"),
    path("items/", views.items, name="items"),
    path("items/new/", views.item_new, name="item_new"),
    path("items/<int:item_id>/", views.item_edit, name="item"),
    path("test-forms/", views.test_forms, name="test_forms"),
    path("test-forms/<int:form_id>/", views.test_form_detail, name="test_form"),
    path("evaluation-forms/", views.evaluation_forms, name="evaluation_forms"),
    path("t/<str:token>/", views.link, name="link"),
    path("t/<str:token>/test/<slug:phase>/", views.link_test, name="link_test"),
    path("t/<str:token>/evaluation/", views.link_evaluation, name="link_evaluation"),
]
