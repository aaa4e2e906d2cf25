from django.urls import path

from amanat.assistance import views

app_name = "assistance"
urlpatterns = [
    path("reminders/", views.reminders, name="reminders"),
    path("statistics/", views.statistics, name="statistics"),
    path("needs/xlsform/", views.needs_xlsform, name="needs_xlsform"),
    path("cases/<int:case_id>/", views.case_page, name="case"),
    path("cases/<int:case_id>/trajectory.svg", views.trajectory_svg_view, name="trajectory_svg"),
    path("cases/<int:case_id>/assessment/", views.assessment_new, name="assessment_new"),
    path(
        "cases/<int:case_id>/assessment/<int:assessment_id>/",
        views.assessment_detail,
        name="assessment_detail",
    ),
    path("cases/<int:case_id>/plan/", views.plan_new, name="plan_new"),
    path("cases/<int:case_id>/plan/<int:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("cases/<int:case_id>/plan/<int:plan_id>/end/", views.plan_end, name="plan_end"),
    path("cases/<int:case_id>/plan/<int:plan_id>/action/", views.action_new, name="action_new"),
    path("cases/<int:case_id>/action/<int:action_id>/", views.action_update, name="action_update"),
    path("cases/<int:case_id>/service/", views.service_new, name="service_new"),
    path("cases/<int:case_id>/followup/", views.schedule, name="schedule"),
    path("cases/<int:case_id>/visit/", views.visit_new, name="visit_new"),
    path("cases/<int:case_id>/score/<int:score_id>/", views.score_detail, name="score_detail"),
    path("cases/<int:case_id>/close/", views.close, name="close"),
    path("cases/<int:case_id>/reopen/", views.reopen, name="reopen"),
    path("cases/<int:case_id>/transfer/", views.transfer, name="transfer"),
    path("referral/<int:referral_id>/service/", views.referral_service, name="referral_service"),
]
