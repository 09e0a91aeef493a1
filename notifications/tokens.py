"""The key in an e-mail's "switch off" link: the order's id, signed with the site's secret and
a salt of its own (a token made for anything else never passes here). It never expires: a
shopper may open a months-old e-mail, and the worst a leaked link allows is muting the notices
of that one order, which the same link switches back on."""

from django.core import signing

SALT = "notifications.order-mute"


def mute_token(order_id: int) -> str:
    return signing.dumps(order_id, salt=SALT)


def order_id_from(token: str) -> int | None:
    """The order's id, or None when the token was not made here (or was altered)."""
    try:
        value = signing.loads(str(token), salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
