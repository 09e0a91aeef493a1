"""Inbound POS webhooks: `/integrations/<provider>/<connection id>/webhook/`. Thin: the
service verifies the signature before anything is read, records the raw event and queues its
task; the view answers with the status it gives (2xx fast, 401 for a bad signature)."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from inventory.services.pos_ingest import webhook_challenge, webhook_receive


@csrf_exempt  # signed by the provider instead
@require_http_methods(["GET", "POST"])
def pos_webhook(request, provider: str, connection_id: int):
    if request.method == "GET":  # Haravan's subscription handshake (hub.challenge)
        answer = webhook_challenge(
            connection_id=connection_id, provider=provider, query=request.GET
        )
    else:
        answer = webhook_receive(
            connection_id=connection_id,
            provider=provider,
            headers=request.headers,
            body=request.body,
        )
    return HttpResponse(answer.body, status=answer.status, content_type="text/plain")


def webhook_url(connection) -> str:
    """The address to paste into the POS's webhook settings for this connection."""
    path = reverse("pos-webhook", args=[connection.provider, connection.pk])
    return settings.SITE_URL.rstrip("/") + path
