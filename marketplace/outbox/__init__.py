"""The transactional outbox: the durable record of work to do once a change is committed.

A service that changes something and wants background work to follow (an email, a search
refresh, later a webhook to a partner) records that work as an `OutboxMessage` *in the same
transaction* as the change. If the transaction rolls back, nothing is sent; if it commits, the
message is there even when the broker is down or loses it (Redis here runs without
persistence), and it is retried until its handler succeeds.

The contract, for whoever adds work to it:

- **Register a handler** by name in your app's `outbox_handlers.py` (found at start-up in every
  installed app)::

      from marketplace.outbox.registry import handler

      @handler("orders.send_order_placed")
      def send_order_placed(*, order_id: int) -> None:
          emails.send_order_placed(order_id)

  The handler is called with the payload as keyword arguments. It must be idempotent: it may
  run more than once for one message (a worker dies after the handler's effect but before the
  message is marked done; an external call succeeds but its reply is lost). Its database
  writes commit together with the message being marked done, so they happen once; effects
  outside the database (an email, an HTTP call) happen at least once — guard them with a
  claim written in the handler's transaction, as the order emails do. Raising retries it.

- **Enqueue** inside the transaction that makes the change, with a JSON-serialisable payload
  (IDs, not model instances: the handler reads the rows as they are when it runs)::

      from marketplace.outbox.services import enqueue

      with transaction.atomic():
          order = ...
          enqueue(handler="orders.send_order_placed", payload={"order_id": order.pk})

  `dedupe_key` (optional) is unique for ever: a second enqueue with the same key records
  nothing and returns the first message (for events that may be raised twice, such as a
  replayed callback; it costs a savepoint and a lookup, so the order emails, idempotent by
  their claims, go without). `delay` (a timedelta) holds the message back until then. Outside
  a transaction `enqueue` refuses (a RuntimeError): the change and the record of its work must
  commit together.

What happens next:

- Right after commit the message is handed to Celery (`marketplace.outbox.tasks.deliver`); a
  broker error is logged, never raised to the caller: the message waits for the sweep.
  Without a broker (the default, and the tests) it runs at once in the same process, as
  inline tasks always did.
- A worker claims the row (`SELECT ... FOR UPDATE SKIP LOCKED`, so a second copy of the task
  skips it), runs the handler in a savepoint and marks the message done, all in one
  transaction. A failure keeps `attempts` and `last_error` and makes the message due again
  after an exponential backoff (`OUTBOX_RETRY_BASE_SECONDS`, doubling, at most
  `OUTBOX_RETRY_MAX_SECONDS`); after `OUTBOX_MAX_ATTEMPTS` (or the handler's own
  `max_attempts`) it is marked failed and waits for staff (admin: "Outbox messages", action
  "Retry now").
- Celery beat runs `marketplace.outbox.tasks.sweep` every `OUTBOX_SWEEP_SECONDS`: it hands
  over again every due message never handed over, or handed over longer ago than
  `OUTBOX_VISIBILITY_TIMEOUT_SECONDS` without being done (the broker may have lost it).
  `manage.py outbox_sweep` does the same by hand (inline without a broker). Done messages
  are deleted after `OUTBOX_RETENTION_DAYS`.
- `/healthz` reports how many messages are overdue (due longer ago than the visibility
  timeout) and how many failed.
"""
