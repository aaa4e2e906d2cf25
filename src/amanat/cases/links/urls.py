"""Mounted by amanat.cases.urls under /cases/ (names in the `cases` namespace)."""

from django.urls import path

from amanat.cases.links import views

urlpatterns = [
    path("person-matches/", views.queue, name="person_matches"),
    path("person-matches/<int:match_id>/confirm/", views.confirm, name="person_match_confirm"),
    path("person-matches/<int:match_id>/reject/", views.reject, name="person_match_reject"),
    path("person-links/", views.links, name="person_links"),
    path("person-links/<int:link_id>/unlink/", views.unlink, name="person_link_unlink"),
]
