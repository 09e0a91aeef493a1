"""Vietnamese however the project is started: the compiled catalogues (.mo) are not in the
repository, so Django compiles stale ones when it starts, into a fallback folder where the
locale folder is read-only, and a system check fails when that could not be done."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from marketplace.core import compile_messages
from marketplace.core.i18n import check_catalogues_compiled

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.fixture
def locale_copy(tmp_path):
    folder = tmp_path / "locale"
    shutil.copytree(LOCALE, folder)
    compile_messages.compile_all(folder)
    yield folder
    shutil.rmtree(compile_messages.fallback_dir(folder), ignore_errors=True)


@pytest.fixture
def unwritable(monkeypatch):
    """Nothing can be written (a read-only image; tests run as root, so chmod would not do)."""

    def refuse(po_path, mo_path):
        raise PermissionError(13, "Read-only file system", str(mo_path))

    monkeypatch.setattr(compile_messages, "_write", refuse)


def mo_of(folder: Path) -> Path:
    return folder / "vi" / "LC_MESSAGES" / "django.mo"


def age(path: Path, seconds: int = 3600) -> None:
    stat = path.stat()
    os.utime(path, (stat.st_atime - seconds, stat.st_mtime - seconds))


def test_fresh_catalogues_pass_the_check(locale_copy):
    assert check_catalogues_compiled(locale_dir=locale_copy) == []


@pytest.mark.parametrize("damage", ["deleted", "older than the .po"])
def test_the_check_errors_when_a_stale_catalogue_cannot_be_compiled(
    locale_copy, unwritable, damage
):
    mo = mo_of(locale_copy)
    if damage == "deleted":
        mo.unlink()
    else:
        age(mo)
    errors = check_catalogues_compiled(locale_dir=locale_copy)
    assert [error.id for error in errors] == ["core.E001"]
    assert "locale/vi/LC_MESSAGES/django.po" in errors[0].msg
    assert "compiling it failed" in errors[0].msg


def test_the_check_compiles_a_stale_catalogue_when_it_can(locale_copy):
    age(mo_of(locale_copy))
    assert compile_messages.stale_catalogues(locale_copy)
    assert check_catalogues_compiled(locale_dir=locale_copy) == []
    assert compile_messages.stale_catalogues(locale_copy) == []


def test_a_read_only_locale_folder_compiles_into_the_fallback_folder(
    locale_copy, monkeypatch, settings, caplog
):
    mo_of(locale_copy).unlink()
    real_write = compile_messages._write

    def read_only_beside_po(po_path, mo_path):
        if locale_copy in mo_path.parents:
            raise PermissionError(30, "Read-only file system", str(mo_path))
        real_write(po_path, mo_path)

    monkeypatch.setattr(compile_messages, "_write", read_only_beside_po)
    settings.LOCALE_PATHS = [str(locale_copy)]
    assert check_catalogues_compiled(locale_dir=locale_copy) == []
    fallback = compile_messages.fallback_dir(locale_copy)
    assert mo_of(fallback).exists()
    assert settings.LOCALE_PATHS[0] == str(fallback)
    assert "Cannot write the compiled catalogues" in caplog.text


def test_a_fresh_copy_without_compiled_catalogues_serves_vietnamese_after_startup(tmp_path):
    """As `pip install` + `manage.py runserver` would: no make, no .mo files."""
    project = tmp_path / "project"
    local_state = [".venv", ".git", "media", "media-private", "artifacts", "staticfiles"]
    ignore = shutil.ignore_patterns(*local_state, "*.sqlite3*", "*.mo")
    shutil.copytree(settings.BASE_DIR, project, ignore=ignore)
    assert not mo_of(project / "locale").exists()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    checked = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=project, env=env, capture_output=True
    )
    assert checked.returncode == 0, checked.stderr.decode()
    assert mo_of(project / "locale").exists()

    # The header's sector menu reads the categories: the database is set up, as anyone would.
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=project, env=env, capture_output=True, check=True,
    )  # fmt: skip
    show_login = "from django.test import Client; print(Client().get('/tai-khoan/dang-nhap/').text)"
    page = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", show_login],
        cwd=project, env=env, capture_output=True, check=True,
    )  # fmt: skip
    html = page.stdout.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html and "Log in" not in html
