"""Staff see which orders' shoppers switched their notices off (to answer "why did I get no
e-mail?"); only the shopper's link changes it."""

from django.contrib import admin

from notifications.models import OrderNotificationSetting


@admin.register(OrderNotificationSetting)
class OrderNotificationSettingAdmin(admin.ModelAdmin):
    list_display = ["order", "muted_at", "updated_at"]
    list_filter = [("muted_at", admin.EmptyFieldListFilter)]
    search_fields = ["order__email"]
    readonly_fields = ["order", "muted_at", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
