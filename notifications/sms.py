"""Text messages to the shopper (SMS or Zalo ZNS), behind one small interface chosen by the
NOTIFICATION_SMS_BACKEND setting (a dotted path to a class). The default,
`notifications.sms.LogBackend`, sends nothing: it logs which template went to which (masked)
phone, never the parameters, which carry personal data.

What a real provider implements
-------------------------------
A class with ``send(self, *, phone, template, params) -> MessageResult``, built without
arguments (it reads its own settings: keys, sender name). `phone` is E.164 ("+84912345678"),
`template` one of `TEMPLATES` below, `params` a dict of short strings (below). It calls the
provider through `marketplace.core.http` (timeouts, retries, logs without secrets) and:

- returns ``MessageResult(accepted=True, reference=<the provider's message id>)`` once the
  provider took the message;
- returns ``MessageResult(accepted=False, error=...)`` when the provider refuses it for good (an
  invalid number, a template not approved): it is logged and not tried again;
- raises on anything worth retrying (timeout, 5xx): the outbox retries the SMS alone, with
  backoff; the e-mail that went before it is not sent again.

It is called after the e-mail's transaction has committed, from its own outbox message, never
inside the transaction of the order's change.

- **Zalo ZNS** (https://developers.zalo.me/docs/zalo-notification-service): a template is
  designed and approved in the Zalo OA console, with its own text (diacritics and all) and
  named parameters; the API takes ``phone`` (84xxxxxxxxx, without "+"), ``template_id`` and
  ``template_data`` (the parameters by name) and a ``tracking_id`` of ours. A ZNS backend maps
  each of our `template` names to its approved ``template_id`` (a setting) and passes `params`
  as ``template_data`` unchanged: the template's own text is what the shopper reads.
- **SMS** (eSMS, SpeedSMS and the like: a brand-name sender, the phone and the content): the
  backend sends ``sms_text(template, params)``, the short texts below.

The texts are written without diacritics, on purpose: Vietnamese with diacritics is not in the
GSM-7 alphabet, so it would go as UCS-2 (70 characters per part instead of 160, each part
billed) and brand-name routes for customer care commonly require, or silently convert to,
unaccented text. Written so from the start, nothing is lost in conversion: `sms_text` also
strips the diacritics of the parameters (a producer's name).

Which changes go by text message: those the shopper acts on or waits for at the door
(`SMS_KINDS`): shipped (the waybill), ready for pickup (the code and the place), delivered,
picked up, and a cancellation (a part, or the whole order). The rest (confirmed, paid,
refunds...) go by e-mail only.
"""

import logging
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from orders.services.notifications import Kind

logger = logging.getLogger("marketplace.notifications")

DEFAULT_BACKEND = "notifications.sms.LogBackend"

# Our template names, the parameters each is given, and its SMS text (no diacritics).
TEMPLATES = {
    Kind.SHIPPED: "San OCOP: don {number} cua {vendor} da giao cho {carrier}, "
    "ma van don {waybill}. {url}",
    Kind.READY_FOR_PICKUP: "San OCOP: don {number} da san sang tai {place}. "
    "Ma nhan hang: {code}. {url}",
    Kind.DELIVERED: "San OCOP: don {number} cua {vendor} da giao thanh cong. Cam on ban!",
    Kind.PICKED_UP: "San OCOP: ban da nhan don {number} cua {vendor}. Cam on ban!",
    Kind.CANCELLED: "San OCOP: phan hang cua {vendor} trong don {number} da bi huy. {url}",
    Kind.ORDER_CANCELLED: "San OCOP: don {number} da bi huy. {url}",
}
SMS_KINDS = frozenset(TEMPLATES)


@dataclass(frozen=True)
class MessageResult:
    accepted: bool
    reference: str = ""  # the provider's message id
    error: str = ""


def mask_phone(phone: str) -> str:
    """ "+84912345678" -> "+849*****678": enough to tell two numbers apart in a log."""
    phone = str(phone or "")
    if len(phone) <= 6:
        return "*" * len(phone)
    return phone[:4] + "*" * (len(phone) - 7) + phone[-3:]


def plain(text: str) -> str:
    """Without diacritics: "Hợp tác xã Đồng Tâm" -> "Hop tac xa Dong Tam"."""
    text = str(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def sms_text(template: str, params: dict) -> str:
    """The SMS of `template` with `params`, in plain letters."""
    return plain(TEMPLATES[Kind(template)].format(**params)).strip()


class LogBackend:
    """Sends nothing; logs the template and the masked phone (not the parameters)."""

    def send(self, *, phone: str, template: str, params: dict) -> MessageResult:
        logger.info("SMS %s to %s (log only: not sent)", template, mask_phone(phone))
        return MessageResult(accepted=True, reference="log")


@cache
def _backend_class(path: str):
    return import_string(path)


def get_backend():
    return _backend_class(getattr(settings, "NOTIFICATION_SMS_BACKEND", "") or DEFAULT_BACKEND)()
