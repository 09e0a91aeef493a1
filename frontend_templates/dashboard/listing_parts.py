"""A listing's images (uploaded with their alt text) and variants (SKU, name, price, weight).
Each form posts here and comes back to the product's edit page, with its errors on failure."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from catalog.models import ProductVariant
from catalog.services.media import media_create
from catalog.services.variants import variant_create, variant_update
from frontend_templates.dashboard.common import (
    denied_as_403,
    field_errors,
    parse_int,
    require_member,
    shown_errors,
)
from frontend_templates.dashboard.products import form_context, form_values, get_product
from marketplace.core.errors import ServiceError

VARIANT_FIELDS = ("sku", "name", "price", "weight_grams")


@require_POST
@login_required
def image_upload(request, pk: int):
    product = get_product(request, pk)
    upload = request.FILES.get("image")  # None: the service asks for a file
    alt = request.POST.get("alt", "")
    try:
        with denied_as_403():
            media_create(product=product, actor=request.user, image=upload, alt=alt)
    except ServiceError as error:
        return _edit_page(request, product, image_errors=field_errors(error), image_alt=alt)
    return redirect("dashboard:product-edit", pk=product.pk)


@require_POST
@login_required
def variant_new(request, pk: int):
    product = get_product(request, pk)
    typed = _typed(request)
    try:
        with denied_as_403():
            variant_create(product=product, actor=request.user, **_arguments(typed))
    except ServiceError as error:
        return _edit_page(request, product, new_variant=typed, new_variant_errors=_errs(error))
    return redirect("dashboard:product-edit", pk=product.pk)


@require_POST
@login_required
def variant_edit(request, pk: int):
    variant = get_object_or_404(
        ProductVariant.objects.select_related("product__vendor", "product__category"), pk=pk
    )
    require_member(request.user, variant.product.vendor)
    typed = _typed(request)
    try:
        with denied_as_403():
            variant_update(variant=variant, actor=request.user, **_arguments(typed))
    except ServiceError as error:
        product = get_product(request, variant.product_id)
        return _edit_page(
            request,
            product,
            variant_errors={variant.pk: _errs(error)},
            variant_typed={variant.pk: typed},
        )
    return redirect("dashboard:product-edit", pk=variant.product_id)


def _typed(request) -> dict:
    return {field: request.POST.get(field, "").strip() for field in VARIANT_FIELDS}


def _arguments(typed: dict) -> dict:
    return {
        "sku": typed["sku"],
        "name": typed["name"],
        "price": parse_int(typed["price"]),
        "weight_grams": parse_int(typed["weight_grams"], 0 if not typed["weight_grams"] else None),
    }


def _errs(error: ServiceError) -> dict:
    return shown_errors(field_errors(error), VARIANT_FIELDS)


def _edit_page(request, product, *, variant_errors=None, variant_typed=None, **extra):
    values = form_values(request, product, initial=True)
    context = form_context(request, product.vendor, product, values)
    context.update(extra)
    for variant in context["variants"]:
        if variant.pk in (variant_typed or {}):
            variant.form = variant_typed[variant.pk]
        variant.errors = (variant_errors or {}).get(variant.pk, {})
    return render(request, "dashboard/product_form.html", context, status=400)
