"""An order that ends without anything shipped gives its voucher use back.

Decision: an order left unpaid until it expired, or whose every part was cancelled before
shipping, gives back the use it took, so the shopper (and the voucher's overall limit) get it
again. A part cancelled while others go on keeps the use: the order still had its discount
(the cancelled part's refund pays back what was paid for it, discount deducted).

The use is given back just after the cancellation commits, in a transaction of its own: the
voucher row is locked last by completion (after the checkout, before the stock), and taking it
here after the stock rows could deadlock with a completion. Should the process stop in
between, the use stays taken: the safe side for a limited voucher."""

from django.db import transaction

from orders.models import Order
from promotions.services import voucher_release


def give_voucher_back_after_commit(*, order: Order) -> None:
    if order.voucher_code:
        transaction.on_commit(lambda: voucher_release(order=order))
