from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import oauth_views

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("oauth/<slug:wiki>/start", oauth_views.start, name="oauth_start"),
    path("oauth/<slug:wiki>/callback", oauth_views.callback, name="oauth_callback"),
]
