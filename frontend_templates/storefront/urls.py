"""The storefront's pages, one namespace: catalogue, cart and checkout, the shopper's account, and
the programme's public pages (certificate lookup, traceability cards, statistics)."""

from django.urls import path

from frontend_templates import ocop_public
from frontend_templates.statistics import views as statistics
from frontend_templates.storefront import (
    account,
    cart,
    catalogue,
    checkout,
    order_page,
    product_page,
    reviews,
)

app_name = "storefront"

urlpatterns = [
    path("", catalogue.home, name="home"),
    path("san-pham/", catalogue.products, name="products"),
    path("san-pham/<slug:slug>/", product_page.product_detail, name="product"),
    path("goi-y/", catalogue.suggestions, name="suggestions"),
    path("qr/<slug:slug>.svg", catalogue.product_qr, name="product-qr"),
    path("gio-hang/", cart.cart, name="cart"),
    path("gio-hang/them/", cart.cart_add, name="cart-add"),
    path("gio-hang/cap-nhat/", cart.cart_update, name="cart-update"),
    path("thanh-toan/", checkout.checkout, name="checkout"),
    path("dia-ly/xa/", cart.communes, name="communes"),
    path("don-hang/<uuid:token>/", order_page.order, name="order"),
    path("don-hang/<uuid:token>/huy/<int:part_id>/", order_page.order_cancel, name="order-cancel"),
    path("tai-khoan/dang-ky/", account.register, name="register"),
    path("tai-khoan/don-hang/", account.my_orders, name="my-orders"),
    path("danh-gia/viet/<int:line_id>/", reviews.review_write, name="review-write"),
    path("danh-gia/<int:review_id>/sua/", reviews.review_edit, name="review-edit"),
    path("danh-gia/<int:review_id>/xoa/", reviews.review_remove, name="review-delete"),
    path("danh-gia/<int:review_id>/huu-ich/", reviews.review_helpful, name="review-vote"),
    path("danh-gia/<int:review_id>/bao-cao/", reviews.review_flag, name="review-report"),
    path("q/<str:code>", ocop_public.traceability_card, name="traceability"),
    path("tra-cuu/", ocop_public.certificate_lookup_page, name="certificate-lookup"),
    path("thong-ke/", statistics.statistics_page, name="statistics"),
    path("thong-ke/thong-ke-ocop.csv", statistics.statistics_csv, name="statistics-csv"),
    path("thong-ke/thong-ke-ocop.xlsx", statistics.statistics_xlsx, name="statistics-xlsx"),
]
