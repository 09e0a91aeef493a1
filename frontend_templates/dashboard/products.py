"""Listings: the producer's products with their status, the create/edit form and "submit for
review". Images and variants are in `listing_parts`. The catalog services check the role
(owners and managers) and every value; the view only turns typed text into their types."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Min
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalog.models import Category, Product
from catalog.services.products import (
    EDITABLE_FIELDS,
    product_create,
    product_submit_for_review,
    product_update,
)
from frontend_templates.dashboard.certificates import product_sets
from frontend_templates.dashboard.common import (
    commune_picker,
    denied_as_403,
    field_errors,
    parse_int,
    require_member,
    shown_errors,
    vendor_page,
    wants_communes,
)
from marketplace.core.errors import ServiceError
from marketplace.geography.models import Commune
from vendors.models import OcopCertificate

MONTHS = range(1, 13)
# The product barcode (GTIN) is set through the API only.
FORM_FIELDS = tuple(field for field in EDITABLE_FIELDS if field != "gtin")
# Foreign keys: the form shows and posts their primary keys.
_BY_PK = ("category", "origin_commune", "certificate")


@require_GET
@vendor_page
def product_list(request, vendor):
    products = (
        Product.objects.filter(vendor=vendor)
        .select_related("category")
        .annotate(
            variant_count=Count("variants"),
            price_min=Min("variants__price"),
            price_max=Max("variants__price"),
        )
        .order_by("-updated_at", "-pk")
    )
    return render(request, "dashboard/products.html", {"vendor": vendor, "products": products})


@require_http_methods(["GET", "POST"])
@vendor_page
def product_new(request, vendor):
    values, errors = form_values(request, None), {}
    if not values.get("origin_commune"):
        values["origin_commune"] = vendor.commune_id or ""  # most products come from home
    if request.method == "POST" and not wants_communes(request):
        fields = _fields(values)
        name, category = fields.pop("name"), fields.pop("category")
        if fields.get("origin_commune") == "":
            fields.pop("origin_commune")  # the service takes the producer's commune
        try:
            with denied_as_403():
                product = product_create(
                    vendor=vendor, actor=request.user, name=name, category=category, **fields
                )
        except ServiceError as error:
            errors = shown_errors(field_errors(error), FORM_FIELDS)
        else:
            return redirect("dashboard:product-edit", pk=product.pk)
    context = form_context(request, vendor, None, values, errors)
    return render(request, "dashboard/product_form.html", context, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def product_edit(request, pk: int):
    product = get_product(request, pk)
    values, errors = form_values(request, product), {}
    if request.method == "POST" and not wants_communes(request):
        fields = _fields(values)
        try:
            with denied_as_403():
                product_update(product=product, actor=request.user, **fields)
        except ServiceError as error:
            errors = shown_errors(field_errors(error), FORM_FIELDS)
        else:
            return redirect("dashboard:product-edit", pk=product.pk)
    context = form_context(request, product.vendor, product, values, errors)
    return render(request, "dashboard/product_form.html", context, status=400 if errors else 200)


@require_POST
@login_required
def product_submit(request, pk: int):
    product = get_product(request, pk)
    try:
        with denied_as_403():
            product_submit_for_review(product=product, actor=request.user)
    except ServiceError as error:
        values = form_values(request, product, initial=True)
        context = form_context(request, product.vendor, product, values)
        context["submit_errors"] = [e.message for e in error.errors]
        return render(request, "dashboard/product_form.html", context, status=400)
    return redirect("dashboard:product-edit", pk=product.pk)


def get_product(request, pk: int) -> Product:
    """The product, if the person works for its producer; otherwise it does not exist."""
    product = get_object_or_404(
        Product.objects.select_related("vendor", "category", "origin_commune__province"), pk=pk
    )
    require_member(request.user, product.vendor)
    return product


def form_context(request, vendor, product, values, errors=None, **extra) -> dict:
    context = {
        "vendor": vendor,
        "product": product,
        "values": values,
        "errors": errors or {},
        "product_sets": product_sets(),
        # Those the service would attach: not revoked, not rejected.
        "certificates": OcopCertificate.objects.filter(vendor=vendor, revoked=False)
        .exclude(verification_status=OcopCertificate.Verification.REJECTED)
        .order_by("product_name"),
        "months": MONTHS,
        "picker": commune_picker(request, values.get("origin_commune")),
    }
    if product is not None:
        context["media"] = list(product.media.all())
        context["variants"] = list(product.variants.order_by("position", "pk"))
        for variant in context["variants"]:
            variant.form = {
                f: getattr(variant, f) for f in ("sku", "name", "price", "weight_grams")
            }
            variant.errors = {}
        context["events"] = list(product.events.order_by("-created_at")[:5])
        context["can_submit"] = product.status in (Product.Status.DRAFT, Product.Status.REJECTED)
    context.update(extra)
    return context


def form_values(request, product, *, initial=False) -> dict:
    """What the form shows: the typed values after a POST, else the product's."""
    if request.method == "POST" and not initial:
        values = {field: request.POST.get(field, "") for field in FORM_FIELDS}
        values["origin_commune"] = values["origin_commune"].strip()
        values["season_months"] = [parse_int(m) for m in request.POST.getlist("season_months")]
        return values
    if product is None:
        return {"season_months": []}
    values = {field: getattr(product, field) for field in FORM_FIELDS if field not in _BY_PK}
    values["category"] = str(product.category_id)
    values["origin_commune"] = product.origin_commune_id or ""
    values["certificate"] = str(product.certificate_id or "")
    return values


def _fields(values: dict) -> dict:
    """The service's arguments; text that names nothing is passed on for the service to refuse."""
    certificate_pk = parse_int(values["certificate"])
    code = values["origin_commune"]
    return {
        "name": values["name"],
        "category": Category.objects.filter(pk=parse_int(values["category"], 0)).first(),
        "description": values["description"],
        "origin_commune": Commune.objects.filter(pk=code).first() or code if code else "",
        "certificate": OcopCertificate(pk=certificate_pk) if certificate_pk else None,
        # A box that is not a month number becomes 0, which the service refuses.
        "season_months": [0 if m is None else m for m in values["season_months"]],
        "batch": values.get("batch", ""),
    }
