from django.urls import path

from frontend_templates import showroom, showroom_counter, showroom_reports, showroom_settings

app_name = "showroom"

urlpatterns = [
    path("", showroom.index, name="index"),
    path("<int:pk>/", showroom.stock, name="stock"),
    path("<int:pk>/nhap-tu-tep/", showroom.stock_import, name="import"),
    path("<int:pk>/ton-kho.csv", showroom.stock_export, name="export"),
    path("<int:pk>/ban-hang/", showroom_counter.sale, name="sale"),
    path("<int:pk>/ban-hang/tim/", showroom_counter.sale_search, name="sale-search"),
    path("<int:pk>/ban-hang/<int:sale_pk>/", showroom_counter.receipt, name="receipt"),
    path("<int:pk>/bao-cao/", showroom_reports.daily_report, name="report"),
    path("<int:pk>/bao-cao.csv", showroom_reports.daily_report_export, name="report-csv"),
    path("<int:pk>/ket-noi/", showroom_settings.settings_page, name="settings"),
    path("<int:pk>/nhan-hang/", showroom_counter.pickups, name="pickups"),
]
