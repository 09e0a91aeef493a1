"""Abstract models shared by apps."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

# The outbox handler (registered by search) that indexes whatever is marked.
REINDEX_HANDLER = "search.index_requested_products"


class TransitionEvent(models.Model):
    """One status change of something with a lifecycle: from, to, who, when, why."""

    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status}"


class ReindexMarked(models.Model):
    """Rows whose change alters some product's search document. Services mark them in the same
    transaction as the change; the search indexer picks marked rows up and clears the mark
    (only if it was not set again meanwhile, hence a time rather than a flag)."""

    reindex_requested_at = models.DateTimeField(
        null=True, blank=True, db_index=True, editable=False
    )

    class Meta:
        abstract = True

    @classmethod
    def mark_for_reindex(cls, rows) -> int:
        """Mark these rows (instances or primary keys) in one UPDATE, and ask the outbox in
        the same transaction to index them once it commits. Instances get the mark too, so
        that saving one of them later does not wipe it."""
        from marketplace.outbox.services import enqueue

        now = timezone.now()
        pks = []
        for row in rows:
            if isinstance(row, models.Model):
                row.reindex_requested_at = now
                pks.append(row.pk)
            else:
                pks.append(row)
        with transaction.atomic(savepoint=False):  # the caller's transaction, or its own
            marked = cls._default_manager.filter(pk__in=pks).update(reindex_requested_at=now)
            if marked:
                enqueue(handler=REINDEX_HANDLER, payload={})
        return marked
