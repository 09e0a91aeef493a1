import io

import pytest
from django.core.management import call_command
from django.db.models import F

from marketplace.geography.models import Commune, LegacyProvince, Province
from marketplace.geography.selectors import communes_of, resolve_province, resolve_provinces
from marketplace.geography.services import load_geography

pytestmark = pytest.mark.django_db


def test_34_provinces_and_3321_communes_with_official_codes():
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    assert Province.objects.get(code="01").short_name == "Hà Nội"
    assert Province.objects.get(code="19").name == "Thái Nguyên"
    assert all(len(code) == 2 for code in Province.objects.values_list("code", flat=True))
    assert all(len(code) == 5 for code in Commune.objects.values_list("code", flat=True))
    na_ri = Commune.objects.get(code="02155")
    assert (na_ri.name, na_ri.short_name, na_ri.province_id) == ("Xã Na Rì", "Na Rì", "19")
    counts = {
        t: Commune.objects.filter(division_type=t).count() for t in ("xa", "phuong", "dac_khu")
    }
    assert counts == {"xa": 2621, "phuong": 687, "dac_khu": 13}


def test_loading_again_changes_nothing():
    before = list(Commune.objects.order_by("code").values_list("code", "name", "province_id"))
    counts = load_geography()
    call_command("load_geography", stdout=io.StringIO())
    assert (counts.provinces, counts.communes, counts.legacy_provinces) == (34, 3321, 63)
    after = list(Commune.objects.order_by("code").values_list("code", "name", "province_id"))
    assert before == after


def test_every_province_merged_in_2025_is_an_alias_of_its_successor():
    merged = {
        "Hà Giang": "Tuyên Quang",
        "Bắc Kạn": "Thái Nguyên",
        "Yên Bái": "Lào Cai",
        "Hòa Bình": "Phú Thọ",
        "Vĩnh Phúc": "Phú Thọ",
        "Bắc Giang": "Bắc Ninh",
        "Hải Dương": "Hải Phòng",
        "Thái Bình": "Hưng Yên",
        "Hà Nam": "Ninh Bình",
        "Nam Định": "Ninh Bình",
        "Quảng Bình": "Quảng Trị",
        "Quảng Nam": "Đà Nẵng",
        "Kon Tum": "Quảng Ngãi",
        "Bình Định": "Gia Lai",
        "Phú Yên": "Đắk Lắk",
        "Ninh Thuận": "Khánh Hòa",
        "Đắk Nông": "Lâm Đồng",
        "Bình Thuận": "Lâm Đồng",
        "Bình Phước": "Đồng Nai",
        "Bình Dương": "Hồ Chí Minh",
        "Bà Rịa - Vũng Tàu": "Hồ Chí Minh",
        "Long An": "Tây Ninh",
        "Tiền Giang": "Đồng Tháp",
        "Bến Tre": "Vĩnh Long",
        "Trà Vinh": "Vĩnh Long",
        "Kiên Giang": "An Giang",
        "Hậu Giang": "Cần Thơ",
        "Sóc Trăng": "Cần Thơ",
        "Bạc Liêu": "Cà Mau",
    }
    assert LegacyProvince.objects.count() == 63
    for old, new in merged.items():
        assert LegacyProvince.objects.get(name=old).successor.short_name == new, old
        assert resolve_province(old).short_name == new, old


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("19", "Thái Nguyên"),
        ("06", "Thái Nguyên"),  # Bắc Kạn's pre-2025 code
        ("6", "Thái Nguyên"),
        ("Bắc Kạn", "Thái Nguyên"),
        ("bac kan", "Thái Nguyên"),
        ("  BẮC KẠN ", "Thái Nguyên"),
        ("Tỉnh Sóc Trăng", "Cần Thơ"),
        ("hoa binh", "Phú Thọ"),
        ("Hoà Bình", "Phú Thọ"),  # old-style accent placement
        ("Thành phố Hà Nội", "Hà Nội"),
        ("Sài Gòn", "Hồ Chí Minh"),
        ("Thừa Thiên Huế", "Huế"),
        ("15", "Lào Cai"),  # today's Lào Cai, and Yên Bái's old code: the same answer
    ],
)
def test_resolve_province_understands_codes_and_names_old_and_new(typed, expected):
    assert resolve_province(typed).short_name == expected


@pytest.mark.parametrize("typed", ["", "99", "Atlantis", "'; DROP TABLE x; --"])
def test_resolve_province_returns_none_for_unknown(typed):
    assert resolve_province(typed) is None


def test_resolve_provinces_deduplicates():
    provinces = resolve_provinces(["Bắc Kạn", "19", "thai nguyen", "nowhere", "Sơn La"])
    assert [p.code for p in provinces] == ["19", "14"]


def test_communes_remember_their_pre_2025_province():
    na_ri = Commune.objects.get(code="02155")
    assert na_ri.legacy_province.name == "Bắc Kạn"
    assert na_ri.former_province_name == "Bắc Kạn"
    moc_chau = Commune.objects.get(code="03980")
    assert moc_chau.former_province_name is None  # Sơn La did not change
    assert Commune.objects.filter(legacy_province__isnull=True).count() == 0
    # Every commune's old province was absorbed by the province it belongs to today.
    mismatched = Commune.objects.exclude(province=F("legacy_province__successor"))
    assert not mismatched.exists()


def test_communes_of_a_province_search_without_diacritics():
    names = list(communes_of("19", search="na ri").values_list("name", flat=True))
    assert names == ["Xã Na Rì"]
    assert communes_of("14").count() == Commune.objects.filter(province_id="14").count()
