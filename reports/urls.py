from django.urls import path

import reports.urlconverters  # noqa: F401 - registers the "ref" path converter
from reports import views

app_name = "reports"
urlpatterns = [
    path("w/<slug:wiki>/report", views.start, name="start"),
    path("w/<slug:wiki>/report/users", views.users, name="users"),
    path("w/<slug:wiki>/report/<slug:flow>/", views.choose, name="choose"),
    path("w/<slug:wiki>/report/<slug:flow>/emergency", views.emergency, name="emergency"),
    path("w/<slug:wiki>/report/<slug:flow>/type", views.choose_type, name="type"),
    path("w/<slug:wiki>/report/<slug:flow>/support", views.support, name="support"),
    path("my-reports", views.mine, name="mine"),
    path("my-reports/<ref:reference>", views.detail, name="detail"),
    path("my-reports/<ref:reference>/submitted", views.submitted, name="submitted"),
]
