from django.urls import path

from embed import views

app_name = "embed"
urlpatterns = [
    path("<slug:wiki>/entry.js", views.entry, name="entry"),
    path("dialog.js", views.dialog, name="dialog"),
    path("menu.js", views.menu, name="menu"),
]
