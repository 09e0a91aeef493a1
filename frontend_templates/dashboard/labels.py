"""QR labels to print and stick on packages: the producer picks how many of each published
product, and gets an A4 PDF of 24 labels a page (frontend_templates.labels_pdf)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from catalog.models import Product
from frontend_templates.dashboard.common import parse_int, vendor_page
from frontend_templates.labels_pdf import LABELS_PER_PAGE, Label, labels_pdf
from frontend_templates.storefront.catalogue import traceability_path

MAX_PER_PRODUCT = LABELS_PER_PAGE * 4
MAX_LABELS = LABELS_PER_PAGE * 20


def _products(vendor):
    return list(
        Product.objects.published()
        .filter(vendor=vendor)
        .with_current_stars()
        .order_by("name_folded", "pk")
    )


@require_GET
@vendor_page
def labels(request, vendor):
    """The form: a number of labels per product (one of each to start with)."""
    return render(
        request,
        "dashboard/labels.html",
        {
            "vendor": vendor,
            "products": _products(vendor),
            "per_page": LABELS_PER_PAGE,
            "max_per_product": MAX_PER_PRODUCT,
        },
    )


@require_GET
@vendor_page
def labels_sheet(request, vendor):
    chosen = []
    for product in _products(vendor):
        copies = parse_int(request.GET.get(f"copies-{product.pk}"), 0) or 0
        chosen.extend([product] * max(0, min(copies, MAX_PER_PRODUCT)))
    chosen = chosen[:MAX_LABELS]
    host = request.get_host()
    sheet = [
        Label(
            name=product.name,
            stars=product.current_stars,
            stars_text=_("OCOP %(stars)s stars") % {"stars": product.current_stars}
            if product.current_stars
            else "",
            producer=vendor.legal_name,
            url=request.build_absolute_uri(traceability_path(product.short_code)),
            short_url=f"{host}{traceability_path(product.short_code)}",
        )
        for product in chosen
    ]
    title = _("QR labels – %(name)s") % {"name": vendor.name}
    response = HttpResponse(labels_pdf(sheet, title=title), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="nhan-qr-{vendor.slug}.pdf"'
    return response
