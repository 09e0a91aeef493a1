"""VNPay (API v2.1.0): a signed payment URL, the IPN that settles the payment, the return page.

Signing, as VNPay's own samples do it: the `vnp_*` parameters sorted by name, each value
encoded with `quote_plus`, joined `k=v&k=v`, then HMAC-SHA512 with the merchant's hash secret,
in lowercase hex, sent as `vnp_SecureHash`. Only the IPN (server to server) marks a payment
paid; the return page the shopper's browser lands on merely shows the result."""

import hashlib
import hmac
import ipaddress
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote_plus
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from orders.lock_objects import lock_payment
from orders.models import Order, Payment, PaymentMethod
from orders.payments.base import PaymentAction, PaymentGateway
from orders.payments.outcomes import record_capture, record_failure

logger = logging.getLogger("marketplace.payments")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
VERSION = "2.1.0"
_UNSIGNED = {"vnp_SecureHash", "vnp_SecureHashType"}


def canonical_query(params: Mapping[str, object], *, keep_empty: bool = False) -> str:
    items = sorted(
        (key, str(value))
        for key, value in params.items()
        if key.startswith("vnp_") and key not in _UNSIGNED
    )
    return "&".join(
        f"{key}={quote_plus(value)}" for key, value in items if value != "" or keep_empty
    )


def sign(params: Mapping[str, object], secret: str, *, keep_empty: bool = False) -> str:
    data = canonical_query(params, keep_empty=keep_empty).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), data, hashlib.sha512).hexdigest()


def verify(params: Mapping[str, str], secret: str) -> bool:
    """Constant-time check of `vnp_SecureHash`. VNPay's samples differ on empty values (some
    sign them as `k=`, some leave them out); either form signed with our secret is genuine."""
    given = str(params.get("vnp_SecureHash", "")).lower()
    if not secret or not given:
        return False
    forms = [False] + ([True] if any(v == "" for v in params.values()) else [])
    return any(hmac.compare_digest(sign(params, secret, keep_empty=k), given) for k in forms)


def vnpay_time(moment: datetime) -> str:
    return moment.astimezone(VIETNAM).strftime("%Y%m%d%H%M%S")


def return_url() -> str:
    return settings.VNPAY_RETURN_URL or settings.SITE_URL.rstrip("/") + reverse(
        "payments:vnpay-return"
    )


def _ip(client_ip: str) -> str:
    try:
        return str(ipaddress.ip_address(client_ip.strip()))
    except ValueError:
        return "127.0.0.1"


def payment_params(payment: Payment, *, client_ip: str, now: datetime | None = None) -> dict:
    """The request parameters, unsigned. `payment.psp_reference` is the unique vnp_TxnRef."""
    order = payment.order
    now = now or timezone.now()
    expires = order.payment_due_at or now + timedelta(
        minutes=settings.ORDER_PAYMENT_TIMEOUT_MINUTES
    )
    return {
        "vnp_Version": VERSION,
        "vnp_Command": "pay",
        "vnp_TmnCode": settings.VNPAY_TMN_CODE,
        "vnp_Amount": str(payment.amount * 100),
        "vnp_CurrCode": "VND",
        "vnp_TxnRef": payment.psp_reference,
        # VNPay wants plain ASCII here, without diacritics.
        "vnp_OrderInfo": f"Thanh toan don hang {order.number}",
        "vnp_OrderType": "other",
        "vnp_Locale": "vn",
        "vnp_ReturnUrl": return_url(),
        "vnp_IpAddr": _ip(client_ip),
        "vnp_CreateDate": vnpay_time(now),
        "vnp_ExpireDate": vnpay_time(expires),
    }


def payment_url(params: Mapping[str, str]) -> str:
    query = canonical_query(params)
    secure_hash = sign(params, settings.VNPAY_HASH_SECRET)
    return f"{settings.VNPAY_PAYMENT_URL}?{query}&vnp_SecureHash={secure_hash}"


