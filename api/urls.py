from django.urls import path

from api import views

app_name = "tokens"
urlpatterns = [
    path("tokens", views.token_list, name="list"),
    path("tokens/<str:prefix>/revoke", views.token_revoke, name="revoke"),
]
