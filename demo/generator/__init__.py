"""The national-scale catalogue generator behind `manage.py generate_catalogue`."""

from demo.generator.catalogue import CatalogueGenerationError, generate_catalogue
from demo.generator.cleanup import delete_generated_catalogue

__all__ = ["CatalogueGenerationError", "delete_generated_catalogue", "generate_catalogue"]
