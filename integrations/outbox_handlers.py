"""The integrations' part of the outbox, loaded at start-up in every process: the webhooks'
handlers, the check `emit` asks before recording an event, and the GraphQL renderer of
payloads (integrations/webhooks/payloads.py says why it is installed rather than imported)."""

from integrations.graphql.webhooks_payloads import documents
from integrations.webhooks import payloads
from integrations.webhooks.dispatch_services import DELIVER_HANDLER, attempt, fan_out
from integrations.webhooks.selectors import is_wanted
from marketplace.outbox import events
from marketplace.outbox.registry import handler

payloads.install(documents)
events.listen_with(is_wanted)


@handler(events.FAN_OUT_HANDLER)
def fan_out_event(*, event: str, issued_at: str, **ids) -> None:
    """One delivery per subscription that wants the event; idempotent, as its writes commit
    with the message marked done."""
    fan_out(event=event, issued_at=issued_at, **ids)


@handler(DELIVER_HANDLER)
def deliver_webhook(*, delivery_id: int, round: int) -> None:
    """One attempt. At least once: a worker dying after the POST but before its commit sends
    it again, with the same X-Ocop-Delivery for the receiver to dedupe by."""
    attempt(delivery_id=delivery_id, round=round)
