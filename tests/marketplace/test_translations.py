"""Vietnamese first: every string has its Vietnamese translation, and pages use it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

from marketplace.core.errors import ErrorCode
from marketplace.core.permissions import require_staff
from tests.factories import UserFactory

PO_PATH = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _catalog():
    with PO_PATH.open("rb") as po_file:
        return read_po(po_file, locale="vi")


def test_every_message_has_a_vietnamese_translation():
    untranslated = [
        message.id
        for message in _catalog()
        if message.id
        and (
            message.fuzzy
            or not all(message.string if isinstance(message.string, tuple) else [message.string])
        )
    ]
    assert untranslated == []


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    """Extract the strings from the code as makemessages does and compare with the .po."""
    project = Path(settings.BASE_DIR)
    workdir = tmp_path / "project"
    shutil.copytree(
        project,
        workdir,
        ignore=shutil.ignore_patterns(  # "media*" would skip catalog/services/media.py too
            ".venv", ".git", "media", "media-private", "tests", "*.sqlite3*", "*.mo"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location",
         "--ignore", "tests/*", "--ignore", ".venv/*"],
        cwd=workdir, check=True, capture_output=True,
    )  # fmt: skip
    with (workdir / "locale" / "vi" / "LC_MESSAGES" / "django.po").open("rb") as po_file:
        extracted = {m.id for m in read_po(po_file, locale="vi") if m.id}
    known = {m.id for m in _catalog() if m.id}
    assert sorted(map(str, extracted - known)) == [], "run makemessages and translate"


@pytest.mark.django_db
def test_service_errors_speak_vietnamese_by_default():
    with translation.override("vi"), pytest.raises(Exception) as exc:
        require_staff(UserFactory())
    assert exc.value.codes == [ErrorCode.PERMISSION_DENIED]
    assert exc.value.errors[0].message == "Chỉ ban quản lý sàn được làm việc này."


@pytest.mark.django_db
def test_pages_are_vietnamese_by_default_and_english_on_request(client):
    vietnamese = client.get("/").content.decode()
    assert "Sản phẩm OCOP" in vietnamese
    assert 'lang="vi"' in vietnamese

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/").content.decode()
    assert "OCOP products" in english
    assert 'lang="en"' in english
