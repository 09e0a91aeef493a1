from django.urls import path

from frontend_templates import showroom, showroom_counter

app_name = "showroom"

urlpatterns = [
    path("", showroom.index, name="index"),
    path("<int:pk>/", showroom.stock, name="stock"),
    path("<int:pk>/import/", showroom.stock_import, name="import"),
    path("<int:pk>/export.csv", showroom.stock_export, name="export"),
    path("<int:pk>/ban-hang/", showroom_counter.sale, name="sale"),
    path("<int:pk>/nhan-hang/", showroom_counter.pickups, name="pickups"),
]
