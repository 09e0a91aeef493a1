from django.urls import path

from orders import views

app_name = "payments"

urlpatterns = [
    path("vnpay/return/", views.vnpay_return, name="vnpay-return"),
    path("vnpay/ipn/", views.vnpay_ipn, name="vnpay-ipn"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe-webhook"),
]
