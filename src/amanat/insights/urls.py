from django.urls import path

from amanat.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("gaps/", views.gaps, name="gaps"),
    path("report/", views.report, name="report"),
    path("export/ctdc/", views.ctdc_export, name="ctdc_export"),
    path("exchange/", views.exchange, name="exchange"),
    path("exchange/import/", views.exchange_import, name="exchange_import"),
]
