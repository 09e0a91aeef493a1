"""Staff see what the outbox still has to do, what failed and why, and can send it again."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from marketplace.core.errors import ServiceError
from marketplace.outbox.models import PENDING, OutboxMessage
from marketplace.outbox.services import outbox_retry

Status = OutboxMessage.Status


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Status.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == Status.PENDING:
            return queryset.filter(PENDING, attempts=0)
        if value == Status.RETRYING:
            return queryset.filter(PENDING, attempts__gt=0)
        if value == Status.FAILED:
            return queryset.failed()
        if value == Status.DONE:
            return queryset.filter(done_at__isnull=False)
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "handler", "status_label", "attempts", "available_at", "created_at"]
    list_filter = [StatusFilter, "handler"]
    search_fields = ["handler", "dedupe_key", "last_error"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    actions = ["retry_now"]

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return Status(obj.status).label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a pending message deleted is work lost

    @admin.action(description=_("Retry now"))
    def retry_now(self, request, queryset):
        try:
            count = outbox_retry(actor=request.user, messages=list(queryset))
        except ServiceError as exc:
            self.message_user(request, exc.errors[0].message, messages.ERROR)
            return
        self.message_user(
            request,
            ngettext("%(n)s message is due again.", "%(n)s messages are due again.", count)
            % {"n": count},
        )
