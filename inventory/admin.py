from django.contrib import admin

from inventory.models import Location, Stock


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "vendor", "commune", "is_active"]
    list_filter = ["kind", "is_active", "commune__province"]
    search_fields = ["name", "vendor__name"]
    autocomplete_fields = ["vendor", "commune"]


@admin.register(Stock)
class StockAdmin(admin.ModelAdmin):
    list_display = ["variant", "location", "quantity", "quantity_allocated"]
    list_filter = ["location"]
    search_fields = ["variant__sku", "variant__product__name", "location__name"]
    list_select_related = ["variant__product", "location"]
    raw_id_fields = ["variant"]

    def has_change_permission(self, request, obj=None):
        return False  # stock changes go through inventory services and their ledger
