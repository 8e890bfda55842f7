from django.urls import path

from metrics import views
from reports.funnel import CLIENT_PATH

app_name = "metrics"
urlpatterns = [
    path(CLIENT_PATH, views.event, name="funnel_event"),
]
