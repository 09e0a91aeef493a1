from django.urls import path

from frontend_templates import showroom

app_name = "showroom"

urlpatterns = [
    path("", showroom.index, name="index"),
    path("<int:pk>/", showroom.stock, name="stock"),
    path("<int:pk>/import/", showroom.stock_import, name="import"),
    path("<int:pk>/export.csv", showroom.stock_export, name="export"),
]
