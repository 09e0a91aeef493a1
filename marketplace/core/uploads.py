"""Pillow's limits, set deliberately from settings when Django starts.

An image's header says how many pixels it has; decoding allocates that much memory (a 20,000 ×
20,000 PNG of a few kilobytes would take 1.6 GB). Pillow warns past MAX_IMAGE_PIXELS and
refuses past twice that; here the warning is an error too, so that nothing bigger than
MAX_IMAGE_PIXELS is ever decoded (the upload checks in files.py refuse it with a message)."""

import warnings

from django.conf import settings
from PIL import Image


def configure_pillow() -> None:
    Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS
    warnings.simplefilter("error", Image.DecompressionBombWarning)
