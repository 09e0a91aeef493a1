"""Admin for the producers' money: bank accounts are edited here; earnings entries, refunds and
payouts are written by the services only and shown read-only (payouts export as CSV)."""

from django.contrib import admin
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from marketplace.admin_actions import ReadOnlyAdmin
from orders.models import EarningsEntry, Payout, PayoutAccount, Refund
from orders.services.payouts import payouts_csv


@admin.register(PayoutAccount)
class PayoutAccountAdmin(admin.ModelAdmin):
    list_display = ("vendor", "bank_name", "account_number", "account_holder", "updated_at")
    search_fields = ("vendor__name", "account_number")
    autocomplete_fields = ("vendor",)


@admin.register(EarningsEntry)
class EarningsEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "vendor", "vendor_order", "kind", "component", "amount", "payout")
    list_filter = ("kind", "component")
    search_fields = ("vendor__name",)
    list_select_related = ("vendor", "vendor_order__order", "payout")


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "vendor_order", "gateway", "amount", "psp_reference", "reason")
    list_filter = ("gateway",)
    list_select_related = ("vendor_order__order",)


@admin.action(description=_("Export as CSV for the bank transfer"))
def export_csv(modeladmin, request, queryset):
    response = HttpResponse(
        payouts_csv(payouts=queryset.select_related("vendor")),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="ocop-payouts.csv"'
    return response


@admin.register(Payout)
class PayoutAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "vendor", "period_start", "period_end", "amount", "created_by")
    list_select_related = ("vendor", "created_by")
    actions = [export_csv]
