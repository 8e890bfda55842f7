from django.urls import path

from routing import views

app_name = "routing"
urlpatterns = [
    path("operators/deliveries/dead", views.dead_deliveries, name="dead"),
    path("operators/deliveries/<int:pk>/retry", views.retry_delivery, name="retry"),
]
