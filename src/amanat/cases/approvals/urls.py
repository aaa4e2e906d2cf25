from django.urls import path

from amanat.cases.approvals import views

urlpatterns = [
    path("approvals/", views.queue, name="approvals"),
    path("approvals/settings/", views.settings_page, name="approval_settings"),
    path("approvals/<int:request_id>/", views.detail, name="approval"),
    path("approvals/<int:request_id>/<str:action>/", views.decide, name="approval_decide"),
    path("<int:case_id>/flags/", views.flag_add, name="flag_add"),
    path("<int:case_id>/flags/<int:flag_id>/remove/", views.flag_remove, name="flag_remove"),
]
