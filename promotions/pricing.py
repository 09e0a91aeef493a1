"""How much a voucher takes off, and how that is shared between the producers' parts.

Decisions:
- A voucher discounts goods only, never shipping: the producers ship and are paid their
  shipping price whatever the voucher.
- A platform voucher applies to the goods of the whole order; a producer's voucher to that
  producer's goods only. `min_order` is on those same goods.
- A percentage is rounded down to whole đồng (never more than it says), then capped by
  `max_discount`; a fixed amount is at most the goods it applies to.
- A platform discount is shared between the parts pro rata to their goods, each share rounded
  down, and the đồng left over go to the largest part (the first of equal ones), so the
  shares add up to the discount exactly and no part is discounted beyond its goods.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Part:
    """One producer's goods in a checkout or an order."""

    vendor_id: int
    subtotal: int


@dataclass(frozen=True)
class Discount:
    """A voucher's discount on some parts: `shares` maps producer id → đồng off its part."""

    voucher: object = None
    amount: int = 0
    shares: dict[int, int] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.voucher.code if self.voucher is not None else ""

    @property
    def platform_funded(self) -> bool:
        return self.voucher is not None and self.voucher.vendor_id is None

    def platform_share(self, vendor_id: int) -> int:
        return self.shares.get(vendor_id, 0) if self.platform_funded else 0

    def producer_share(self, vendor_id: int) -> int:
        return 0 if self.platform_funded else self.shares.get(vendor_id, 0)


NO_DISCOUNT = Discount()


def applicable_parts(voucher, parts: list[Part]) -> list[Part]:
    if voucher.vendor_id is None:
        return [part for part in parts if part.subtotal > 0]
    return [part for part in parts if part.vendor_id == voucher.vendor_id and part.subtotal > 0]


def discount_amount(voucher, base: int) -> int:
    """What `voucher` takes off `base` đồng of goods."""
    if voucher.kind == "percentage":
        amount = base * voucher.value // 100
        if voucher.max_discount is not None:
            amount = min(amount, voucher.max_discount)
    else:
        amount = voucher.value
    return max(0, min(amount, base))


def split_pro_rata(amount: int, parts: list[Part]) -> dict[int, int]:
    """`amount` shared by the parts in proportion to their subtotals, adding up exactly."""
    base = sum(part.subtotal for part in parts)
    if amount <= 0 or base <= 0:
        return {}
    shares = {part.vendor_id: amount * part.subtotal // base for part in parts}
    left = amount - sum(shares.values())
    # Largest first (stable: the first of equal parts); a part never takes more than its goods.
    for part in sorted(parts, key=lambda p: -p.subtotal):
        take = min(left, part.subtotal - shares[part.vendor_id])
        shares[part.vendor_id] += take
        left -= take
        if not left:
            break
    return {vendor_id: share for vendor_id, share in shares.items() if share}


def discount_for(voucher, parts: list[Part]) -> Discount:
    """The discount of `voucher` on `parts`, without checking whether it may be used."""
    applicable = applicable_parts(voucher, parts)
    amount = discount_amount(voucher, sum(part.subtotal for part in applicable))
    return Discount(voucher=voucher, amount=amount, shares=split_pro_rata(amount, applicable))
