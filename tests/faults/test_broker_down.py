"""Redis (the broker) is down when checkouts commit: the orders are placed all the same, with
no error for the shopper, and the outbox keeps their emails and the search refresh. Once
Redis is back (empty: it kept nothing), a real worker's sweep delivers each exactly once."""

import pytest

from tests.faults.project import pending_messages, run_shoppers, sql
from tests.workers import celery_worker, eventually

pytestmark = [pytest.mark.faults, pytest.mark.postgres]  # the SQLite pass skips them
ORDERS = 3
NEW_NAME = "Chè Shan tuyết cổ thụ Suối Giàng"


def test_orders_placed_while_redis_is_down_are_mailed_and_indexed_once_it_returns(
    project, private_redis, tmp_path
):
    private_redis.stop()
    placed, log = run_shoppers(
        "place",
        {"orders": ORDERS, "producers": 2, "rename_to": NEW_NAME},
        env={**project, "CELERY_BROKER_URL": private_redis.url},
    )

    assert len(placed["orders"]) == ORDERS  # no shopper saw an error
    assert sql(project, "SELECT count(*) FROM orders_order") == [(ORDERS,)]
    assert "the sweep will hand them over" in log
    assert pending_messages(project) == [
        *["notifications.order_changed"] * ORDERS,  # the shopper's confirmation
        *["orders.send_order_placed"] * ORDERS,  # the producers' new orders
        "search.index_requested_products",
    ]
    assert sql(
        project, "SELECT count(*) FROM outbox_outboxmessage WHERE dispatched_at IS NOT NULL"
    ) == [(0,)]
    assert sql(project, "SELECT count(*) FROM orders_sentemail") == [(0,)]
    documents = "SELECT name FROM search_productsearchdocument WHERE product_id = %s"
    assert sql(project, documents, placed["product"]) == []  # never indexed yet

    private_redis.start()
    with celery_worker(
        broker_url=private_redis.url,
        tmp_path=tmp_path,
        beat=True,
        env={"DATABASE_URL": project["DATABASE_URL"], "OUTBOX_SWEEP_SECONDS": "1"},
    ) as worker:
        assert eventually(lambda: pending_messages(project) == []), worker.log()[-3000:]
        mails = worker.mails()

    per_order = 3  # the shopper and each of the two producers
    assert sql(project, "SELECT count(*) FROM orders_sentemail") == [(ORDERS * per_order,)]
    assert mails.count("Message-ID:") == ORDERS * per_order  # each exactly once
    assert all(mails.count(f"To: buyer{n}@faults.test") == 1 for n in range(ORDERS))
    assert sql(project, "SELECT DISTINCT attempts FROM outbox_outboxmessage") == [(1,)]
    assert sql(project, documents, placed["product"]) == [(NEW_NAME,)]
