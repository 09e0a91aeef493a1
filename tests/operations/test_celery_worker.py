"""A real Celery worker process on the local Redis (its own database number) runs the
search-indexing and email tasks sent through the broker, and their effects show in the
database. Skips with a clear message when Redis cannot be reached."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from catalog.models import Product
from orders.models import SentEmail
from search.models import ProductSearchDocument
from tests.orders.fulfilment_support import member, place, variant

ROOT = Path(__file__).resolve().parents[2]
BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/14")


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(BROKER_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.postgres,  # the worker must see the test's rows: a real, shared database
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not redis_reachable(), reason=f"Redis not reachable at {BROKER_URL}"),
]


@pytest.fixture
def worker(tmp_path):
    import redis

    redis.Redis.from_url(BROKER_URL).flushdb()  # only this test's database number
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@"
            f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "CELERY_BROKER_URL": BROKER_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "LOG_FORMAT": "text",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "--pool", "solo",
         "--without-mingle", "--without-gossip", "--without-heartbeat", "-l", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    yield Celery(broker=BROKER_URL), tmp_path / "mail"
    process.terminate()
    output = process.communicate(timeout=30)[0].decode(errors="replace")
    assert "Traceback" not in output, output[-3000:]


def eventually(check, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.3)
    return False


def test_the_worker_indexes_marked_products_and_sends_order_emails(worker):
    broker, mail_dir = worker
    tea = variant(120_000)
    product = Product.objects.get(pk=tea.product_id)
    Product.objects.filter(pk=product.pk).update(name="Chè Shan tuyết cổ thụ")
    Product.mark_for_reindex([product.pk])
    owner = member(tea.vendor)
    order = place([(tea, 1)])
    SentEmail.objects.all().delete()  # sent inline at checkout; the worker must send them again

    broker.send_task("search.tasks.index_requested_products")
    broker.send_task("orders.tasks.send_order_placed", args=[order.pk])

    assert eventually(
        lambda: ProductSearchDocument.objects.filter(
            product_id=product.pk, name="Chè Shan tuyết cổ thụ"
        ).exists()
    ), "the worker did not index the product"
    assert eventually(lambda: SentEmail.objects.filter(order=order).count() == 2)
    assert Product.objects.get(pk=product.pk).reindex_requested_at is None
    sent = "".join(path.read_text() for path in mail_dir.glob("*.log"))
    assert order.number in sent and owner.email in sent
