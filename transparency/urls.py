from django.urls import path

from transparency import views

app_name = "transparency"
urlpatterns = [
    path("transparency/", views.report, name="report"),
    path("transparency/report.csv", views.report, {"fmt": "csv"}, name="report_csv"),
    path("transparency/report.json", views.report, {"fmt": "json"}, name="report_json"),
    path("transparency/w/<slug:wiki>/", views.report, name="wiki_report"),
    path("transparency/w/<slug:wiki>/report.csv", views.report, {"fmt": "csv"}, name="wiki_csv"),
    path("transparency/w/<slug:wiki>/report.json", views.report, {"fmt": "json"}, name="wiki_json"),
]
