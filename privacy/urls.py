from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("w/<slug:wiki>/privacy", views.wiki_policy, name="wiki_policy"),
    path("desk/legal-holds/<str:reference>", views.legal_hold, name="legal_hold"),
]
