from django.contrib import admin

from inventory.models import (
    ConsignmentAgreement,
    Location,
    LocationToken,
    PosSale,
    PosSaleLine,
    ShowroomOperator,
    ShowroomOperatorMember,
    Stock,
    StockMovement,
    StockSyncRequest,
    Transfer,
    TransferLine,
)
from marketplace.admin_actions import ReadOnlyAdmin


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "vendor", "operator", "commune", "pickup_enabled", "is_active"]
    list_filter = ["kind", "is_active", "pickup_enabled", "commune__province"]
    search_fields = ["name", "vendor__name", "operator__name"]
    autocomplete_fields = ["vendor", "commune", "operator"]


class OperatorMemberInline(admin.TabularInline):
    model = ShowroomOperatorMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(ShowroomOperator)
class ShowroomOperatorAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "email"]
    search_fields = ["name"]
    inlines = [OperatorMemberInline]


@admin.register(ConsignmentAgreement)
class ConsignmentAgreementAdmin(admin.ModelAdmin):
    list_display = ["vendor", "showroom", "commission_rate", "starts_on", "ends_on", "is_active"]
    list_filter = ["is_active", "showroom"]
    search_fields = ["vendor__name", "showroom__name"]
    autocomplete_fields = ["vendor"]
    raw_id_fields = ["showroom"]
    readonly_fields = ["created_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Stock)
class StockAdmin(admin.ModelAdmin):
    list_display = ["variant", "location", "quantity", "quantity_allocated", "low_stock_threshold"]
    list_filter = ["location"]
    search_fields = ["variant__sku", "variant__product__name", "location__name"]
    list_select_related = ["variant__product", "location"]
    raw_id_fields = ["variant"]

    def has_change_permission(self, request, obj=None):
        return False  # stock changes go through inventory services and their ledger


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "stock",
        "kind",
        "quantity_delta",
        "allocated_delta",
        "quantity_after",
        "reference",
        "actor_user",
        "actor_token",
    ]
    list_filter = ["kind", "stock__location"]
    search_fields = ["reference", "stock__variant__sku"]
    list_select_related = ["stock__variant", "stock__location", "actor_user", "actor_token"]
    date_hierarchy = "created_at"


@admin.register(StockSyncRequest)
class StockSyncRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "location",
        "idempotency_key",
        "mode",
        "actor_user",
        "actor_token",
    ]
    list_filter = ["mode", "location"]
    search_fields = ["idempotency_key"]


@admin.register(LocationToken)
class LocationTokenAdmin(admin.ModelAdmin):
    """Tokens are created where the raw token can be shown once (the API or the console);
    here they are listed and revoked."""

    list_display = ["name", "location", "token_hint", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["location"]
    search_fields = ["name", "token_hint", "location__name"]
    readonly_fields = [
        "location",
        "name",
        "token_hint",
        "created_by",
        "created_at",
        "last_used_at",
    ]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False


class PosSaleLineInline(ReadOnlyInline):
    model = PosSaleLine
    fields = ["sku", "quantity", "unit_price", "line_total", "commission_rate", "commission_amount"]
    readonly_fields = fields


@admin.register(PosSale)
class PosSaleAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "location", "client_sale_id", "total", "paid_with"]
    list_filter = ["location", "paid_with"]
    search_fields = ["client_sale_id"]
    inlines = [PosSaleLineInline]


class TransferLineInline(ReadOnlyInline):
    model = TransferLine
    fields = ["variant", "quantity_sent", "quantity_received"]
    readonly_fields = fields


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ["pk", "vendor", "source", "destination", "status", "created_at", "received_at"]
    list_filter = ["status"]
    search_fields = ["vendor__name", "source__name", "destination__name"]
    inlines = [TransferLineInline]
