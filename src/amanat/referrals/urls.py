from django.urls import path

from amanat.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("<int:referral_id>/", views.detail, name="detail"),
    path("<int:referral_id>/act/<str:action>/", views.act, name="act"),
    path("<int:referral_id>/notes/", views.note_add, name="note_add"),
    path("case/<int:case_id>/new/", views.referral_new, name="new"),
    path("case/<int:case_id>/sharing/", views.sharing_preview, name="sharing_preview"),
    path("case/<int:case_id>/needs/", views.need_add, name="need_add"),
    path("case/<int:case_id>/matches/", views.matches, name="matches"),
    path("needs/<int:need_id>/status/", views.need_status, name="need_status"),
    path("directory/", views.directory, name="directory"),
    path("directory/regions/", views.directory_regions, name="directory_regions"),
    path("directory/import/", views.directory_import, name="directory_import"),
    path("directory/export.<str:file_format>", views.directory_export, name="directory_export"),
    path("directory/<int:organisation_id>/", views.directory_entry, name="directory_entry"),
    path(
        "directory/<int:organisation_id>/service/",
        views.directory_service_save,
        name="directory_service_save",
    ),
    path(
        "directory/<int:organisation_id>/profile/",
        views.directory_profile,
        name="directory_profile",
    ),
    path(
        "directory/service/<int:service_id>/delete/",
        views.directory_service_delete,
        name="directory_service_delete",
    ),
    path(
        "directory/service/<int:service_id>/availability/",
        views.directory_availability,
        name="directory_availability",
    ),
    path("coordinator/", views.coordinator, name="coordinator"),
]
