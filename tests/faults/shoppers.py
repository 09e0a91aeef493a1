"""Shoppers completing checkouts through the services, run as a process of the project with
its own DATABASE_URL and CELERY_BROKER_URL (the fault tests start it):

    python -m tests.faults.shoppers <command> '<json arguments>'

prints one line of JSON. Commands: `prepare` a catalogue, `shop` with many threads until told
to stop, `check` what a run left behind, `place` a few orders (on a catalogue of its own).
"""

import json
import os
import random
import sys
import threading
import time
from collections import Counter
from pathlib import Path


def prepare(*, producers: int = 3, stock: int = 100_000) -> dict:
    """Producers with two variants each, plenty in stock at their warehouse (opened in the
    ledger), a member who gets the new-order emails and a shipping method."""
    from inventory.services.ledger import stock_open
    from orders.models import ShippingMethod
    from tests.factories import ProductVariantFactory, StockFactory
    from tests.orders.fulfilment_support import member, variant

    variant_ids, owner_ids = [], []
    for n in range(producers):
        first = variant(100_000 + n * 10_000, quantity=0)
        second = ProductVariantFactory(product__vendor=first.vendor, price=50_000)
        warehouse = first.stocks.get().location
        StockFactory(variant=second, location=warehouse, quantity=0)
        stock_open(stocks_with_quantities=[(row, stock) for row in warehouse.stocks.all()])
        ShippingMethod.objects.create(vendor=first.vendor, name="GHTK", flat_price=30_000)
        owner_ids.append(member(first.vendor).pk)
        variant_ids += [first.pk, second.pk]
    return {"variants": variant_ids, "owners": owner_ids}


def _one_checkout(email: str, lines):
    from orders.services.complete import checkout_complete
    from tests.orders.helpers import ready_checkout

    checkout = ready_checkout(lines, email=email)
    return checkout_complete(actor=None, checkout=checkout, payment_method="COD").order


def shop(
    *, variants: list[int], shoppers: int, stop_file: str, progress_file: str, attempts_file: str
) -> dict:
    """`shoppers` threads each complete checkouts one after another (a connection each time,
    as a web request has) until `stop_file` appears; an error is the shopper's failed try,
    and they try again. Every attempt has its own email address, to find its order after."""
    from django.db import connection

    from catalog.models import ProductVariant

    catalogue = list(ProductVariant.objects.filter(pk__in=variants))
    attempts, lock = [], threading.Lock()

    def shopper(n: int) -> None:
        rng = random.Random(n)
        tries = 0
        while not Path(stop_file).exists():
            tries += 1
            chosen = rng.sample(catalogue, 3)
            lines = [(v, rng.randint(1, 3)) for v in chosen]
            record = {
                "email": f"shopper{n}-{tries}@faults.test",
                "lines": {v.pk: q for v, q in lines},
            }
            try:
                record["order"] = _one_checkout(record["email"], lines).number
            except Exception as exc:  # the shopper sees an error page, and tries again
                record["error"] = f"{type(exc).__name__}: {exc}"[:200]
                time.sleep(0.05)
            finally:
                connection.close()
            with lock:
                attempts.append(record)

    threads = [threading.Thread(target=shopper, args=(n,)) for n in range(shoppers)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        with lock:
            done = sum("order" in a for a in attempts)
            progress = {"attempts": len(attempts), "completed": done}
        Path(progress_file).write_text(json.dumps(progress))
        time.sleep(0.1)
    Path(attempts_file).write_text(json.dumps(attempts))
    return {"attempts": len(attempts)}


def check(*, attempts_file: str) -> dict:
    """What the run left: each attempt's order whole or absent, the ledger balanced, every
    allocated unit backed by an allocation row of an order, every order's emails in the
    outbox (and sent once the sweep has run them)."""
    from marketplace.outbox.dispatch import sweep
    from marketplace.outbox.models import OutboxMessage
    from tests.faults.invariants import ledger_problems, order_problems

    attempts = json.loads(Path(attempts_file).read_text())

    figures = {"attempts": len(attempts), "completed": 0, "failed_cleanly": 0, "lost": 0,
               "completed_despite_an_error": 0, "half_written": 0}  # fmt: skip
    problems = []
    for attempt in attempts:
        found = order_problems(attempt)
        if found is None:  # no order for this attempt
            figures["lost" if "order" in attempt else "failed_cleanly"] += 1
            if "order" in attempt:
                problems.append(f"{attempt['email']}: told {attempt['order']}, none stored")
        elif found:
            figures["half_written"] += 1
            problems += found
        elif "order" in attempt:
            figures["completed"] += 1
        else:  # committed, but the reply was lost with the connection: whole all the same
            figures["completed_despite_an_error"] += 1
    problems += ledger_problems()
    errors = Counter(a["error"].split(":")[0] for a in attempts if "error" in a)
    figures["errors_seen"] = dict(errors)
    figures["outbox_pending_after_run"] = OutboxMessage.objects.pending().count()
    sweep()  # no broker here: runs what the restart kept from running after its commit
    figures["outbox_pending_after_sweep"] = OutboxMessage.objects.pending().count()
    return {"figures": figures, "problems": problems}


def place(*, orders: int, producers: int = 1, rename_to: str = "") -> dict:
    """A catalogue (see `prepare`), then `orders` orders of one unit from every producer (and
    the first producer's product renamed), each through its service: whatever the broker's
    state, none of them may fail."""
    from catalog.models import ProductVariant
    from catalog.services.products import product_update
    from marketplace.accounts.models import User

    catalogue = prepare(producers=producers)
    firsts = [ProductVariant.objects.get(pk=pk) for pk in catalogue["variants"][::2]]
    placed = [
        _one_checkout(f"buyer{n}@faults.test", [(v, 1) for v in firsts]) for n in range(orders)
    ]
    if rename_to:
        owner = User.objects.get(pk=catalogue["owners"][0])
        product_update(product=firsts[0].product, actor=owner, name=rename_to)
    return {"orders": [order.pk for order in placed], "product": firsts[0].product_id}


COMMANDS = {"prepare": prepare, "shop": shop, "check": check, "place": place}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()
    from django.utils import translation

    translation.activate("en")
    command, arguments = sys.argv[1], json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}")
    print(json.dumps(COMMANDS[command](**arguments)))
