from django.urls import path

from amanat.screening import views

app_name = "screening"
A = "cases/<int:case_id>/assessments/<int:assessment_id>/"
urlpatterns = [
    path("guides/", views.guide_list, name="guides"),
    path("guides/<slug:guide_id>/", views.guide_detail, name="guide"),
    path("guides/<slug:guide_id>/xlsform/", views.xlsform_download, name="xlsform"),
    path("fieldwork/import/", views.fieldwork_import, name="fieldwork_import"),
    path("cases/<int:case_id>/start/", views.start, name="start"),
    path("cases/<int:case_id>/compare/", views.compare, name="compare"),
    path(A, views.interview, name="interview"),
    path(A + "review/", views.review, name="review"),
    path(A + "discard/", views.discard, name="discard"),
    path(A + "result/", views.result, name="result"),
    path(A + "decide/", views.decide, name="decide"),
    path(A + "needs/", views.add_needs, name="needs"),
]