class VnpayGateway(PaymentGateway):
    name = PaymentMethod.VNPAY

    def is_configured(self) -> bool:
        return bool(settings.VNPAY_TMN_CODE and settings.VNPAY_HASH_SECRET)

    def start(self, payment: Payment, *, client_ip: str) -> PaymentAction:
        if not payment.psp_reference:
            reference = f"{payment.order.number}P{payment.pk}X{secrets.token_hex(3).upper()}"
            Payment.objects.filter(pk=payment.pk, psp_reference="").update(psp_reference=reference)
            payment.psp_reference = Payment.objects.values_list("psp_reference", flat=True).get(
                pk=payment.pk
            )
        return PaymentAction(action_url=payment_url(payment_params(payment, client_ip=client_ip)))


def _reply(code: str, message: str) -> dict:
    return {"RspCode": code, "Message": message}


def _succeeded(params: Mapping[str, str]) -> bool:
    return params.get("vnp_ResponseCode") == "00" and params.get("vnp_TransactionStatus") == "00"


def vnpay_ipn(params: Mapping[str, str]) -> dict:
    """VNPay's server-to-server notice. Answers VNPay's JSON: 00 confirmed, 01 order not
    found, 02 already confirmed, 04 invalid amount, 97 invalid signature, 99 other error."""
    params = {key: str(value) for key, value in params.items() if key.startswith("vnp_")}
    reference = params.get("vnp_TxnRef", "")
    if not verify(params, settings.VNPAY_HASH_SECRET):
        logger.warning("VNPay IPN with a bad signature for %r: ignored", reference)
        return _reply("97", "Invalid Checksum")
    try:
        return _apply_ipn(params, reference)
    except Exception:
        logger.exception("VNPay IPN for %r failed", reference)
        return _reply("99", "Unknown error")


def _apply_ipn(params: dict, reference: str) -> dict:
    payment_id = (
        Payment.objects.filter(gateway=PaymentMethod.VNPAY, psp_reference=reference)
        .values_list("pk", flat=True)
        .first()
        if reference
        else None
    )
    if payment_id is None:
        logger.warning("VNPay IPN for unknown reference %r", reference)
        return _reply("01", "Order not found")
    data = {
        "transaction_no": params.get("vnp_TransactionNo", ""),
        "response_code": params.get("vnp_ResponseCode", ""),
        "transaction_status": params.get("vnp_TransactionStatus", ""),
        "bank_code": params.get("vnp_BankCode", ""),
    }
    with transaction.atomic():
        order, payment = lock_payment(payment_id)
        amount = params.get("vnp_Amount", "")
        if not amount.isdigit() or int(amount) != payment.amount * 100:
            logger.warning("VNPay IPN for %r with amount %r: refused", reference, amount)
            return _reply("04", "Invalid amount")
        # Pending, or cancelled by the expiry job (money taken late is still recorded).
        if payment.status not in (Payment.Status.PENDING, Payment.Status.CANCELLED):
            logger.info("VNPay IPN replayed for %r (payment %s)", reference, payment.status)
            return _reply("02", "Order already confirmed")
        if _succeeded(params):
            record_capture(order, payment, amount=int(amount) // 100, data=data)
        elif payment.status == Payment.Status.PENDING:
            record_failure(order, payment, data=data)
        else:
            logger.info("VNPay reports failure for cancelled payment %s", payment.pk)
    return _reply("00", "Confirm Success")


@dataclass(frozen=True)
class ReturnResult:
    valid: bool
    succeeded: bool
    response_code: str = ""
    order: Order | None = None
    payment: Payment | None = None


def vnpay_return(params: Mapping[str, str]) -> ReturnResult:
    """What the shopper's browser brought back, checked but never applied: a returning
    browser proves nothing (only the IPN marks a payment paid)."""
    params = {key: str(value) for key, value in params.items() if key.startswith("vnp_")}
    if not verify(params, settings.VNPAY_HASH_SECRET):
        logger.warning("VNPay return with a bad signature for %r", params.get("vnp_TxnRef"))
        return ReturnResult(valid=False, succeeded=False)
    payment = (
        Payment.objects.select_related("order")
        .filter(gateway=PaymentMethod.VNPAY, psp_reference=params.get("vnp_TxnRef") or None)
        .first()
    )
    return ReturnResult(
        valid=True,
        succeeded=_succeeded(params),
        response_code=params.get("vnp_ResponseCode", ""),
        order=payment.order if payment else None,
        payment=payment,
    )
