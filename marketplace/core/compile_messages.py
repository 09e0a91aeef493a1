"""Compile the gettext catalogues (locale/*/LC_MESSAGES/*.po -> .mo) with Babel.

Django's `compilemessages` needs GNU gettext, which a bare machine lacks; Babel is pure Python.
The compiled files are not in the repository, so the core app compiles stale ones when Django
starts (however it is started: runserver, gunicorn, a container that skips the Makefile). Where
the locale folder is read-only, they go to a fallback folder in the temp dir that is put first
on LOCALE_PATHS. `python -m marketplace.core.compile_messages` does the same by hand.
"""

import hashlib
import logging
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"

logger = logging.getLogger("marketplace.i18n")


def fallback_dir(locale_dir: Path = LOCALE_DIR) -> Path:
    """Where catalogues go when `locale_dir` cannot be written: one folder per checkout."""
    digest = hashlib.sha256(str(locale_dir.resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"ocop-locale-{digest}"


def _mo_for(po_path: Path, locale_dir: Path, out_dir: Path) -> Path:
    return out_dir / po_path.relative_to(locale_dir).with_suffix(".mo")


def _fresh(po_path: Path, mo_path: Path) -> bool:
    return mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime


def stale_catalogues(locale_dir: Path = LOCALE_DIR, *, also: Path | None = None) -> list[Path]:
    """The .po files whose .mo is missing or older, beside them and (if given) in `also`."""
    return [
        po_path
        for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))
        if not _fresh(po_path, po_path.with_suffix(".mo"))
        and not (also and _fresh(po_path, _mo_for(po_path, locale_dir, also)))
    ]


def _write(po_path: Path, mo_path: Path) -> None:
    """Compile one catalogue; written under a temporary name and renamed, so that several web
    processes starting at once never read a half-written file."""
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=po_path.parts[-3])
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
    try:
        with os.fdopen(handle, "wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        os.replace(temporary, mo_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def compile_all(locale_dir: Path = LOCALE_DIR, out_dir: Path | None = None) -> list[Path]:
    """Compile the stale catalogues of `locale_dir` into `out_dir` (default: beside them)."""
    out_dir = out_dir or locale_dir
    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = _mo_for(po_path, locale_dir, out_dir)
        if not _fresh(po_path, mo_path):
            _write(po_path, mo_path)
            written.append(mo_path)
    return written


@dataclass
class Outcome:
    written: list[Path] = field(default_factory=list)
    fallback: Path | None = None  # set when the catalogues were compiled there instead
    error: str = ""  # why compiling failed, when it did


def ensure_compiled(locale_dir: Path = LOCALE_DIR) -> Outcome:
    """Compile stale catalogues in place, else into the fallback folder; never raises."""
    if not stale_catalogues(locale_dir):
        return Outcome()
    try:
        return Outcome(written=compile_all(locale_dir))
    except OSError as error:  # a read-only image or volume
        logger.warning(
            "Cannot write the compiled catalogues in %s (%s); compiling them into %s",
            locale_dir,
            error,
            fallback_dir(locale_dir),
        )
    fallback = fallback_dir(locale_dir)
    try:
        return Outcome(written=compile_all(locale_dir, fallback), fallback=fallback)
    except (OSError, ValueError) as error:
        logger.error("Cannot compile the catalogues of %s: %s", locale_dir, error)
        return Outcome(error=str(error))


if __name__ == "__main__":
    for path in compile_all():
        sys.stdout.write(f"compiled {path.relative_to(LOCALE_DIR.parent)}\n")
