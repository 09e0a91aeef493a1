"""The ledger invariant after a seeded random mix of every kind of stock change: for every
row, quantity == sum(quantity_delta), allocated == sum(allocated_delta), never negative."""

import random
from collections import Counter

import pytest

from inventory.models import Stock, StockMovement, Transfer
from inventory.services.ledger import (
    stock_adjust,
    stock_allocate,
    stock_fulfil,
    stock_release,
)
from inventory.services.pos import PosLine, pos_sale_record
from inventory.services.sync import SyncItem, stock_sync
from inventory.services.transfers import (
    TransferLineInput,
    transfer_cancel,
    transfer_create,
    transfer_receive,
)
from marketplace.core.errors import ServiceError
from tests.concurrency import run_in_threads
from tests.inventory.helpers import assert_ledger_balances


class World:
    def __init__(self, rng, *, clerk, owner, showroom, warehouse, variants, tag=""):
        self.rng, self.tag, self.serial = rng, tag, 0
        self.clerk, self.owner = clerk, owner
        self.showroom, self.warehouse, self.variants = showroom, warehouse, variants

    def next_id(self):
        self.serial += 1
        return f"{self.tag}{self.serial}"

    def random_stock(self):
        return self.rng.choice(list(Stock.objects.all()) or [None])

    # every op returns its name; refusals (ServiceError) are part of the mix
    def sync(self):
        location, actor = self.rng.choice(
            [(self.showroom, self.clerk), (self.warehouse, self.owner)]
        )
        mode = self.rng.choice(["SET", "ADJUST"])
        items = []
        for variant in self.rng.sample(self.variants, self.rng.randint(1, len(self.variants))):
            quantity = self.rng.randint(0, 20) if mode == "SET" else self.rng.randint(-6, 8)
            stock = Stock.objects.filter(location=location, variant=variant).first()
            expected = stock.quantity if stock and self.rng.random() < 0.3 else None
            items.append(SyncItem(variant.sku, quantity, expected))
        stock_sync(
            actor=actor,
            location=location,
            mode=mode,
            idempotency_key=self.next_id(),
            items=items,
        )

    def adjust(self):
        location, actor = self.rng.choice(
            [(self.showroom, self.clerk), (self.warehouse, self.owner)]
        )
        delta = self.rng.choice([-3, -1, 1, 2, 5])
        variant = self.rng.choice(self.variants)
        stock_adjust(actor=actor, location=location, variant=variant, delta=delta, reason="mix")

    def pos(self):
        lines = [
            PosLine(v.sku, self.rng.randint(1, 3), self.rng.randint(1, 200) * 1000)
            for v in self.rng.sample(self.variants, self.rng.randint(1, 2))
        ]
        pos_sale_record(
            actor=self.clerk,
            location=self.showroom,
            client_sale_id=self.next_id(),
            lines=lines,
            paid_with="CASH",
        )

    def transfer(self):
        variant = self.rng.choice(self.variants)
        transfer_create(
            actor=self.owner,
            source=self.warehouse,
            destination=self.showroom,
            lines=[TransferLineInput(variant, self.rng.randint(1, 5))],
        )

    def receive(self):
        transfer = Transfer.objects.filter(status="in_transit").order_by("?").first()
        if transfer:
            line = transfer.lines.get()
            short = {line.variant_id: self.rng.randint(0, line.quantity_sent)}
            transfer_receive(
                actor=self.clerk,
                transfer=transfer,
                received=short if self.rng.random() < 0.5 else {},
            )

    def cancel(self):
        transfer = Transfer.objects.filter(status="in_transit").order_by("?").first()
        if transfer:
            transfer_cancel(actor=self.owner, transfer=transfer)

    def allocate(self):
        stock = self.random_stock()
        if stock:
            stock_allocate(lines=[(stock, self.rng.randint(1, 4))], reference=self.next_id())

    def release(self):
        stock = self.random_stock()
        if stock:
            stock_release(lines=[(stock, self.rng.randint(1, 3))], reference=self.next_id())

    def fulfil(self):
        stock = self.random_stock()
        if stock:
            stock_fulfil(lines=[(stock, self.rng.randint(1, 3))], reference=self.next_id())

    OPS = (
        "sync",
        "adjust",
        "pos",
        "transfer",
        "receive",
        "cancel",
        "allocate",
        "release",
        "fulfil",
    )

    def run(self, steps) -> Counter:
        done = Counter()
        for _ in range(steps):
            op = self.rng.choice(self.OPS)
            try:
                getattr(self, op)()
                done[op] += 1
            except ServiceError:
                done[f"{op} refused"] += 1
        return done


@pytest.fixture
def world_args(clerk, owner, showroom, warehouse, agreement, make_variants):
    return {
        "clerk": clerk,
        "owner": owner,
        "showroom": showroom,
        "warehouse": warehouse,
        "variants": make_variants(4),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [5, 2025])
def test_the_ledger_balances_after_a_random_mix(world_args, seed):
    done = World(random.Random(seed), **world_args).run(300)

    assert_ledger_balances()
    kinds = set(StockMovement.objects.values_list("kind", flat=True))
    assert kinds >= {"sync_set", "adjustment", "pos_sale", "transfer_out", "transfer_in"}
    assert kinds >= {"allocation", "release", "fulfilment"}
    assert sum(n for op, n in done.items() if "refused" not in op) > 100


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_ledger_balances_after_a_concurrent_random_mix(world_args):
    worlds = [World(random.Random(n), tag=f"t{n}-", **world_args) for n in range(4)]

    results = run_in_threads(*[lambda w=w: w.run(60) for w in worlds])

    assert not any(isinstance(r, Exception) for r in results), results
    assert_ledger_balances()
