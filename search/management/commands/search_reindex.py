import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from catalog.models import Product
from search.backends import get_backend
from search.services import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the whole search index from the catalogue (with a progress bar)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, **options):
        started = time.monotonic()
        total = Product.objects.count()
        with tqdm(
            total=total, unit="product", desc="search index", disable=options["verbosity"] == 0
        ) as bar:
            indexed = rebuild_index(batch_size=options["batch_size"], progress=bar.update)
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {indexed} products with the {get_backend().name} backend in "
                f"{time.monotonic() - started:.1f} s."
            )
        )
