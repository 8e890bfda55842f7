from django.urls import path

from metrics import pages, views
from reports.funnel import CLIENT_PATH

app_name = "metrics"
urlpatterns = [
    path(CLIENT_PATH, views.event, name="funnel_event"),
    path("metrics/", pages.operators, name="operators"),
    path("metrics/teams/<slug:team>", pages.team, name="team"),
    path("metrics/wikis/<slug:wiki>", pages.wiki, name="wiki"),
]
