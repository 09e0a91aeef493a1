"""Every product gets a stable short code for its traceability URL /q/<code>; existing products
get theirs here, once (the column is unique, so each is drawn until it is new)."""

from django.db import migrations, models

import catalog.models


def backfill_short_codes(apps, schema_editor):
    Product = apps.get_model("catalog", "Product")
    taken = set(
        Product.objects.exclude(short_code=None).values_list("short_code", flat=True)
    )
    pending = []
    for product in Product.objects.filter(short_code=None).only("pk").iterator():
        code = catalog.models.new_short_code()
        while code in taken:
            code = catalog.models.new_short_code()
        taken.add(code)
        product.short_code = code
        pending.append(product)
        if len(pending) >= 1000:
            Product.objects.bulk_update(pending, ["short_code"])
            pending = []
    Product.objects.bulk_update(pending, ["short_code"])


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0006_reindex_marks"),
    ]

    operations = [
        migrations.AddField(
            model_name="product",
            name="batch",
            field=models.CharField(
                blank=True,
                help_text='What the traceability card shows, e.g. "Vụ chè xuân 2025, lô 03".',
                max_length=100,
                verbose_name="batch or season",
            ),
        ),
        migrations.AddField(
            model_name="product",
            name="short_code",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.RunPython(backfill_short_codes, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="product",
            name="short_code",
            field=models.CharField(
                default=catalog.models.new_short_code, editable=False, max_length=12, unique=True
            ),
        ),
    ]
