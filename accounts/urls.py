from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import oauth_views
from accounts.forms import LoginForm
from wikis.framing import framable_by, the_next_flows_wiki

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        # On the way to a wiki's report flow, that wiki may frame it (the report dialog).
        framable_by(the_next_flows_wiki)(
            auth_views.LoginView.as_view(
                template_name="accounts/login.html", authentication_form=LoginForm
            )
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("oauth/<slug:wiki>/start", oauth_views.start, name="oauth_start"),
    path("oauth/<slug:wiki>/callback", oauth_views.callback, name="oauth_callback"),
]
