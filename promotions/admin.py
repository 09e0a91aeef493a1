from django.contrib import admin

from promotions.models import Voucher, VoucherRedemption


@admin.register(Voucher)
class VoucherAdmin(admin.ModelAdmin):
    """Platform vouchers are made here (producers make theirs on their dashboard)."""

    list_display = (
        "code",
        "vendor",
        "kind",
        "value",
        "min_order",
        "times_used",
        "usage_limit",
        "is_active",
        "ends_at",
    )
    list_filter = ("kind", "is_active", "first_order_only")
    search_fields = ("code", "description", "vendor__name")
    raw_id_fields = ("vendor",)
    readonly_fields = ("times_used", "created_by", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        obj.code = "".join(obj.code.split()).upper()
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(VoucherRedemption)
class VoucherRedemptionAdmin(admin.ModelAdmin):
    list_display = ("voucher", "order", "email", "amount", "created_at")
    search_fields = ("voucher__code", "email", "order__number")
    raw_id_fields = ("voucher", "order", "user")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
