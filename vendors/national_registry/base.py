"""What the cross-check needs from a national record, whatever its source."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class NationalProduct:
    """One product of the national OCOP portal. Fields the portal left out are None."""

    id: str
    name: str
    stars: int | None
    producer: str | None
    decision_number: str | None
    issued_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    raw: dict = field(default_factory=dict, compare=False)  # as received: the evidence


class NationalRegistry(Protocol):
    def search(self, text: str, *, stars: int | None = None) -> Iterator[NationalProduct]:
        """Products whose name matches `text`, every page of them."""

    def product(self, national_id: str) -> NationalProduct | None:
        """One product by its portal ID (with the producer and certificate), or None."""
