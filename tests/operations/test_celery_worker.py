"""A real Celery worker process, on the local Redis (its own database number) and on the local
RabbitMQ, each on a queue of its own: the outbox messages of a checkout and of a renamed
product, handed over after commit, are run by the worker, and their effects show in the
database and the mail. Skips with a clear message when a broker cannot be reached."""

import pytest
from django.db import transaction

from catalog.models import Product
from marketplace.outbox.models import OutboxMessage
from orders.models import SentEmail
from search.models import ProductSearchDocument
from tests.orders.fulfilment_support import member, place, variant
from tests.workers import (
    AMQP_URL,
    REDIS_URL,
    broker_problem,
    celery_worker,
    delete_queue,
    eventually,
    hand_over_to,
)

pytestmark = [
    pytest.mark.postgres,  # the worker must see the test's rows: a real, shared database
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(params=[REDIS_URL, AMQP_URL], ids=["redis", "rabbitmq"])
def broker_url(request):
    problem = broker_problem(request.param)
    if problem:
        pytest.skip(problem)
    return request.param


@pytest.fixture
def worker(broker_url, tmp_path, settings, monkeypatch):
    with celery_worker(broker_url=broker_url, tmp_path=tmp_path) as worker:
        hand_over_to(worker, settings, monkeypatch)
        yield worker
    delete_queue(broker_url, worker.queue)


def test_the_worker_runs_what_the_outbox_hands_over(worker):
    tea = variant(120_000)
    owner = member(tea.vendor)
    with transaction.atomic():
        Product.objects.filter(pk=tea.product_id).update(name="Chè Shan tuyết cổ thụ")
        Product.mark_for_reindex([tea.product_id])
    order = place([(tea, 1)])

    assert eventually(
        lambda: ProductSearchDocument.objects.filter(
            product_id=tea.product_id, name="Chè Shan tuyết cổ thụ"
        ).exists()
    ), worker.log()[-3000:]
    assert eventually(lambda: SentEmail.objects.filter(order=order).count() == 2)
    assert eventually(lambda: not OutboxMessage.objects.pending().exists())
    assert set(OutboxMessage.objects.values_list("handler", "attempts")) == {
        ("search.index_requested_products", 1),
        ("orders.send_order_placed", 1),
        ("notifications.order_changed", 1),
    }
    assert Product.objects.get(pk=tea.product_id).reindex_requested_at is None
    assert order.number in worker.mails() and owner.email in worker.mails()
