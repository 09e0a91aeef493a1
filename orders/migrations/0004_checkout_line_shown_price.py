from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def shown_at_todays_price(apps, schema_editor):
    """Carts that exist already were last shown at no price we know: today's is the best
    guess, and it is what they would have been charged."""
    CheckoutLine = apps.get_model("orders", "CheckoutLine")
    ProductVariant = apps.get_model("catalog", "ProductVariant")
    price = ProductVariant.objects.filter(pk=OuterRef("variant_id")).values("price")[:1]
    CheckoutLine.objects.update(shown_unit_price=Subquery(price))


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_reindex_marks"),
        ("orders", "0003_statement_notices"),
    ]

    operations = [
        migrations.AddField(
            model_name="checkoutline",
            name="shown_unit_price",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(shown_at_todays_price, migrations.RunPython.noop),
    ]
