from django.contrib import admin

from orders.models import Checkout, CheckoutLine, ShippingMethod


@admin.register(ShippingMethod)
class ShippingMethodAdmin(admin.ModelAdmin):
    list_display = ("name", "vendor", "is_nationwide", "flat_price", "free_above", "is_active")
    list_filter = ("is_nationwide", "is_active")
    search_fields = ("name", "vendor__name")
    autocomplete_fields = ("vendor",)
    filter_horizontal = ("provinces",)


class CheckoutLineInline(admin.TabularInline):
    model = CheckoutLine
    extra = 0
    raw_id_fields = ("variant",)


@admin.register(Checkout)
class CheckoutAdmin(admin.ModelAdmin):
    list_display = ("token", "email", "user", "updated_at", "expires_at")
    search_fields = ("email", "token")
    raw_id_fields = ("user", "commune")
    inlines = [CheckoutLineInline]


from orders import admin_ledger  # noqa: E402, F401  (the producers' money)
