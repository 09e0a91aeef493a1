from django.contrib import admin

from integrations.models import App, AppToken
from marketplace.admin_actions import ReadOnlyAdmin


class AppTokenInline(admin.TabularInline):
    model = AppToken
    fields = ["token_hint", "created_by", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(App)
class AppAdmin(ReadOnlyAdmin):
    """Apps are created and changed through the API, whose services check the scopes and show
    a new token once; here staff look them up."""

    list_display = ["name", "producer", "scopes", "is_active", "created_by", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "producer__name"]
    inlines = [AppTokenInline]
