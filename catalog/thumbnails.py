"""Thumbnail sizes and picking the right file for a requested size."""

THUMBNAIL_SIZES = (160, 320, 640, 1280)


def thumbnail_name(media, requested: int) -> str:
    """The storage name of the smallest thumbnail at least `requested` pixels wide, else the
    largest there is (small originals have no larger thumbnails), else the original."""
    available = sorted(int(size) for size in media.thumbnails)
    if not available:
        return media.image.name
    chosen = next((size for size in available if size >= requested), available[-1])
    return media.thumbnails[str(chosen)]
