"""Row locks of the notifications app, in one place (as every app's lock_objects)."""

from notifications.models import OrderNotificationSetting


def lock_setting_of(order) -> OrderNotificationSetting:
    """The order's notification setting, created when it has none, locked: a mute and an
    unmute of the same order apply one after the other."""
    setting, _created = OrderNotificationSetting.objects.select_for_update().get_or_create(
        order=order
    )
    return setting
