"""The staff's moderation queue of product reviews.

A review is the shopper's words: staff never edit it here. They publish or hide it with the
actions, which ask for a reason and go through `review_moderate`, so the aggregates move in the
same transaction and every decision is a ReviewEvent with its actor and reason."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from marketplace.admin_actions import ReviewQueueAdmin, service_action
from reviews.models import ProductReview, ReviewEvent, ReviewPhoto, ReviewReply, ReviewReport
from reviews.moderation_selectors import newly_reported
from reviews.services.reviews import review_moderate


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReviewPhotoInline(ReadOnlyInline):
    model = ReviewPhoto
    fields = ["preview", "width", "height", "created_at"]
    readonly_fields = fields

    @admin.display(description=_("image"))
    def preview(self, obj):
        return format_html('<img src="{}" alt="" width="120">', obj.image.url) if obj.image else "-"


class ReviewReplyInline(ReadOnlyInline):
    model = ReviewReply
    fields = ["body", "author", "created_at", "updated_at"]
    readonly_fields = fields


class ReviewReportInline(ReadOnlyInline):
    model = ReviewReport
    fields = ["created_at", "reporter", "reason"]
    readonly_fields = fields


class ReviewEventInline(ReadOnlyInline):
    model = ReviewEvent
    fk_name = "review"
    fields = ["created_at", "kind", "actor", "reason", "data"]
    readonly_fields = fields


class ReportedFilter(admin.SimpleListFilter):
    title = pgettext_lazy("review moderation", "reported")
    parameter_name = "reported"
    NEW, ANY, NONE = "new", "any", "none"

    def lookups(self, request, model_admin):
        return [
            (self.NEW, pgettext_lazy("review moderation", "Reported since the last decision")),
            (self.ANY, pgettext_lazy("review moderation", "Ever reported")),
            (self.NONE, pgettext_lazy("review moderation", "Never reported")),
        ]

    def queryset(self, request, queryset):
        if self.value() == self.NEW:
            return newly_reported(queryset)
        if self.value() == self.ANY:
            return queryset.filter(report_count__gt=0)
        if self.value() == self.NONE:
            return queryset.filter(report_count=0)
        return queryset


# The model's labels are shared with other statuses ("Published" reads "Đang bán" for a
# listing): the queue says what a review's status means.
STATUS_LABELS = {
    ProductReview.Status.PUBLISHED: pgettext_lazy("review moderation", "Published"),
    ProductReview.Status.PENDING: pgettext_lazy("review moderation", "Waiting for moderation"),
    ProductReview.Status.HIDDEN: pgettext_lazy("review moderation", "Hidden"),
}


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return list(STATUS_LABELS.items())

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


def _moderate(action):
    return lambda review, actor, reason: review_moderate(
        actor=actor, review=review, action=action, reason=reason
    )


@admin.register(ProductReview)
class ProductReviewAdmin(ReviewQueueAdmin):
    pending = {"status": ProductReview.Status.PENDING}
    quick_actions = ("publish", "hide")
    list_display = [
        "product",
        "stars",
        "status_label",
        "author",
        "excerpt",
        "report_count",
        "helpful_count",
        "created_at",
    ]
    list_filter = [StatusFilter, "rating", ReportedFilter]
    search_fields = ["title", "body", "product__name", "author__email", "author__full_name"]
    list_select_related = ["product", "author"]
    fields = [
        "product",
        "author",
        "variant_name",
        "rating",
        "status_label",
        "title",
        "body",
        "held_for",
        "report_count",
        "helpful_count",
        "delivered_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields
    inlines = [ReviewPhotoInline, ReviewReplyInline, ReviewReportInline, ReviewEventInline]
    actions = [
        service_action(
            _moderate("PUBLISH"),
            name="publish",
            description=pgettext_lazy("review moderation", "Publish"),
            needs_note=True,
        ),
        service_action(
            _moderate("HIDE"),
            name="hide",
            description=pgettext_lazy("review moderation", "Hide"),
            needs_note=True,
        ),
    ]

    @admin.display(description=_("rating"), ordering="rating")
    def stars(self, obj):
        return "★" * obj.rating

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        return STATUS_LABELS.get(obj.status, obj.status)

    @admin.display(description=pgettext_lazy("review moderation", "excerpt"))
    def excerpt(self, obj):
        text = obj.title or obj.body
        return text if len(text) <= 80 else text[:79] + "…"

    @admin.display(description=pgettext_lazy("review moderation", "held for"))
    def held_for(self, obj):
        """Why the text checks held it for staff, from its latest write."""
        event = (
            obj.events.filter(kind__in=[ReviewEvent.Kind.CREATED, ReviewEvent.Kind.UPDATED])
            .order_by("-pk")
            .first()
        )
        reasons = (event.data.get("held_for") if event else None) or []
        labels = {
            "phone": pgettext_lazy("review moderation", "a phone number"),
            "url": pgettext_lazy("review moderation", "a link"),
            "banned_word": pgettext_lazy("review moderation", "a banned word"),
        }
        if not reasons:
            return "-"
        return format_html_join(", ", "{}", ((labels.get(r, r),) for r in reasons))

    def has_add_permission(self, request):
        return False  # shoppers write reviews of what they received

    def has_change_permission(self, request, obj=None):
        return False  # the shopper's words; staff decide with the actions

    def has_delete_permission(self, request, obj=None):
        return False  # a deletion must recompute the aggregates: the author deletes
