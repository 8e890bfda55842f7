from django.urls import path

from wikis import views

app_name = "wikis"
urlpatterns = [
    path("w/<slug:wiki>/config", views.config_view, name="config"),
    path("w/<slug:wiki>/config.json", views.config_json, name="config_json"),
    path("w/<slug:wiki>/config/edit", views.config_edit, name="config_edit"),
    path("w/<slug:wiki>/config/raw", views.config_raw, name="config_raw"),
    path("w/<slug:wiki>/config/history", views.history, name="history"),
    path("w/<slug:wiki>/config/diff", views.diff, name="diff"),
    path("w/<slug:wiki>/config/r<int:revision>", views.revision_view, name="revision"),
    path("w/<slug:wiki>/config/r<int:revision>/revert", views.revert_view, name="revert"),
]
