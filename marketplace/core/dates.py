"""Date helpers every app shares."""

import datetime

from django.utils import timezone


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight of `day` in the marketplace's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
