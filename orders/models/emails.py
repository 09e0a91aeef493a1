"""Which order emails went out: a task claims its key before sending, so a retried or repeated
task never mails twice."""

from django.db import models


class SentEmail(models.Model):
    # "new_order:<vendor order pk>"; the shopper's notices (notifications.sending):
    # "order_placed:<order pk>", "notify:<kind>:<order>:<part or ->:<ref or ->",
    # "sms:<kind>:<order>:<part or ->" (older rows: "shipped:<vendor order pk>")
    key = models.CharField(max_length=64, unique=True)
    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="+")
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.key


class StatementNotice(models.Model):
    """A producer's monthly statement was mailed: once per producer and month."""

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The month's first day.")
    closing_balance = models.BigIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "month"], name="statement_notice_once")
        ]

    def __str__(self):
        return f"{self.vendor_id} {self.month:%Y-%m}"
