"""Guest orders joining the account of the shopper who placed them.

Accounts have no e-mail verification: anyone can register any address. Attaching every guest
order whose e-mail equals the account's would let someone who registers a stranger's address
cancel the stranger's orders and read their address and pickup codes (an attached order is
acted on by its account). So an order is attached only when its token proves the account's
holder is the one who placed it: the token was shown only to whoever placed the order and sent
to its address. The web layer passes the tokens its session saw (the order page remembers
them), at login and when a logged-in shopper opens an order's link. Guest orders with the same
e-mail but no such proof are listed read-only (`orders.selectors.guest_orders_by_email`)."""

import uuid

from django.db import transaction

from orders.models import Order


def guest_orders_attach(*, user, tokens) -> int:
    """Make the guest orders among `tokens` whose e-mail is `user`'s their own. Returns how
    many were attached; orders of another account, or with another e-mail, are left alone."""
    tokens = [token for token in map(_uuid, tokens) if token is not None]
    if not tokens or not getattr(user, "is_authenticated", False) or not user.email:
        return 0
    with transaction.atomic():
        return Order.objects.filter(
            token__in=tokens, user__isnull=True, email__iexact=user.email
        ).update(user=user)


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:  # a tampered session value attaches nothing
        return None
