from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("don-hang/<str:token>/", views.order_notifications, name="order"),
]
