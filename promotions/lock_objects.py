"""Row locks of the promotions app, in one place: every query that locks vouchers is here.
Several vouchers are always locked in primary-key order."""

from promotions.models import Voucher


def lock_voucher_by_code(code: str) -> Voucher | None:
    """The voucher of `code` (already normalised), locked with its producer read alongside."""
    return (
        Voucher.objects.select_for_update(of=("self",))
        .select_related("vendor")
        .filter(code=code)
        .first()
    )


def lock_voucher(pk: int) -> Voucher:
    return Voucher.objects.select_for_update().get(pk=pk)


def lock_vouchers(pks) -> list[Voucher]:
    return list(Voucher.objects.select_for_update().filter(pk__in=list(pks)).order_by("pk"))
