"""Queries that clients registered under their SHA-256 (automatic persisted queries), when no
Redis cache is configured to hold them."""

from django.db import models


class PersistedQuery(models.Model):
    # The hash is the key clients send; the text never changes for a given hash.
    sha256_hash = models.CharField(max_length=64, primary_key=True)
    query = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.sha256_hash
