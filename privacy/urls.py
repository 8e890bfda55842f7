from django.urls import path

import reports.urlconverters  # noqa: F401 - registers the "ref" path converter
from privacy import views

app_name = "privacy"
urlpatterns = [
    path("w/<slug:wiki>/privacy", views.wiki_policy, name="wiki_policy"),
    path("desk/legal-holds/<ref:reference>", views.legal_hold, name="legal_hold"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/export.json", views.export_json, name="export_json"),
    path("my-data/export.html", views.export_html, name="export_html"),
    path("my-data/erase", views.erase, name="erase"),
    path("operators/erasure-requests", views.erasure_requests, name="erasure_requests"),
    path("operators/erasure-requests/<int:pk>", views.carry_out, name="carry_out"),
    path("desk/who-saw-what/<slug:team>", views.team_access_report, name="team_access_report"),
    path("operators/who-saw-what", views.operators_access_report, name="access_report"),
]
