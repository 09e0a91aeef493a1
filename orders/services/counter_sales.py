"""A sale over a showroom's counter, as a whole: inventory records it (once per client sale id,
taking the stock and splitting each line between the producer and the showroom's commission),
and the producers' earnings record it in the same transaction, so that stock and money move
together and once. The counter page and the `posSaleRecord` mutation call this."""

from django.db import transaction

from inventory.services.pos import PosLine, PosSaleOutcome, pos_sale_record
from orders.services.earnings import record_showroom_sale


def counter_sale_record(
    *,
    actor,
    location,
    client_sale_id: str,
    lines: list[PosLine],
    paid_with: str,
    cash_tendered: int | None = None,
) -> PosSaleOutcome:
    """`pos_sale_record` and the earnings entries of a new sale; a replay writes nothing."""
    with transaction.atomic():
        outcome = pos_sale_record(
            actor=actor,
            location=location,
            client_sale_id=client_sale_id,
            lines=lines,
            paid_with=paid_with,
            cash_tendered=cash_tendered,
        )
        if not outcome.replayed:
            record_showroom_sale(sale=outcome.sale)
    return outcome
