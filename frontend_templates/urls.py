from django.urls import path

from frontend_templates import ocop_public, views
from frontend_templates.statistics import views as statistics

app_name = "storefront"

urlpatterns = [
    path("", views.home, name="home"),
    path("san-pham/", views.products, name="products"),
    path("san-pham/<slug:slug>/", views.product_detail, name="product"),
    path("goi-y/", views.suggestions, name="suggestions"),
    path("qr/<slug:slug>.svg", views.product_qr, name="product-qr"),
    path("q/<str:code>", ocop_public.traceability_card, name="traceability"),
    path("tra-cuu/", ocop_public.certificate_lookup_page, name="certificate-lookup"),
    path("thong-ke/", statistics.statistics_page, name="statistics"),
    path("thong-ke/thong-ke-ocop.csv", statistics.statistics_csv, name="statistics-csv"),
    path("thong-ke/thong-ke-ocop.xlsx", statistics.statistics_xlsx, name="statistics-xlsx"),
]
