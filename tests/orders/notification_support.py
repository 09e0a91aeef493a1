"""Running the outbox by hand, and a recording SMS backend, for the notification tests."""

from django.utils import timezone

from marketplace.outbox.delivery import deliver
from marketplace.outbox.models import OutboxMessage
from notifications.sms import MessageResult
from orders.services.notifications import HANDLER


class RecordingBackend:
    """Keeps what it was asked to send; `refuse` makes it answer like a provider saying no."""

    sent: list[dict] = []
    refuse = False

    def send(self, *, phone, template, params):
        if self.refuse:
            return MessageResult(accepted=False, error="invalid phone")
        self.sent.append({"phone": phone, "template": template, "params": params})
        return MessageResult(accepted=True, reference=f"rec-{len(self.sent)}")


def run_outbox() -> None:
    """What the workers do: run every due message, and those they record in turn."""
    while True:
        due = OutboxMessage.objects.pending().filter(attempts=0, available_at__lte=timezone.now())
        ids = list(due.order_by("pk").values_list("pk", flat=True))
        if not ids:
            return
        for pk in ids:
            deliver(message_id=pk)


def notices(order) -> list[tuple]:
    """(kind, part id) of every notice recorded for the order, in order."""
    return [
        (payload["kind"], payload.get("vendor_order_id"))
        for payload in OutboxMessage.objects.filter(handler=HANDLER, payload__order_id=order.pk)
        .order_by("pk")
        .values_list("payload", flat=True)
    ]
