from django.db import migrations, models

from marketplace.core.text import fold


def fold_existing_names(apps, schema_editor):
    """Fill the new search columns for the producers already there (save() keeps them after)."""
    Vendor = apps.get_model("vendors", "Vendor")
    batch = []
    for vendor in Vendor.objects.only("pk", "name", "legal_name").iterator(chunk_size=2000):
        vendor.name_folded = fold(vendor.name)
        vendor.legal_name_folded = fold(vendor.legal_name)
        batch.append(vendor)
        if len(batch) >= 2000:
            Vendor.objects.bulk_update(batch, ["name_folded", "legal_name_folded"])
            batch = []
    if batch:
        Vendor.objects.bulk_update(batch, ["name_folded", "legal_name_folded"])


class Migration(migrations.Migration):
    dependencies = [
        ("vendors", "0002_certificate_revoked_by"),
    ]

    operations = [
        migrations.AddField(
            model_name="vendor",
            name="legal_name_folded",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.AddField(
            model_name="vendor",
            name="name_folded",
            field=models.CharField(default="", editable=False, max_length=150),
        ),
        migrations.RunPython(fold_existing_names, migrations.RunPython.noop),
    ]
