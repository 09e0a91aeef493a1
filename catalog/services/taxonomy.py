"""Loading the OCOP taxonomy (6 sectors -> 17 groups -> 26 product sets) into `Category`."""

from django.apps import apps as django_apps
from django.db import transaction

from marketplace.core.ocop import taxonomy
from marketplace.core.text import slugify_vi


def _nodes():
    """(level, code, name, name_en, authority, parent_key, position) for every node, top down.

    A group without sub-groups becomes a group with one product set of the same code.
    """
    for s_pos, sector in enumerate(taxonomy()["sectors"]):
        yield 1, sector["code"], sector["name"], sector.get("en", ""), "", None, s_pos
        for g_pos, group in enumerate(sector["children"]):
            sets = group.get("children") or [group]
            yield (
                2,
                group["code"],
                group["name"],
                group.get("en", ""),
                "",
                (1, sector["code"]),
                g_pos,
            )
            for p_pos, product_set in enumerate(sets):
                yield (
                    3,
                    product_set["code"],
                    product_set["name"],
                    product_set.get("en", ""),
                    product_set.get("authority", ""),
                    (2, group["code"]),
                    p_pos,
                )


def _slugs(nodes) -> dict[tuple[int, str], str]:
    """Slugs from names. Product sets, what shoppers browse, get the plain name; a group whose
    only set shares its name gets "nhom-" in front."""
    slugs: dict[tuple[int, str], str] = {}
    taken: set[str] = set()
    for level in (3, 1, 2):
        for node in nodes:
            if node[0] != level:
                continue
            slug = slugify_vi(node[2], max_length=190)
            if slug in taken:
                slug = f"nhom-{slug}" if level == 2 else f"{slug}-{slugify_vi(node[1])}"
            taken.add(slug)
            slugs[(node[0], node[1])] = slug
    return slugs


def load_taxonomy(*, apps=django_apps) -> dict[int, int]:
    """Insert or update every node; returns the number of categories per level. Idempotent."""
    Category = apps.get_model("catalog", "Category")
    nodes = list(_nodes())
    slugs = _slugs(nodes)
    ids: dict[tuple[int, str], int] = {}
    with transaction.atomic():
        for level, code, name, name_en, authority, parent_key, position in nodes:
            category, _created = Category.objects.update_or_create(
                level=level,
                code=code,
                defaults={
                    "name": name,
                    "name_en": name_en,
                    "slug": slugs[(level, code)],
                    "authority": authority,
                    "parent_id": ids[parent_key] if parent_key else None,
                    "position": position,
                },
            )
            ids[(level, code)] = category.pk
    return {level: Category.objects.filter(level=level).count() for level in (1, 2, 3)}
