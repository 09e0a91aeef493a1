"""Stripe: a PaymentIntent in đồng (VND is zero-decimal: the amount is the total itself), its
client secret for Stripe.js, and a webhook that settles the payment.

Every webhook event applies once: its id is inserted into `GatewayEvent` first, inside the
transaction that applies it, so a redelivery (even a concurrent one) fails on the unique
constraint and changes nothing."""

import logging

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction

from orders.lock_objects import lock_payment
from orders.models import GatewayEvent, Payment, PaymentMethod
from orders.payments.base import GatewayError, PaymentAction, PaymentGateway, RefundResult
from orders.payments.outcomes import (
    Outcome,
    record_capture,
    record_failure,
    record_refunded_total,
)

logger = logging.getLogger("marketplace.payments")
CURRENCY = "vnd"


class InvalidSignature(Exception):
    """The webhook's `Stripe-Signature` did not verify (or the body was not an event)."""


class StripeGateway(PaymentGateway):
    name = PaymentMethod.STRIPE

    def is_configured(self) -> bool:
        return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)

    def start(self, payment: Payment, *, client_ip: str) -> PaymentAction:
        order = payment.order
        try:
            intent = stripe.PaymentIntent.create(
                api_key=settings.STRIPE_SECRET_KEY,
                idempotency_key=f"ocop-payment-{payment.pk}-intent",
                amount=payment.amount,
                currency=CURRENCY,
                automatic_payment_methods={"enabled": True},
                description=f"OCOP order {order.number}",
                metadata={
                    "order_id": str(order.pk),
                    "order_number": order.number,
                    "payment_id": str(payment.pk),
                },
            )
        except stripe.StripeError as exc:
            raise GatewayError(f"Stripe refused the PaymentIntent: {exc}") from exc
        Payment.objects.filter(pk=payment.pk).update(psp_reference=intent["id"])
        payment.psp_reference = intent["id"]
        return PaymentAction(client_secret=intent["client_secret"])

    def refund(self, payment: Payment, amount: int, *, idempotency_key: str) -> RefundResult:
        try:
            refund = stripe.Refund.create(
                api_key=settings.STRIPE_SECRET_KEY,
                idempotency_key=f"ocop-refund-{idempotency_key}",
                payment_intent=payment.psp_reference,
                amount=amount,
                metadata={"payment_id": str(payment.pk), "order_id": str(payment.order_id)},
            )
        except stripe.StripeError as exc:
            raise GatewayError(f"Stripe refused the refund: {exc}") from exc
        return RefundResult(reference=refund["id"])

    def cancel(self, payment: Payment) -> None:
        if not payment.psp_reference:
            return
        try:
            stripe.PaymentIntent.cancel(
                payment.psp_reference,
                api_key=settings.STRIPE_SECRET_KEY,
                idempotency_key=f"ocop-payment-{payment.pk}-cancel",
            )
        except stripe.StripeError:
            logger.warning("Could not cancel Stripe intent %s", payment.psp_reference)


def stripe_webhook(*, payload: bytes, signature: str | None) -> str:
    """Verify and apply one webhook delivery; returns what happened (an `Outcome`, or
    "duplicate", "ignored", "unknown_payment"). Raises `InvalidSignature`."""
    if not settings.STRIPE_WEBHOOK_SECRET:  # anyone could sign with an empty secret
        logger.warning("Stripe webhook received but STRIPE_WEBHOOK_SECRET is not set")
        raise InvalidSignature("no webhook secret configured")
    try:
        event = stripe.Webhook.construct_event(
            payload, signature, settings.STRIPE_WEBHOOK_SECRET
        ).to_dict()
    except (ValueError, stripe.SignatureVerificationError) as exc:
        logger.warning("Stripe webhook with a bad signature or body: %s", exc)
        raise InvalidSignature(str(exc)) from exc
    handler = _HANDLERS.get(event["type"])
    if handler is None:
        return "ignored"
    obj = event["data"]["object"]
    payment_id = _payment_of(event["type"], obj)
    try:
        with transaction.atomic():
            # First: a second delivery waits here for the first to commit, then fails.
            record = GatewayEvent.objects.create(
                gateway=PaymentMethod.STRIPE,
                event_id=event["id"],
                kind=event["type"],
                payment_id=payment_id,
            )
            if payment_id is None:
                logger.warning("Stripe %s %s for no known payment", event["type"], event["id"])
                outcome = "unknown_payment"
            else:
                order, payment = lock_payment(payment_id)
                outcome = handler(order, payment, obj, event["id"])
            record.outcome = outcome
            record.save(update_fields=["outcome"])
    except IntegrityError:
        logger.info("Stripe event %s delivered again: ignored", event["id"])
        return "duplicate"
    return outcome


def _payment_of(kind: str, obj) -> int | None:
    intent_id = obj.get("payment_intent") if kind.startswith("charge.") else obj.get("id")
    payments = Payment.objects.filter(gateway=PaymentMethod.STRIPE)
    found = payments.filter(psp_reference=intent_id).values_list("pk", flat=True).first()
    if found is None and not kind.startswith("charge."):
        # The webhook can outrun our saving the intent's id: trust the metadata we set.
        claimed = str((obj.get("metadata") or {}).get("payment_id", ""))
        if claimed.isdigit():
            found = (
                payments.filter(pk=int(claimed), psp_reference__in=["", intent_id])
                .values_list("pk", flat=True)
                .first()
            )
    return found


def _succeeded(order, payment, intent, event_id) -> Outcome:
    if str(intent.get("currency", "")).lower() != CURRENCY:
        logger.warning("Stripe intent %s in %s: refused", intent.get("id"), intent.get("currency"))
        return Outcome.REFUSED
    data = {"event": event_id, "intent": intent.get("id")}
    return record_capture(order, payment, amount=int(intent.get("amount_received") or 0), data=data)


def _failed(order, payment, intent, event_id) -> Outcome:
    error = intent.get("last_payment_error") or {}
    data = {"event": event_id, "intent": intent.get("id"), "code": error.get("code", "")}
    return record_failure(order, payment, data=data)


def _refunded(order, payment, charge, event_id) -> Outcome:
    if str(charge.get("currency", "")).lower() != CURRENCY:
        return Outcome.REFUSED
    refunded = int(charge.get("amount_refunded") or 0)
    data = {"event": event_id, "charge": charge.get("id")}
    return record_refunded_total(order, payment, refunded=refunded, data=data)


_HANDLERS = {
    "payment_intent.succeeded": _succeeded,
    "payment_intent.payment_failed": _failed,
    "charge.refunded": _refunded,
}
