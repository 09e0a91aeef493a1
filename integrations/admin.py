from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from integrations.models import App, AppToken
from integrations.webhooks.models import WebhookDelivery, WebhookSubscription
from integrations.webhooks.services import webhook_redeliver
from marketplace.admin_actions import ReadOnlyAdmin, service_action


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


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(ReadOnlyAdmin):
    """Subscriptions are managed by their app's owner through the API, whose services check
    the target and the document; staff look here. The secret is never shown: it signs what
    the receiver gets, and only the app's owner reads it (through the API)."""

    list_display = ["app", "target_url", "events", "is_active", "paused_until", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["app__name", "target_url"]
    fields = ["app", "target_url", "events", "query", "is_active", "consecutive_failures",
              "paused_until", "created_at", "updated_at"]  # fmt: skip
    readonly_fields = fields
    list_select_related = ["app"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    """The delivery log; a delivery is sent again (same X-Ocop-Delivery, a fresh retry window)
    through the same service as the API's webhookRedeliver."""

    list_display = ["event", "delivery_id", "subscription", "status", "attempts",
                    "response_code", "created_at", "finished_at"]  # fmt: skip
    list_filter = ["status", "event"]
    search_fields = ["delivery_id", "subscription__target_url", "subscription__app__name"]
    fields = ["subscription", "event", "delivery_id", "status", "attempts", "response_code",
              "response_time_ms", "response_body", "last_error", "next_attempt_at",
              "retry_until", "created_at", "finished_at", "payload"]  # fmt: skip
    readonly_fields = fields
    list_select_related = ["subscription__app"]
    actions = [
        service_action(
            lambda delivery, actor, note: webhook_redeliver(actor=actor, delivery=delivery),
            name="redeliver",
            description=_("Redeliver"),
        )
    ]
