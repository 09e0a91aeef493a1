from django.core.management.base import BaseCommand

from catalog.services.taxonomy import load_taxonomy


class Command(BaseCommand):
    help = "Load or refresh the OCOP taxonomy: 6 sectors, 17 groups, 26 product sets."

    def handle(self, *args, **options):
        counts = load_taxonomy()
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts[1]} sectors, {counts[2]} groups, {counts[3]} product sets."
            )
        )
