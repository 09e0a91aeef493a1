"""Private storage for files that must not be public (business registrations, certificate scans).

They live outside MEDIA_ROOT and have no URL; views stream them after checking permissions.
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class _PrivateStorage(LazyObject):
    """`storages["private"]`, looked up when first used rather than when models are imported.

    A FileField calls its storage callable once, at import; returning this proxy (like Django's
    own `default_storage`) lets a changed STORAGES setting (tests) take effect.
    """

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


def private_storage():
    return _private


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting in ("STORAGES", "PRIVATE_MEDIA_ROOT"):
        _private._wrapped = empty
