from django.core.management.base import BaseCommand

from marketplace.geography.services import load_geography


class Command(BaseCommand):
    help = "Load or refresh the 34 provinces, 3,321 communes and 63 pre-2025 provinces."

    def handle(self, *args, **options):
        counts = load_geography()
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts.provinces} provinces, {counts.communes} communes, "
                f"{counts.legacy_provinces} pre-2025 provinces."
            )
        )
