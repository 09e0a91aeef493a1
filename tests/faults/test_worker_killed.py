"""A Celery worker killed (SIGKILL) in the middle of sending an order's emails: the killed
attempt leaves nothing (its transaction dies with its connection), the task is delivered
again, and the emails go out once each.

Three ways: the pool process dies and its worker gives the task back (`acks_late` with
`reject_on_worker_lost`); the whole worker dies on RabbitMQ, which gives its unacknowledged
task to the next worker at once; the whole worker dies on Redis, which would hold the task for
its visibility timeout (an hour), so the outbox's sweep hands it over again instead."""

import os
import signal

import pytest

from marketplace.outbox.dispatch import DELIVER_TASK
from tests.faults.instances import free_port
from tests.faults.project import run_shoppers, sql
from tests.workers import (
    AMQP_URL,
    broker_problem,
    celery_worker,
    delete_queue,
    eventually,
    unique_queue,
)

pytestmark = [pytest.mark.faults, pytest.mark.postgres]  # the SQLite pass skips them

WAYS = {
    "pool-process-on-redis": {"broker": "redis", "pool": "prefork", "whole_worker": False},
    "whole-worker-on-rabbitmq": {"broker": "rabbitmq", "pool": "solo", "whole_worker": True},
    "whole-worker-on-redis": {"broker": "redis", "pool": "solo", "whole_worker": True},
}


@pytest.fixture
def broker(request) -> tuple[str, str]:
    """(broker URL, queue): the private Redis, or a queue of our own on the local RabbitMQ."""
    queue = unique_queue()
    if WAYS[request.node.callspec.id]["broker"] == "redis":
        yield request.getfixturevalue("private_redis").url, queue
        return
    problem = broker_problem(AMQP_URL)
    if problem:
        pytest.skip(problem)
    yield AMQP_URL, queue
    delete_queue(AMQP_URL, queue)


def an_order_waiting_for_its_emails(project) -> int:
    """An order placed while the broker was down: the producers' new-order emails wait in the
    outbox. (The shopper's confirmation is a message of its own, sent by the same delivery:
    it is taken out here so that one message is killed and run again.)"""
    dead_broker = {**project, "CELERY_BROKER_URL": f"redis://127.0.0.1:{free_port()}/0"}
    run_shoppers("place", {"orders": 1}, env=dead_broker)
    sql(project, "DELETE FROM outbox_outboxmessage WHERE handler <> 'orders.send_order_placed'")
    ((message_id,),) = sql(project, "SELECT id FROM outbox_outboxmessage")
    return message_id


def is_done(project, message_id) -> bool:
    query = "SELECT done_at IS NOT NULL FROM outbox_outboxmessage WHERE id = %s"
    return sql(project, query, message_id) == [(True,)]


@pytest.mark.parametrize("way", list(WAYS), ids=list(WAYS))
def test_a_worker_killed_mid_task_leaves_the_emails_sent_once(way, project, broker, tmp_path):
    (broker_url, queue), pool = broker, WAYS[way]["pool"]
    message_id = an_order_waiting_for_its_emails(project)
    stall = tmp_path / "stalled"
    env = {
        "DATABASE_URL": project["DATABASE_URL"],
        "EMAIL_BACKEND": "tests.faults.mail.StallOnceBackend",
        "FAULT_STALL_FILE": str(stall),
        "OUTBOX_SWEEP_SECONDS": "1",
        "OUTBOX_VISIBILITY_TIMEOUT_SECONDS": "3",
    }
    worker = {"broker_url": broker_url, "queue": queue, "tmp_path": tmp_path, "env": env}
    with celery_worker(**worker, pool=pool, expect_errors=True) as first:
        sql(project, "UPDATE outbox_outboxmessage SET dispatched_at = now()")  # as hand_over
        first.send_task(DELIVER_TASK, [message_id])
        assert eventually(stall.exists), first.log()[-3000:]
        os.kill(int(stall.read_text()), signal.SIGKILL)  # mid-send, inside its transaction
        if not WAYS[way]["whole_worker"]:
            assert eventually(lambda: is_done(project, message_id)), first.log()[-3000:]
            assert "WorkerLostError" in first.log()  # given back, then run again
    if WAYS[way]["whole_worker"]:
        sweeps = way.endswith("redis")  # only the sweep can bring it back from Redis
        with celery_worker(**worker, beat=sweeps) as second:
            assert eventually(lambda: is_done(project, message_id)), second.log()[-3000:]
            assert f"Task {DELIVER_TASK}[" in second.log()  # it got the task again
            assert sweeps == ("Task marketplace.outbox.tasks.sweep[" in second.log())

    assert first.mails().count("Message-ID:") == 1  # the producer's new order, once
    assert sql(project, "SELECT count(*) FROM orders_sentemail") == [(1,)]
    # The killed attempt rolled back with its connection: one attempt, and it succeeded.
    assert sql(project, "SELECT attempts, last_error FROM outbox_outboxmessage") == [(1, "")]
