from django import forms
from django.contrib import admin

from marketplace.core.errors import ServiceError
from orders.models import Checkout, CheckoutLine, ShippingMethod
from orders.services.shipping import shipping_prices_clean


class ShippingMethodForm(forms.ModelForm):
    """Staff edit methods here; their prices follow the same rules as the service's (a
    bracket that is not [grams, price] would fail every checkout that offers the method)."""

    class Meta:
        model = ShippingMethod
        fields = [
            "vendor",
            "name",
            "is_nationwide",
            "provinces",
            "flat_price",
            "weight_brackets",
            "free_above",
            "min_days",
            "max_days",
            "is_active",
        ]

    def clean(self):
        cleaned = super().clean()
        if any(name in self.errors for name in ("flat_price", "weight_brackets", "free_above")):
            return cleaned
        try:
            prices = shipping_prices_clean(
                flat_price=cleaned.get("flat_price"),
                weight_brackets=cleaned.get("weight_brackets"),
                free_above=cleaned.get("free_above"),
            )
        except ServiceError as error:
            for item in error.errors:
                self.add_error(item.field if item.field in self.fields else None, item.message)
            return cleaned
        cleaned["flat_price"], cleaned["weight_brackets"], cleaned["free_above"] = prices
        return cleaned


@admin.register(ShippingMethod)
class ShippingMethodAdmin(admin.ModelAdmin):
    form = ShippingMethodForm
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


from orders import admin_earnings  # noqa: E402, F401  (the producers' money)
