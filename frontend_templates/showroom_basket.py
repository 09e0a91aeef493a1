"""The counter's basket as the sale form posts it: its rows (a SKU or a scanned barcode, a
quantity, a unit price), what its buttons ask for (+ and − on a line, add a product found by
name), and the lines it gives the sale service.

Every button posts the form, so the counter works without JavaScript; the counter's script does
the same steps in place. A line's quantity never goes below 1 or above what the showroom can
sell of it (its stock less what orders hold); the sale service checks the stock again."""

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from frontend_templates.numbers import typed_whole_number as whole_number
from inventory.models import PosSale
from inventory.services.pos import PosLine

SALE_ROWS = 6  # a counter sale rarely has more lines; a longer one is recorded in two
BARCODE = re.compile(r"^\d{8,14}$")
STEP = re.compile(r"^(more|less):(\d+)$")
ADD = "add:"


@dataclass
class Row:
    sku: str = ""
    quantity: str = ""
    unit_price: str = ""
    errors: dict = field(default_factory=dict)
    available: int | None = None  # what the showroom can sell of it; None: not held here

    @property
    def filled(self) -> bool:
        return bool(self.sku or self.quantity or self.unit_price)


def empty_rows() -> list[Row]:
    return [Row() for _ in range(SALE_ROWS)]


@dataclass
class SaleForm:
    """The sale form as posted (or blank for the next sale)."""

    rows: list[Row]
    paid_with: str = PosSale.PaidWith.CASH
    sale_id: str = ""  # the client sale id, kept while the same sale is corrected
    tendered: str = ""  # cash handed over, as typed

    @classmethod
    def blank(cls) -> "SaleForm":
        return cls(rows=empty_rows())

    @classmethod
    def posted(cls, post, held: dict) -> "SaleForm":
        return cls(
            rows=read_rows(post, held),
            paid_with=post.get("paid_with", ""),
            sale_id=post.get("sale", "")[:128],
            tendered=post.get("tendered", "").strip()[:32],
        )


def typed_codes(post) -> set[str]:
    """The SKUs and barcodes typed in the rows, and the SKU an "add" button names."""
    codes = {post.get(f"sku-{i}", "").strip()[:64] for i in range(SALE_ROWS)}
    action = post.get("action", "")
    if action.startswith(ADD):
        codes.add(action[len(ADD) :].strip()[:64])
    return codes - {""}


def stock_by_code(stock, codes: set[str]) -> dict[str, object]:
    """SKU and barcode → the showroom's stock row (with its variant), in one query."""
    if not codes:
        return {}
    found = {}
    for row in stock.filter(Q(variant__sku__in=codes) | Q(variant__gtin__in=codes)):
        found[row.variant.sku] = row
        if row.variant.gtin:
            found.setdefault(row.variant.gtin, row)
    return found


def read_rows(post, held: dict) -> list[Row]:
    """The typed rows; a scanned barcode (GTIN) stands for the SKU it belongs to."""
    rows = []
    for i in range(SALE_ROWS):
        typed = post.get(f"sku-{i}", "").strip()[:64]
        stock = held.get(typed)
        sku = stock.variant.sku if stock is not None and BARCODE.match(typed) else typed
        stock = held.get(sku)
        rows.append(
            Row(
                sku=sku,
                # Long enough that a number too long is refused, never cut to one that fits.
                quantity=post.get(f"quantity-{i}", "").strip()[:32],
                unit_price=post.get(f"unit_price-{i}", "").strip()[:32],
                available=None if stock is None else stock.quantity_available,
            )
        )
    return rows


def sale_lines(rows: list[Row], held: dict) -> tuple[list[PosLine], list[int]]:
    """The service lines of the filled rows and the row each came from; the rows' own mistakes
    are marked on them. An empty price means the listed price."""
    lines, origin = [], []
    for i, row in enumerate(rows):
        if not row.filled:
            continue
        quantity = whole_number(row.quantity or "1")
        listed = held[row.sku].variant.price if row.sku in held else None
        price = whole_number(row.unit_price) if row.unit_price else listed
        if quantity is None:
            row.errors["quantity"] = _("The quantity is a whole number above 0.")
        if row.unit_price and price is None:
            row.errors["unit_price"] = _("The price is a whole number of đồng.")
        elif price is None:  # a SKU not stocked here has no price to fill in
            row.errors["unit_price"] = _("Enter the unit price.")
        lines.append(PosLine(row.sku, quantity or 0, price or 0))
        origin.append(i)
    return lines, origin


def is_step(action: str) -> bool:
    return bool(STEP.match(action)) or action.startswith(ADD)


def step(rows: list[Row], action: str, held: dict) -> str | None:
    """Apply a + / − / add button to the rows; a message when it cannot be done."""
    match = STEP.match(action)
    if match:
        index = int(match[2])
        if index >= len(rows) or not rows[index].sku:
            return None
        return _bump(rows[index], 1 if match[1] == "more" else -1)
    stock = held.get(action[len(ADD) :].strip())
    if stock is None:
        return _("This product is not held here.")
    sku = stock.variant.sku
    for row in rows:
        if row.sku == sku:
            return _bump(row, 1)
    if not stock.quantity_available:
        return _("%(sku)s is out of stock here.") % {"sku": sku}
    for row in rows:
        if not row.filled:
            row.sku, row.quantity, row.available = sku, "1", stock.quantity_available
            return None
    return _("The basket is full: record this sale, then start another.")


def _bump(row: Row, delta: int) -> str | None:
    quantity = whole_number(row.quantity or "1") or 1
    wanted = quantity + delta
    ceiling = row.available if row.available is not None else wanted
    row.quantity = str(max(1, min(wanted, ceiling)))
    if wanted > ceiling:
        return _("Only %(n)d of %(sku)s in stock.") % {"n": ceiling, "sku": row.sku}
    return None
