from django.urls import path

from api import views

app_name = "apipages"
urlpatterns = [
    path("tokens", views.token_list, name="tokens"),
    path("tokens/<str:prefix>/revoke", views.token_revoke, name="token_revoke"),
    path("desk/teams/<slug:team>/webhooks", views.webhooks, name="webhooks"),
]
