"""Switching an order's notices off and on. The signed token of the e-mail's link is the
permission: whoever holds it received that order's e-mails."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.core.errors import ErrorCode, ServiceError
from notifications.lock_objects import lock_setting_of
from notifications.models import OrderNotificationSetting
from notifications.tokens import order_id_from
from orders.models import Order


def order_for_token(*, token: str) -> Order:
    order_id = order_id_from(token)
    order = Order.objects.filter(pk=order_id).first() if order_id is not None else None
    if order is None:
        raise ServiceError.single(ErrorCode.NOT_FOUND, _("This link is not valid."), "token")
    return order


def is_muted(*, order_id: int) -> bool:
    return OrderNotificationSetting.objects.filter(
        order_id=order_id, muted_at__isnull=False
    ).exists()


def order_notifications_set(*, token: str, muted: bool) -> OrderNotificationSetting:
    """Mute (or unmute) the notices of the token's order; doing it twice changes nothing."""
    with transaction.atomic():
        order = order_for_token(token=token)
        setting = lock_setting_of(order)
        if setting.muted != muted:
            setting.muted_at = timezone.now() if muted else None
            setting.save(update_fields=["muted_at", "updated_at"])
        return setting
