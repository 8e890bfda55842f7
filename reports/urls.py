from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("w/<slug:wiki>/report", views.start, name="start"),
    path("my-reports", views.mine, name="mine"),
]
