import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError
from tqdm import tqdm

from demo.generator import (
    CatalogueGenerationError,
    delete_generated_catalogue,
    generate_catalogue,
)


class Command(BaseCommand):
    help = (
        "Generate a synthetic national OCOP catalogue: producers of all four kinds across the "
        "34 provinces, each product with a verified certificate (about 1% five stars, a quarter "
        "four stars, the rest three), variants, and stock in the producer's warehouse and in "
        "provincial showrooms. The same --seed gives the same catalogue. Generated producers "
        "have slugs 'gen-<serial>-...' and emails @gen.ocop.example; --reset deletes them and "
        "everything they own first, and never touches other rows. Without --reset a run adds "
        "to earlier ones with new serials, slugs and tax codes (the same seed repeats the "
        "names, so pass another seed for variety)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=20_000, help="default 20000")
        parser.add_argument("--seed", type=int, default=1, help="default 1")
        parser.add_argument(
            "--reset", action="store_true", help="delete previously generated rows first"
        )
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="rows per INSERT (default 2000)"
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="skip rebuilding the search index afterwards (run search_reindex yourself)",
        )

    def handle(self, *args, products, seed, reset, batch_size, verbosity, no_index, **options):
        if products < 1 or batch_size < 1:
            raise CommandError("--products and --batch-size must be positive.")
        started = time.monotonic()
        if reset:
            try:
                deleted = delete_generated_catalogue()
            except ProtectedError as exc:
                raise CommandError(
                    f"Generated rows are in use (orders?) and cannot be deleted: {exc}"
                ) from exc
            self._print_counts("Deleted", deleted)
        bar = tqdm(
            total=products, unit="product", file=sys.stderr, disable=verbosity == 0, leave=False
        )
        try:
            with bar:
                created = generate_catalogue(
                    products=products, seed=seed, batch_size=batch_size, progress=bar
                )
        except CatalogueGenerationError as exc:
            raise CommandError(str(exc)) from exc
        self._print_counts("Created", created)
        if not no_index:
            # Bulk inserts skip the services that mark products for the search index.
            call_command("search_reindex", verbosity=verbosity, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s (seed {seed}).")
        )

    def _print_counts(self, verb, counts):
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        self.stdout.write(f"{verb}: {summary or 'nothing'}.")
