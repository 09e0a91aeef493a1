from django.urls import path

from frontend_templates import shop, shop_account, shop_checkout

app_name = "shop"

urlpatterns = [
    path("gio-hang/", shop.cart, name="cart"),
    path("gio-hang/them/", shop.cart_add, name="cart-add"),
    path("gio-hang/cap-nhat/", shop.cart_update, name="cart-update"),
    path("thanh-toan/", shop_checkout.checkout, name="checkout"),
    path("dia-ly/xa/", shop.communes, name="communes"),
    path("don-hang/<uuid:token>/", shop.order, name="order"),
    path("tai-khoan/dang-ky/", shop_account.register, name="register"),
    path("tai-khoan/don-hang/", shop_account.my_orders, name="my-orders"),
]
