import io
import re

import pytest
from django.core.management import call_command

from catalog.models import Category
from catalog.services.taxonomy import load_taxonomy
from marketplace.core.ocop import taxonomy
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

Level = Category.Level


def expected_nodes() -> set[tuple[int, str, str, str | None]]:
    """(level, code, name, parent code) straight from the data file; a group without
    sub-groups is its own single product set."""
    nodes = set()
    for sector in taxonomy()["sectors"]:
        nodes.add((1, sector["code"], sector["name"], None))
        for group in sector["children"]:
            nodes.add((2, group["code"], group["name"], sector["code"]))
            for product_set in group.get("children") or [group]:
                nodes.add((3, product_set["code"], product_set["name"], group["code"]))
    return nodes


def snapshot():
    return list(
        Category.objects.order_by("pk").values_list(
            "pk", "level", "code", "name", "name_en", "slug", "parent_id", "authority", "position"
        )
    )


def test_six_sectors_seventeen_groups_twenty_six_product_sets():
    counts = {level: Category.objects.filter(level=level).count() for level in Level.values}
    assert counts == {1: 6, 2: 17, 3: 26}


def test_every_product_set_sits_under_a_group_under_a_sector():
    for product_set in Category.objects.filter(level=Level.PRODUCT_SET).select_related(
        "parent__parent"
    ):
        assert product_set.is_leaf
        assert product_set.parent.level == Level.GROUP, product_set
        assert product_set.parent.parent.level == Level.SECTOR, product_set
        assert product_set.parent.parent.parent is None
    assert not Category.objects.filter(level=Level.SECTOR, parent__isnull=False).exists()
    assert not Category.objects.filter(level=Level.GROUP).exclude(parent__level=1).exists()
    # Every group has at least one product set; no sector or group is a leaf.
    assert not Category.objects.filter(level=Level.GROUP, children__isnull=True).exists()
    assert not any(c.is_leaf for c in Category.objects.filter(level__lt=3))


def test_codes_names_and_parents_are_those_of_the_data_file():
    loaded = {
        (c.level, c.code, c.name, c.parent.code if c.parent else None)
        for c in Category.objects.select_related("parent")
    }
    assert loaded == expected_nodes()
    tea = Category.objects.get(level=Level.PRODUCT_SET, code="I.5.a")
    assert (tea.name, tea.parent.code, tea.parent.parent.code) == ("Chè tươi, chế biến", "I.5", "I")
    assert tea.authority == "Bộ Nông nghiệp và Môi trường"


def test_a_group_without_sub_groups_has_one_product_set_with_its_code():
    coffee_group = Category.objects.get(level=Level.GROUP, code="I.6")
    (coffee_set,) = coffee_group.children.all()
    assert (coffee_set.level, coffee_set.code, coffee_set.name) == (3, "I.6", "Cà phê, ca cao")
    assert coffee_set.authority  # the ministry managing it comes with the set


def test_slugs_are_unique_and_readable():
    slugs = list(Category.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 49
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
    by_code = {(c.level, c.code): c.slug for c in Category.objects.all()}
    assert by_code[(1, "I")] == "san-pham-thuc-pham"
    assert by_code[(3, "I.5.a")] == "che-tuoi-che-bien"
    assert by_code[(3, "II.1.a")] == "ruou-trang"
    # A set that shares its group's name keeps the plain slug; the group gets "nhom-".
    assert by_code[(3, "I.6")] == "ca-phe-ca-cao"
    assert by_code[(2, "I.6")] == "nhom-ca-phe-ca-cao"


def test_loading_again_keeps_the_same_rows_and_primary_keys():
    before = snapshot()
    ProductFactory(category=Category.objects.get(level=3, code="I.5.a"))

    assert load_taxonomy() == {1: 6, 2: 17, 3: 26}
    out = io.StringIO()
    call_command("load_taxonomy", stdout=out)

    assert "6 sectors, 17 groups, 26 product sets" in out.getvalue()
    assert snapshot() == before


def test_loading_again_repairs_an_edited_category_in_place():
    tea = Category.objects.get(level=3, code="I.5.a")
    Category.objects.filter(pk=tea.pk).update(name="Trà", slug="tra", position=99)

    load_taxonomy()

    tea.refresh_from_db()
    assert (tea.name, tea.slug, tea.position) == ("Chè tươi, chế biến", "che-tuoi-che-bien", 0)
    assert Category.objects.count() == 49
