from django.urls import path

import reports.urlconverters  # noqa: F401 - registers the "ref" path converter
from desk import views

app_name = "desk"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("queues/<slug:team>/<slug:queue>", views.queue, name="queue"),
    path("queues/<slug:team>/<slug:queue>/bulk", views.queue_bulk, name="queue_bulk"),
    path(
        "queues/<slug:team>/<slug:queue>/escalated-away",
        views.escalated_away,
        name="escalated_away",
    ),
    path("search", views.search_cases, name="search"),
    path("wikis/<slug:wiki>/reported-user", views.reported_user, name="reported_user"),
    path("cases/<ref:reference>", views.case, name="case"),
    path("cases/<ref:reference>/<slug:action>", views.case_action, name="case_action"),
    path("teams/<slug:team>/members", views.members, name="members"),
    path("teams/<slug:team>/notifications", views.notifications, name="notifications"),
    path("teams/<slug:team>/audit", views.audit, name="audit"),
    path("teams/<slug:team>/appeals", views.appeals, name="appeals"),
    path("my-reports/<ref:reference>/reply", views.reporter_reply, name="reporter_reply"),
    path("my-reports/<ref:reference>/appeal", views.reporter_appeal, name="reporter_appeal"),
    path("my-reports/<ref:reference>/withdraw", views.reporter_withdraw, name="reporter_withdraw"),
    path("decisions/<str:public_id>", views.public_decision, name="public_decision"),
]
