"""Storefront pages. Thin: they read through catalog selectors and render."""

from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, render

from catalog.models import Product
from catalog.selectors import storefront_products, storefront_products_in_order

PAGE_SIZE = 24


def home(request):
    # Starred products first; NULLs sort first in descending order on PostgreSQL otherwise.
    ordered_ids = (
        Product.objects.published()
        .with_current_stars()
        .order_by(F("current_stars").desc(nulls_last=True), "name", "pk")
        .values_list("pk", flat=True)
    )
    page = Paginator(ordered_ids, PAGE_SIZE).get_page(request.GET.get("page"))
    products = storefront_products_in_order(page.object_list)
    return render(request, "storefront/home.html", {"page": page, "products": products})


def product_detail(request, slug: str):
    product = get_object_or_404(storefront_products(), slug=slug)
    return render(request, "storefront/product_detail.html", {"product": product})
