"""At login (and registration, which logs in), the guest orders this browser opened become
the account's when their e-mail is the account's: `orders.services.guest_orders` explains why
the session's proof is needed. A web-layer receiver: only a request has a session."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from frontend_templates.storefront.order_page import SEEN_ORDERS_KEY
from orders.services.guest_orders import guest_orders_attach


@receiver(user_logged_in, dispatch_uid="storefront-guest-orders-attach")
def attach_guest_orders(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:  # a token login from the API: no session saw any order
        return
    guest_orders_attach(user=user, tokens=session.get(SEEN_ORDERS_KEY, []))
