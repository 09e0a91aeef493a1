"""Vouchers for tests."""

from promotions.models import Voucher


def voucher(code="OCOP10", *, vendor=None, kind="percentage", value=10, **fields) -> Voucher:
    return Voucher.objects.create(code=code, vendor=vendor, kind=kind, value=value, **fields)
