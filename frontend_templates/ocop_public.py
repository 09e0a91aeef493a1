"""The programme in the open, for anyone: the certificate lookup (/tra-cuu/) and the
traceability card a product's QR code opens (/q/<code>). Thin adapters over the lookup service
and the catalogue's and inventory's selectors; both pages work without JavaScript."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from catalog.selectors import traceable_product
from catalog.services.certificate_lookup import certificate_lookup
from frontend_templates.storefront.catalogue import product_url
from inventory.models import Location
from inventory.selectors import product_availability
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.core.throttle import client_address

SEARCH_BY = {
    "decision": ("decision_number", _("Decision number")),
    "product": ("product_name", _("Product name")),
    "tax-code": ("producer_tax_code", _("Producer's tax code")),
}


@require_GET
def certificate_lookup_page(request):
    by = request.GET.get("by") if request.GET.get("by") in SEARCH_BY else "decision"
    query = request.GET.get("q", "").strip()[:200]
    context = {
        "by": by,
        "query": query,
        "search_by": [(key, label) for key, (_field, label) in SEARCH_BY.items()],
        "result": None,
        "errors": [],
    }
    status, retry_after = 200, None
    if query:
        try:
            context["result"] = certificate_lookup(
                client=client_address(request), **{SEARCH_BY[by][0]: query}
            )
        except ServiceError as error:
            context["errors"] = [item.message for item in error.errors]
            throttled = ErrorCode.THROTTLED in error.codes
            status = 429 if throttled else 400
            context["throttled"] = throttled
            retry_after = getattr(error, "retry_after", None)
    response = render(request, "storefront/lookup.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@require_GET
def traceability_card(request, code: str):
    """What a scanned label shows: the certificate's status at this moment, the producer, where
    it is made (with its pre-2025 province) and which showrooms hold it now."""
    product = traceable_product(code)
    if product is None:
        raise Http404(_("There is no product with this code."))
    certificate = product.certificate
    context = {
        "product": product,
        "certificate": certificate,
        "status": certificate.status_on() if certificate else None,
        "scanned_at": timezone.localtime(),
        "showrooms": [
            place for place in product_availability(product) if place.kind == Location.Kind.SHOWROOM
        ],
        "on_sale": product.status == product.Status.PUBLISHED,
        "product_page": product_url(product.slug),
    }
    response = render(request, "storefront/traceability.html", context)
    # The status is "at the moment of scanning": never from a cache.
    response["Cache-Control"] = "no-store"
    return response
