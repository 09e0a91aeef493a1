"""Our 2025 communes in the pre-2025 names carriers still use (orders.carriers.addresses)."""

import io
import logging

import pytest
from django.apps import apps
from django.core.management import call_command

from demo import seed_data
from marketplace.geography.models import Commune
from orders.carriers.addresses import LegacyUnit, carrier_address, legacy_units

pytestmark = pytest.mark.django_db


def _commune(code):
    return Commune.objects.select_related("province", "legacy_province").get(code=code)


def _address(code):
    return carrier_address(commune=_commune(code), name="Chị Lan", phone="0912345678", street="12")


def _legacy(address):
    return (
        address.legacy_province_name,
        address.legacy_district_name,
        address.legacy_ward_name,
    )


def test_the_2025_communes_the_geography_loader_imports_all_map():
    communes = list(Commune.objects.select_related("province").order_by("code"))
    uncovered = [f"{c.code} {c.name}" for c in communes if not legacy_units(c.code)]
    print(
        f"{len(communes) - len(uncovered)}/{len(communes)} communes mapped; uncovered:", uncovered
    )
    assert len(communes) == 3321
    assert (len(communes) - len(uncovered)) / len(communes) >= 0.99
    # Every old ward lies in an old province that the commune's 2025 province absorbed.
    successors = {
        lp.code: lp.successor_id
        for lp in apps.get_model("geography", "LegacyProvince").objects.all()
    }
    misplaced = [
        c.code
        for c in communes
        for unit in legacy_units(c.code)
        if successors[unit.province_code] != c.province_id
    ]
    assert misplaced == []


def _communes_referenced():
    """Every commune any row points at (vendors, warehouses, showrooms, addresses...)."""
    codes = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Commune:
                codes |= set(
                    model.objects.exclude(**{field.attname: None}).values_list(
                        field.attname, flat=True
                    )
                )
    return codes


def test_every_commune_the_demo_seed_uses_maps_to_an_old_ward():
    call_command("seed_demo", stdout=io.StringIO())
    used = _communes_referenced()
    declared = {p.commune for p in seed_data.PRODUCERS} | {s.commune for s in seed_data.SHOWROOMS}
    declared.add(seed_data.PENDING_APPLICATION.commune)
    assert declared <= used
    assert len(used) >= 10
    for code in sorted(used):
        best = legacy_units(code)[0]
        address = _address(code)
        assert address.legacy_ward_name == best.ward_name != ""
        assert address.legacy_district_name == best.district_name != ""
        assert address.legacy_province_name == best.province_name


def test_a_can_tho_ward_that_was_soc_trang_speaks_soc_trang():
    address = _address("31684")
    assert (address.commune_name, address.province_name) == ("Phường Mỹ Xuyên", "Thành phố Cần Thơ")
    # The commune kept the town's name (and code).
    assert _legacy(address) == ("Sóc Trăng", "Huyện Mỹ Xuyên", "Thị trấn Mỹ Xuyên")
    assert {(u.district_name, u.ward_name) for u in legacy_units("31684")} == {
        ("Huyện Mỹ Xuyên", "Thị trấn Mỹ Xuyên"),
        ("Thành phố Sóc Trăng", "Phường 10"),
        ("Huyện Mỹ Xuyên", "Xã Đại Tâm"),
    }


def test_a_can_tho_ward_that_was_hau_giang_speaks_hau_giang():
    units = legacy_units("31321")  # Phường Vị Thanh, from Vị Thanh city's Phường I, III, VII
    assert {u.province_name for u in units} == {"Hậu Giang"}
    assert {u.ward_name for u in units} == {"Phường I", "Phường III", "Phường VII"}
    # No old ward was called Vị Thanh: the one whose code the commune kept comes first.
    assert units[0] == LegacyUnit(
        "93", "Hậu Giang", "Thành phố Vị Thanh", "31321", "Phường III", True
    )
    assert _legacy(_address("31321")) == ("Hậu Giang", "Thành phố Vị Thanh", "Phường III")


def test_phuong_hoan_kiem_is_made_of_old_quan_hoan_kiem_wards():
    units = legacy_units("00070")
    by_district = {}
    for unit in units:
        by_district.setdefault(unit.district_name, set()).add(unit.ward_name)
    assert {"Phường Hàng Bạc", "Phường Hàng Bồ", "Phường Hàng Gai", "Phường Lý Thái Tổ"} <= (
        by_district["Quận Hoàn Kiếm"]
    )
    # A corner of old Phường Điện Biên (Ba Đình) came along too: listed, not chosen.
    assert by_district["Quận Ba Đình"] == {"Phường Điện Biên"}
    assert not next(u for u in units if u.ward_name == "Phường Điện Biên").whole
    # No old ward bore the name Hoàn Kiếm; the commune kept Hàng Trống's code, 00070.
    assert _legacy(_address("00070")) == ("Hà Nội", "Quận Hoàn Kiếm", "Phường Hàng Trống")


