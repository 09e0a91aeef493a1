from django.db import migrations

from marketplace.core.text import fold

BATCH = 2000


def fold_existing_names(apps, schema_editor):
    """Fill name_folded for the products already there; the services keep it after."""
    Product = apps.get_model("catalog", "Product")
    batch = []
    for product in Product.objects.only("pk", "name").iterator(chunk_size=BATCH):
        product.name_folded = fold(product.name)
        batch.append(product)
        if len(batch) >= BATCH:
            Product.objects.bulk_update(batch, ["name_folded"])
            batch = []
    if batch:
        Product.objects.bulk_update(batch, ["name_folded"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_product_name_folded")]

    operations = [migrations.RunPython(fold_existing_names, migrations.RunPython.noop)]
