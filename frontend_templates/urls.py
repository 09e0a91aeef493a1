from django.urls import path

from frontend_templates import views

app_name = "storefront"

urlpatterns = [
    path("", views.home, name="home"),
    path("san-pham/<slug:slug>/", views.product_detail, name="product"),
]
