from django.urls import path

from amanat.cases import views
from amanat.cases.approvals.urls import urlpatterns as approval_urlpatterns
from amanat.cases.links.urls import urlpatterns as link_urlpatterns

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
urlpatterns += approval_urlpatterns  # supervision and case flags (ADR 1620)
urlpatterns += link_urlpatterns  # the coordinator's person-link pages (ADR 0140)
