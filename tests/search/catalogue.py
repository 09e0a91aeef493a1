"""A small, realistic catalogue for the search behaviour tests, and helpers to ask about it.

Ten public products, three that must never show (a draft, an archived product, and a product
of a suspended producer), from five provinces, one of them from a commune of the former Bắc Kạn
(now Thái Nguyên) and one from the former Hòa Bình (now Phú Thọ).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from catalog.models import Product
from inventory.models import Stock
from search.backends import get_backend
from search.backends.base import SearchFilters, SearchRequest
from tests.factories import (
    ProductFactory,
    ProductVariantFactory,
    VendorFactory,
    WarehouseFactory,
    certificate_of_stars,
    commune,
    product_set,
)

Status = Product.Status

CON_MINH = "02185"  # Xã Côn Minh: once Bắc Kạn, now Thái Nguyên (19)
BA_DINH = "00004"  # Phường Ba Đình, Hà Nội (01)
VINH_CHAN = "08143"  # Xã Vĩnh Chân, Phú Thọ (25)
MAI_CHAU = "05200"  # Xã Mai Châu: once Hòa Bình, now Phú Thọ (25)
MUONG_CHANH = "14866"  # Xã Mường Chanh, Thanh Hóa (38)
MOC_CHAU = "03980"  # Phường Mộc Châu, Sơn La (14)


def listing(
    vendor,
    name: str,
    *,
    origin: str,
    category: str,
    prices=(),
    stock=None,
    stars=None,
    expired=False,
    status=Status.PUBLISHED,
    description="",
) -> Product:
    """A product with a variant per price, `stock[i]` units of variant i in a warehouse, and a
    verified certificate of `stars` (expired when told)."""
    certificate = certificate_of_stars(
        vendor=vendor, category=category, stars=stars, expired=expired
    )
    product = ProductFactory(
        vendor=vendor,
        name=name,
        status=status,
        certificate=certificate,
        category=product_set(category),
        origin_commune=commune(origin),
        description=description,
    )
    warehouse = None
    for index, price in enumerate(prices):
        variant = ProductVariantFactory(product=product, price=price)
        if stock is not None:
            warehouse = warehouse or WarehouseFactory(vendor=vendor)
            Stock.objects.create(variant=variant, location=warehouse, quantity=stock[index])
    return product


@dataclass
class Catalogue:
    vendors: dict
    products: dict  # short key -> Product

    def __getitem__(self, key) -> Product:
        return self.products[key]

    def ids(self, *keys) -> list[int]:
        return [self.products[key].pk for key in keys]

    def keys(self, product_ids) -> list[str]:
        by_id = {product.pk: key for key, product in self.products.items()}
        return [by_id.get(pk, f"#{pk}") for pk in product_ids]

    @property
    def public(self) -> set[str]:
        return set(PUBLIC)


PUBLIC = (
    "mien_bac_kan",
    "mien_yen_binh",
    "mien_phu_tho",
    "bun_mien",
    "banh_da",
    "nuoc_mam",
    "che_shan",
    "dac_san_mat_ong",
    "dac_san_ruou",
    "arabica",
)


def build_catalogue() -> Catalogue:
    vendors = {
        "con_minh": VendorFactory(name="HTX Nông sản Côn Minh", commune=commune(CON_MINH)),
        "yen_binh": VendorFactory(name="HTX Yên Bình", commune=commune(BA_DINH)),
        "thanh_son": VendorFactory(name="HTX Thanh Sơn", commune=commune(VINH_CHAN)),
        "mai_chau": VendorFactory(name="HTX Miến dong Mai Châu", commune=commune(MAI_CHAU)),
        "le_gia": VendorFactory(name="Công ty Lê Gia", commune=commune(MUONG_CHANH)),
        "moc_chau": VendorFactory(name="HTX Chè Mộc Châu", commune=commune(MOC_CHAU)),
        "phuc_sinh": VendorFactory(name="Công ty Phúc Sinh", commune=commune(MOC_CHAU)),
        "suspended": VendorFactory(
            name="HTX Tạm Ngưng", commune=commune(CON_MINH), status="suspended"
        ),
    }
    v = vendors
    products = {
        "mien_bac_kan": listing(
            v["con_minh"], "Miến dong Bắc Kạn", origin=CON_MINH, category="I.3.b",
            stars=4, prices=(60_000,), stock=(5,),
            description="<p>Sợi miến dai, làm từ <b>củ dong riềng</b> trồng trên núi.</p>",
        ),
        "mien_yen_binh": listing(
            v["yen_binh"], "Miến dong Yên Bình", origin=BA_DINH, category="I.3.b",
            stars=5, prices=(70_000,), stock=(0,),
        ),
        "mien_phu_tho": listing(
            v["thanh_son"], "Miến dong Phú Thọ", origin=VINH_CHAN, category="I.3.b",
            stars=4, prices=(55_000,),
        ),
        "bun_mien": listing(
            v["thanh_son"], "Bún miến dong riềng", origin=VINH_CHAN, category="I.3.b",
            prices=(40_000,), stock=(3,),
        ),
        "banh_da": listing(
            v["mai_chau"], "Bánh đa nem", origin=MAI_CHAU, category="I.3.b",
            stars=5, prices=(30_000,), stock=(9,),
        ),
        "nuoc_mam": listing(
            v["le_gia"], "Nước mắm Lê Gia", origin=MUONG_CHANH, category="I.4.a",
            stars=5, prices=(120_000, 200_000), stock=(10, 0),
        ),
        "che_shan": listing(
            v["moc_chau"], "Chè Shan tuyết Mộc Châu", origin=MOC_CHAU, category="I.5.a",
            stars=3, prices=(250_000,), stock=(4,),
        ),
        "dac_san_mat_ong": listing(
            v["con_minh"], "Đặc sản mật ong bạc hà", origin=CON_MINH, category="I.2.b",
            prices=(350_000,),
        ),
        "dac_san_ruou": listing(
            v["yen_binh"], "Dac san ruou ngo", origin=BA_DINH, category="II.1.a",
            prices=(150_000,), stock=(2,),
        ),
        "arabica": listing(
            v["phuc_sinh"], "Cà phê Arabica Sơn La", origin=MOC_CHAU, category="I.6",
            stars=4, expired=True,
        ),
        "draft": listing(
            v["con_minh"], "Miến dong nháp", origin=CON_MINH, category="I.3.b",
            prices=(60_000,), stock=(5,), status=Status.DRAFT,
        ),
        "archived": listing(
            v["con_minh"], "Miến dong lưu trữ", origin=CON_MINH, category="I.3.b",
            prices=(60_000,), stock=(5,), status=Status.ARCHIVED,
        ),
        "suspended": listing(
            v["suspended"], "Miến dong Tạm Ngưng", origin=CON_MINH, category="I.3.b",
            stars=5, prices=(60_000,), stock=(5,),
        ),
    }  # fmt: skip
    # Listed a day apart, in the order above: the newest is the last.
    start = timezone.now() - datetime.timedelta(days=30)
    for day, product in enumerate(products.values()):
        Product.objects.filter(pk=product.pk).update(
            created_at=start + datetime.timedelta(days=day)
        )
    return Catalogue(vendors=vendors, products=products)


def search(catalogue: Catalogue, query: str = "", **options) -> list[str]:
    """Keys of the products found, best first (all of them: the catalogue is small)."""
    filters = options.pop("filters", SearchFilters())
    result = get_backend().search(
        SearchRequest(query=query, filters=filters, limit=options.pop("limit", 100), **options)
    )
    return catalogue.keys(result.product_ids)


def counts(values) -> dict[str, int]:
    """{key: count} of facet values that have products (zero counts are left out: backends may
    or may not list them)."""
    return {value.key: value.count for value in values if value.count}
