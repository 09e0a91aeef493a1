from django.urls import path

from frontend_templates import views

app_name = "storefront"

urlpatterns = [
    path("", views.home, name="home"),
    path("san-pham/", views.products, name="products"),
    path("san-pham/<slug:slug>/", views.product_detail, name="product"),
    path("goi-y/", views.suggestions, name="suggestions"),
    path("qr/<slug:slug>.svg", views.product_qr, name="product-qr"),
]