@pytest.mark.parametrize(
    ("code", "best", "others"),
    [
        # The name the commune kept wins over the code it kept (16645 was Mai Lâm's, 02185
        # Quang Phong's).
        ("16645", "Phường Hải Bình", {"Phường Mai Lâm", "Phường Tĩnh Hải"}),
        ("02185", "Xã Côn Minh", {"Xã Quang Phong", "Xã Dương Sơn"}),
        # A town and commune the new commune is named after: the town (it kept its code).
        ("05200", "Thị trấn Mai Châu", {"Xã Tòng Đậu", "Xã Nà Phòn", "Xã Thành Sơn"}),
        ("31639", "Thị trấn Long Phú", {"Xã Long Phú"}),
        # No old ward was called Ba Đình: the one whose code (and core) it kept, Trúc Bạch.
        ("00004", "Phường Trúc Bạch", {"Phường Quán Thánh", "Phường Kim Mã"}),
    ],
)
def test_a_commune_of_several_old_wards_sends_the_documented_best(code, best, others):
    units = legacy_units(code)
    assert units[0].ward_name == best
    assert others <= {u.ward_name for u in units[1:]}
    assert _address(code).legacy_ward_name == best


def test_a_whole_ward_comes_before_a_share_of_a_split_one():
    # Phường Phủ Lý kept no old ward's name; its code, 13291, is none of theirs in our
    # geography, and the source gives it old Phường Quang Trung's (13285), a split ward.
    units = legacy_units("13291")
    assert units[0].ward_name == "Phường Quang Trung" and not units[0].whole
    # Xã Bắc Thái Ninh: neither name nor code kept, all whole: the source's order.
    assert [u.ward_name for u in legacy_units("12841")] == ["Xã Dương Hồng Thủy", "Xã Thái Phúc"]


def test_an_island_special_zone_is_its_old_district_without_a_ward():
    assert legacy_units("26732") == [
        LegacyUnit("77", "Bà Rịa - Vũng Tàu", "Huyện Côn Đảo", "", "", True)
    ]
    assert _legacy(_address("26732")) == ("Bà Rịa - Vũng Tàu", "Huyện Côn Đảo", "")


def test_the_address_carries_the_2025_commune_and_the_person(django_assert_num_queries):
    commune = _commune("02155")  # Xã Na Rì, Thái Nguyên, formerly Bắc Kạn
    with django_assert_num_queries(0):
        address = carrier_address(
            commune=commune, name="Anh Tuấn", phone="0987654321", street="Thôn Nà Làng"
        )
    assert address.commune_code == "02155"
    assert (address.commune_name, address.province_name) == ("Xã Na Rì", "Thái Nguyên")
    assert (address.name, address.phone, address.street) == (
        "Anh Tuấn",
        "0987654321",
        "Thôn Nà Làng",
    )
    assert _legacy(address) == ("Bắc Kạn", "Huyện Na Rì", "Thị trấn Yến Lạc")


def test_an_unknown_commune_keeps_its_2025_names_and_warns_once(caplog):
    hanoi = _commune("00070")
    stranger = Commune(
        code="99998",
        name="Phường Mới",
        short_name="Mới",
        province=hanoi.province,
        legacy_province=hanoi.legacy_province,
    )
    assert legacy_units("99998") == []
    with caplog.at_level(logging.WARNING, logger="orders.carriers.addresses"):
        first = carrier_address(commune=stranger, name="A", phone="0900000000", street="1")
        second = carrier_address(commune=stranger, name="A", phone="0900000000", street="1")
    assert first == second
    assert _legacy(first) == ("Hà Nội", "", "Phường Mới")
    assert first.commune_code == "99998" and first.province_name == "Thành phố Hà Nội"
    warnings = [r for r in caplog.records if "99998" in r.getMessage()]
    assert len(warnings) == 1


def test_an_unknown_commune_without_a_legacy_province_falls_back_to_the_province():
    hanoi = _commune("00070")
    stranger = Commune(code="99997", name="Xã Mới", province=hanoi.province)
    address = carrier_address(commune=stranger, name="A", phone="0900000000", street="1")
    assert _legacy(address) == ("Thành phố Hà Nội", "", "Xã Mới")


def test_legacy_units_is_a_copy_the_caller_may_change():
    units = legacy_units("00070")
    units.clear()
    assert legacy_units("00070")
