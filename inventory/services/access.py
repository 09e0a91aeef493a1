"""Moved to `inventory.access` (permission checks are helpers, not use cases). Kept only for
`orders/payments/cod.py`, which another branch rewrites; delete once it imports from there."""

from inventory.access import actor_fields

__all__ = ["actor_fields"]
