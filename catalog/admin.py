from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from catalog.models import Category, Product, ProductEvent, ProductMedia, ProductVariant
from catalog.services import products
from marketplace.admin_actions import ReviewQueueAdmin, TransitionEventInline, review_action
from marketplace.core.html import sanitize_html
from marketplace.core.money import format_vnd


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "slug"]
    list_filter = ["level"]
    search_fields = ["code", "name", "slug"]
    ordering = ["level", "code"]

    def has_add_permission(self, request):
        return False  # the taxonomy comes from the programme's data file

    def has_delete_permission(self, request, obj=None):
        return False


class ProductVariantInline(admin.TabularInline):
    model = ProductVariant
    extra = 0
    fields = ["sku", "name", "price_vnd", "compare_at_price", "weight_grams", "gtin"]
    readonly_fields = fields

    @admin.display(description=_("price"))
    def price_vnd(self, obj):
        return format_vnd(obj.price)

    def has_add_permission(self, request, obj=None):
        return False


class ProductMediaInline(admin.TabularInline):
    model = ProductMedia
    extra = 0
    fields = ["preview", "alt", "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("image"))
    def preview(self, obj):
        return format_html('<img src="{}" alt="" width="80">', obj.image.url) if obj.image else "-"


class ProductEventInline(TransitionEventInline):
    model = ProductEvent


@admin.register(Product)
class ProductAdmin(ReviewQueueAdmin):
    pending = {"status": Product.Status.PENDING_REVIEW}
    quick_actions = ("approve", "reject")
    list_display = ["name", "vendor", "category", "status", "stars", "updated_at"]
    list_filter = ["status", "category__parent__parent", "vendor__kind"]
    search_fields = ["name", "slug", "vendor__name", "variants__sku"]
    list_select_related = ["vendor", "category", "certificate"]
    readonly_fields = [
        "vendor",
        "slug",
        "status",
        "review_note",
        "certificate",
        "description_html",
        "published_at",
        "created_at",
        "updated_at",
    ]
    exclude = ["description"]
    inlines = [ProductVariantInline, ProductMediaInline, ProductEventInline]
    actions = [
        review_action(
            products.product_approve,
            "product",
            name="approve",
            description=_("Approve and publish"),
        ),
        review_action(
            products.product_reject,
            "product",
            name="reject",
            description=_("Reject"),
            needs_note=True,
        ),
        review_action(
            products.product_archive,
            "product",
            name="archive",
            description=_("Archive"),
        ),
    ]

    @admin.display(description=_("OCOP stars"))
    def stars(self, obj):
        return obj.ocop_stars or "-"

    @admin.display(description=_("description"))
    def description_html(self, obj):
        # Shown as formatted text, not as tags; sanitised again in case a row skipped the service.
        return format_html("<div>{}</div>", mark_safe(sanitize_html(obj.description)))

    def has_add_permission(self, request):
        return False  # producers list products; staff moderate them

    def get_readonly_fields(self, request, obj=None):
        # Content belongs to the producer and changes through the services (slugs,
        # certificate checks, events); staff act on it with the moderation actions.
        return [*self.readonly_fields, "name", "category", "origin_commune", "season_mask", "gtin"]
