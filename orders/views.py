"""Gateway and carrier endpoints: thin, the services in orders.payments and
orders.services.tracking do the work."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from orders.payments import stripe_gateway, vnpay
from orders.services.tracking import tracking_webhook_receive


@require_GET
def vnpay_return(request):
    """Where VNPay sends the shopper's browser: shows the result, never marks anything paid."""
    result = vnpay.vnpay_return(request.GET.dict())
    return render(request, "payments/vnpay_return.html", {"result": result})


@require_GET
def vnpay_ipn(request):
    """VNPay's server-to-server notice; VNPay reads the RspCode JSON."""
    return JsonResponse(vnpay.vnpay_ipn(request.GET.dict()))


@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        outcome = stripe_gateway.stripe_webhook(
            payload=request.body, signature=request.headers.get("Stripe-Signature")
        )
    except stripe_gateway.InvalidSignature:
        return HttpResponse(status=400)
    return JsonResponse({"received": True, "outcome": str(outcome)})


@csrf_exempt  # verified the carrier's way instead, behind the account's secret path
@require_POST
def carrier_webhook(request, carrier: str, webhook_key: str):
    status = tracking_webhook_receive(
        carrier=carrier,
        webhook_key=webhook_key,
        headers=request.headers,
        body=request.body,
        query=request.GET,
    )
    return JsonResponse({"received": status == 200}, status=status)


def carrier_webhook_url(account) -> str:
    """The address to paste into the carrier's webhook settings for this account (GHN: the
    shop's callback URL; GHTK: the partner webhook URL)."""
    path = reverse("carrier-webhook", args=[account.carrier, account.webhook_key])
    return settings.SITE_URL.rstrip("/") + path
