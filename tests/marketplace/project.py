"""The project's own packages, as pyproject.toml ships them, for the tests that read its code."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_FIND = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
PACKAGES = tuple(pattern.rstrip("*") for pattern in _FIND["find"]["include"])
