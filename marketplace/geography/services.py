"""Loading the official geography from the `vietnam-provinces` package (idempotent upserts)."""

import bisect
import json
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps as django_apps
from django.db import transaction
from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

from marketplace.core.text import fold

LEGACY_DATA_PATH = Path(__file__).parent / "data" / "legacy_provinces.json"

_PROVINCE_TYPES = {"tỉnh": "tinh", "thành phố trung ương": "thanh_pho"}
_COMMUNE_TYPES = {"xã": "xa", "phường": "phuong", "đặc khu": "dac_khu"}
_PREFIXES = ("Thành phố ", "Tỉnh ", "Xã ", "Phường ", "Đặc khu ")


@dataclass(frozen=True)
class GeographyCounts:
    provinces: int
    communes: int
    legacy_provinces: int


def _short_name(name: str) -> str:
    """ "Thành phố Hà Nội" -> "Hà Nội", "Xã Na Rì" -> "Na Rì"."""
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def load_geography(*, apps=django_apps) -> GeographyCounts:
    """Insert or update every province, pre-2025 province and commune. Safe to run again.

    `apps` lets a data migration pass its historical app registry.
    """
    Province = apps.get_model("geography", "Province")
    LegacyProvince = apps.get_model("geography", "LegacyProvince")
    Commune = apps.get_model("geography", "Commune")

    divisions = json.loads(Path(NESTED_DIVISIONS_JSON_PATH).read_text(encoding="utf-8"))
    legacy = json.loads(LEGACY_DATA_PATH.read_text(encoding="utf-8"))
    range_starts = [start for start, _code in legacy["commune_code_ranges"]]
    range_codes = [code for _start, code in legacy["commune_code_ranges"]]

    def legacy_code_of(commune_code: int) -> str:
        return range_codes[bisect.bisect_right(range_starts, commune_code) - 1]

    provinces = [
        Province(
            code=f"{p['code']:02d}",
            name=p["name"],
            short_name=_short_name(p["name"]),
            division_type=_PROVINCE_TYPES[p["division_type"]],
            codename=p["codename"],
            name_folded=fold(_short_name(p["name"])),
        )
        for p in divisions
    ]
    legacy_provinces = [
        LegacyProvince(
            code=row["code"],
            name=row["name"],
            other_names=row["other_names"],
            name_folded=fold(row["name"]),
            successor_id=row["successor"],
        )
        for row in legacy["provinces"]
    ]
    communes = [
        Commune(
            code=f"{w['code']:05d}",
            name=w["name"],
            short_name=_short_name(w["name"]),
            division_type=_COMMUNE_TYPES[w["division_type"]],
            province_id=f"{p['code']:02d}",
            legacy_province_id=legacy_code_of(w["code"]),
            name_folded=fold(_short_name(w["name"])),
        )
        for p in divisions
        for w in p["wards"]
    ]

    with transaction.atomic():
        Province.objects.bulk_create(
            provinces,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "short_name", "division_type", "codename", "name_folded"],
        )
        LegacyProvince.objects.bulk_create(
            legacy_provinces,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "other_names", "name_folded", "successor"],
        )
        Commune.objects.bulk_create(
            communes,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=[
                "name",
                "short_name",
                "division_type",
                "province",
                "legacy_province",
                "name_folded",
            ],
        )
    return GeographyCounts(
        provinces=Province.objects.count(),
        communes=Commune.objects.count(),
        legacy_provinces=LegacyProvince.objects.count(),
    )
