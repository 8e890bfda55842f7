from django.urls import include, path

from api.main import api
from irs import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/full", views.healthz_full, name="healthz-full"),
    path("start", views.landing, name="landing"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon),
    path("operators/", views.operators_page, name="operators"),
    path("accounts/", include("accounts.urls")),
    path("", include("reports.urls")),
    path("", include("wikis.urls")),
    path("", include("routing.urls")),
    path("desk/", include("desk.urls")),
    path("embed/", include("embed.urls")),
    path("api/v1/", api.urls),
    path("", include("api.urls")),
    path("", include("privacy.urls")),
    path("", include("metrics.urls")),
    path("", include("transparency.urls")),
]
