"""Our 2025 communes in the words carriers still use: the pre-2025 province, district and
ward each maps to.

SKELETON: the mapping is being built (see the issue); until then the legacy names are the
2025 province and commune names and the district is empty."""

from orders.carriers.base import CarrierAddress


def carrier_address(*, commune, name: str, phone: str, street: str) -> CarrierAddress:
    """The CarrierAddress of a person at `street` in `commune` (a geography.Commune with its
    province loaded)."""
    province = commune.province
    return CarrierAddress(
        name=name,
        phone=phone,
        street=street,
        commune_code=commune.code,
        commune_name=commune.name,
        province_name=province.name,
        legacy_province_name=commune.legacy_province.name
        if commune.legacy_province_id
        else province.name,
        legacy_district_name="",
        legacy_ward_name=commune.name,
    )
