from django.urls import path

from frontend_templates.dashboard import (
    carriers,
    certificates,
    earnings,
    home,
    labels,
    listing_parts,
    onboarding,
    orders,
    products,
    reviews,
    stock,
    vouchers,
)

app_name = "dashboard"

urlpatterns = [
    path("", home.home, name="home"),
    path("dang-ky/", onboarding.apply, name="apply"),
    path("dang-ky/tai-lieu/", onboarding.apply_document, name="apply-document"),
    path("dang-ky/gui/", onboarding.apply_submit, name="apply-submit"),
    path("chung-nhan/", certificates.certificate_list, name="certificates"),
    path("chung-nhan/them/", certificates.certificate_new, name="certificate-new"),
    path("san-pham/", products.product_list, name="products"),
    path("san-pham/moi/", products.product_new, name="product-new"),
    path("san-pham/<int:pk>/", products.product_edit, name="product-edit"),
    path("san-pham/<int:pk>/gui-duyet/", products.product_submit, name="product-submit"),
    path("san-pham/<int:pk>/anh/", listing_parts.image_upload, name="product-image"),
    path("san-pham/<int:pk>/phien-ban/", listing_parts.variant_new, name="variant-new"),
    path("phien-ban/<int:pk>/", listing_parts.variant_edit, name="variant-edit"),
    path("nhan-qr/", labels.labels, name="labels"),
    path("nhan-qr/in/", labels.labels_sheet, name="labels-sheet"),
    path("ton-kho/", stock.stock, name="stock"),
    path("don-hang/", orders.order_list, name="orders"),
    path("don-hang/csv/", orders.order_csv, name="orders-csv"),
    path("don-hang/<int:pk>/xac-nhan/", orders.order_confirm, name="order-confirm"),
    path("don-hang/<int:pk>/giao-van/", orders.order_ship, name="order-ship"),
    path("don-hang/<int:pk>/da-giao/", orders.order_deliver, name="order-deliver"),
    path("don-hang/<int:pk>/huy/", orders.order_cancel, name="order-cancel"),
    path("don-hang/<int:pk>/van-don/", orders.order_shipment_create, name="order-shipment"),
    path(
        "don-hang/<int:pk>/van-don/<int:shipment_pk>/huy/",
        orders.order_shipment_cancel,
        name="order-shipment-cancel",
    ),
    path(
        "don-hang/<int:pk>/van-don/<int:shipment_pk>/nhan/",
        orders.order_shipment_label,
        name="order-shipment-label",
    ),
    path("doanh-thu/", earnings.earnings, name="earnings"),
    path("ma-giam-gia/", vouchers.vouchers, name="vouchers"),
    path("van-chuyen/", carriers.carriers, name="carriers"),
    path("danh-gia/", reviews.review_list, name="reviews"),
    path("danh-gia/<int:pk>/phan-hoi/", reviews.review_reply, name="review-reply"),
]
