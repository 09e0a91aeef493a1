"""Payments behind one gateway interface: cash on delivery, VNPay and Stripe.

`orders.payments.base` is the interface, `orders.payments.registry` finds a method's gateway."""
