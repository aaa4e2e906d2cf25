from django.urls import path

from amanat.platform.translations import views

app_name = "translations"
urlpatterns = [
    path("", views.admin_page, name="admin"),
    path("<slug:language>.xlsx", views.download, name="download"),
    path("upload/", views.upload, name="upload"),
    path("apply/", views.apply, name="apply"),
]
