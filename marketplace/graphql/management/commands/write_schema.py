from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from marketplace.graphql.schema import schema

SCHEMA_PATH = Path(settings.BASE_DIR) / "schema.graphql"


def schema_sdl() -> str:
    """The SDL in English: descriptions taken from models' translatable help texts would
    otherwise follow whatever language is active."""
    with translation.override("en"):
        return str(schema).strip() + "\n"


class Command(BaseCommand):
    help = "Write the GraphQL schema (SDL) to schema.graphql; a test fails when it drifts."

    def handle(self, *args, **options):
        SCHEMA_PATH.write_text(schema_sdl(), encoding="utf-8")
        self.stdout.write(f"Wrote {SCHEMA_PATH.name} ({len(schema_sdl().splitlines())} lines).")
