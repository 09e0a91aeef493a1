"""The demo's vouchers: one of the platform's, and one of the first producer's own."""

from promotions.models import Voucher
from promotions.services import VoucherInput, voucher_create

PLATFORM = VoucherInput(
    code="OCOP10",
    kind="percentage",
    value=10,
    max_discount=50_000,
    min_order=200_000,
    per_shopper_limit=3,
    description="Giảm 10% (tối đa 50.000 ₫) cho đơn từ 200.000 ₫ tiền hàng",
)


def _producer_voucher(vendor) -> VoucherInput:
    return VoucherInput(
        code=f"{vendor.slug.upper().replace('-', '')[:24]}30K",
        kind="fixed",
        value=30_000,
        min_order=300_000,
        usage_limit=100,
        description=f"Giảm 30.000 ₫ cho đơn từ 300.000 ₫ sản phẩm của {vendor.name}",
    )


def seed_vouchers(report, *, staff, vendor, owner) -> None:
    """Idempotent: a voucher already there (by code) is kept as it is."""
    for actor, owner_vendor, data in (
        (staff, None, PLATFORM),
        (owner, vendor, _producer_voucher(vendor)),
    ):
        if Voucher.objects.filter(code=data.code).exists():
            continue
        voucher_create(actor=actor, vendor=owner_vendor, data=data)
        report.created["vouchers"] += 1
