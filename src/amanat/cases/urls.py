from django.urls import path

from amanat.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.register, name="register"),
    path("<int:case_id>/", views.detail, name="detail"),
    path("<int:case_id>/edit/", views.edit, name="edit"),
    path("<int:case_id>/consent/", views.consent, name="consent"),
    path(
        "<int:case_id>/consent/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:case_id>/status/", views.decide_status, name="decide_status"),
]
