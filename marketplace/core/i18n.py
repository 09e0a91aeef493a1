"""Vietnamese however the project is started: compiled catalogues at startup, and a system
check that fails when a catalogue's translations would not be served."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.translation import trans_real

from marketplace.core import compile_messages


def _use_fallback(folder: Path) -> None:
    if str(folder) not in map(str, settings.LOCALE_PATHS):
        settings.LOCALE_PATHS = [str(folder), *settings.LOCALE_PATHS]
        trans_real._translations = {}  # catalogues loaded before now would miss the folder
        trans_real._default = None


def compile_on_startup(locale_dir: Path = compile_messages.LOCALE_DIR) -> None:
    outcome = compile_messages.ensure_compiled(locale_dir)
    fallback = compile_messages.fallback_dir(locale_dir)
    # Compiled there now or by an earlier start, while the .mo beside the .po is stale.
    compiled_there = outcome.fallback or (fallback.exists() and any(fallback.rglob("*.mo")))
    if compiled_there and compile_messages.stale_catalogues(locale_dir):
        _use_fallback(fallback)


@register(Tags.translation)
def check_catalogues_compiled(app_configs=None, locale_dir=None, **kwargs):
    """core.E001: a .po newer than its .mo (or without one) that compiling cannot fix."""
    locale_dir = Path(locale_dir or compile_messages.LOCALE_DIR)
    fallback = compile_messages.fallback_dir(locale_dir)
    if compile_messages.stale_catalogues(locale_dir, also=fallback):
        outcome = compile_messages.ensure_compiled(locale_dir)
        if outcome.fallback:
            _use_fallback(outcome.fallback)
    return [
        Error(
            f"{po_path.relative_to(locale_dir.parent)} is newer than its compiled catalogue "
            "(or it has none), and compiling it failed: pages would not be translated.",
            hint="Make the locale folder writable, or run "
            "`python -m marketplace.core.compile_messages` when building the image.",
            id="core.E001",
        )
        for po_path in compile_messages.stale_catalogues(locale_dir, also=fallback)
    ]
