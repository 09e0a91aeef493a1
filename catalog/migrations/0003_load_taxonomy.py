from django.db import migrations


def load(apps, schema_editor):
    from catalog.services.taxonomy import load_taxonomy

    load_taxonomy(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
