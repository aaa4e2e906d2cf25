from django.urls import path

from amanat.recruitment import views

app_name = "recruitment"

urlpatterns = [
    path("", views.screen, name="screen"),
    path("ads/", views.ad_list, name="ads"),
    path("ads/<str:ad_id>/", views.ad_detail, name="ad"),
    path("ads/<str:ad_id>/link/", views.ad_link, name="link"),
    path("ads/<str:ad_id>/unlink/<str:case_id>/", views.ad_unlink, name="unlink"),
    path("ads/<str:ad_id>/delete/", views.ad_delete, name="delete"),
    path("statistics/", views.statistics, name="stats"),
]
