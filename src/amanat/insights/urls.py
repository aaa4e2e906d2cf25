from django.urls import path

from amanat.insights import analysis_views, export_views, views

app_name = "insights"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("gaps/", views.gaps, name="gaps"),
    path("analysis/<str:kind>/", analysis_views.analysis, name="analysis"),
    path(
        "analysis/<str:kind>/download/",
        analysis_views.analysis_download,
        name="analysis_download",
    ),
    path("report/", views.report, name="report"),
    path("export/ctdc/", views.ctdc_export, name="ctdc_export"),
    path("exchange/", views.exchange, name="exchange"),
    path("exchange/import/", views.exchange_import, name="exchange_import"),
    path("exports/", export_views.exports, name="exports"),
    path("exports/<int:request_id>/approve/", export_views.export_approve, name="export_approve"),
    path("exports/<int:request_id>/reject/", export_views.export_reject, name="export_reject"),
    path("exports/<int:request_id>/file/", export_views.export_file, name="export_file"),
]
