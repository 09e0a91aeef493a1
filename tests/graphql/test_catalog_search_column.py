"""`Product.name_folded`, what the stopgap search matches: every writer keeps it filled."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from catalog.models import Product
from catalog.services.products import product_create, product_update
from marketplace.core.text import fold
from tests.factories import ProductFactory, product_set
from tests.graphql.catalog_fixtures import NAMES, names

pytestmark = pytest.mark.django_db


def test_every_save_folds_the_name_services_and_fixtures_alike(vendor, owner):
    assert ProductFactory(vendor=vendor, name="Mật ong Vân Hồ").name_folded == "mat ong van ho"


def test_the_services_fold_the_name_on_create_and_rename(vendor, owner):
    product = product_create(
        vendor=vendor, actor=owner, name="Miến dong Bắc Kạn", category=product_set("I.3.b")
    )
    assert product.name_folded == "mien dong bac kan"
    product_update(product=product, actor=owner, name="Đặc sản  Na Rì")
    product.refresh_from_db()
    assert product.name_folded == "dac san na ri"
    product_update(product=product, actor=owner, description="<p>Ngon</p>")
    product.refresh_from_db()
    assert product.name_folded == "dac san na ri"


def test_the_migration_folds_the_names_already_there(vendor):
    for n in range(3):
        ProductFactory(vendor=vendor, name=f"Chè Shan tuyết {n}")
    Product.objects.update(name_folded="")  # as rows were before the column
    migration = importlib.import_module("catalog.migrations.0005_fold_product_names")
    migration.fold_existing_names(apps, None)
    assert sorted(Product.objects.values_list("name_folded", flat=True)) == [
        "che shan tuyet 0",
        "che shan tuyet 1",
        "che shan tuyet 2",
    ]


def test_generated_products_are_found_without_diacritics(gql):
    call_command(
        "generate_catalogue", "--products", 30, "--seed", 1, verbosity=0, stdout=io.StringIO()
    )
    assert not Product.objects.filter(name_folded="").exists()
    product = Product.objects.order_by("pk").first()
    assert all(row.name_folded == fold(row.name) for row in Product.objects.all())
    found = names(gql().execute(NAMES, {"first": 100, "search": fold(product.name).upper()}))
    assert product.name in found
