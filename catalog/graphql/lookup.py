"""`ocopCertificateLookup`: the public certificate lookup of /tra-cuu/ for API clients. Two
queries whatever the number of results (certificates with their producer, place and product
set joined; their listed products prefetched)."""

import graphene
from graphql_relay import to_global_id

from catalog.services.certificate_lookup import certificate_lookup
from marketplace.core.errors import ServiceError
from marketplace.core.throttle import client_address
from marketplace.graphql.core.mutations import to_graphql_errors
from marketplace.graphql.core.types import Error
from vendors.graphql.types import CertificateLevelEnum, VendorKindEnum
from vendors.models import CertificateStatus

CertificateStatusEnum = graphene.Enum.from_enum(
    CertificateStatus,
    name="OcopCertificateStatus",
    description="Where a verified certificate stands today: IN_FORCE, EXPIRED (hết hiệu lực) "
    "or REVOKED.",
)


class OcopCodeName(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)

    class Meta:
        description = "A place or a node of the OCOP taxonomy, by its code and name."


class OcopCertificateHolder(graphene.ObjectType):
    vendor_id = graphene.ID(required=True, description="The producer's Vendor ID.")
    name = graphene.String(required=True)
    legal_name = graphene.String(required=True)
    kind = graphene.Field(VendorKindEnum, required=True)
    province = graphene.Field(OcopCodeName, required=True)


class OcopListedProduct(graphene.ObjectType):
    id = graphene.ID(required=True, description="The Product ID.")
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    traceability_url = graphene.String(required=True, description="Its /q/<code> card.")


class OcopCertificateRecord(graphene.ObjectType):
    id = graphene.ID(required=True, description="The OcopCertificate ID.")
    product_name = graphene.String(required=True, description="The product it recognises.")
    product_set = graphene.Field(OcopCodeName, required=True)
    sector = graphene.Field(OcopCodeName, required=True)
    stars = graphene.Int(required=True)
    level = graphene.Field(CertificateLevelEnum, required=True)
    issuing_body = graphene.String(required=True)
    decision_number = graphene.String(required=True)
    decision_date = graphene.Date(required=True)
    valid_until = graphene.Date(required=True)
    status = graphene.Field(CertificateStatusEnum, required=True)
    holder = graphene.Field(OcopCertificateHolder, required=True)
    products = graphene.List(
        graphene.NonNull(OcopListedProduct),
        required=True,
        description="Its products published on the marketplace now.",
    )

    class Meta:
        description = "A certificate the marketplace verified, as the public lookup shows it."


class OcopCertificateLookupPayload(graphene.ObjectType):
    certificates = graphene.List(graphene.NonNull(OcopCertificateRecord), required=True)
    checked_on = graphene.Date(description="The day the statuses are for.")
    truncated = graphene.Boolean(
        required=True, description="More matched than the 50 latest returned."
    )
    errors = graphene.List(graphene.NonNull(Error), required=True)


def _record(certificate, info) -> OcopCertificateRecord:
    vendor, product_set = certificate.vendor, certificate.product_set
    sector = product_set.parent.parent if product_set.parent else product_set
    return OcopCertificateRecord(
        id=to_global_id("OcopCertificate", certificate.pk),
        product_name=certificate.product_name,
        product_set=OcopCodeName(code=product_set.code, name=product_set.name),
        sector=OcopCodeName(code=sector.code, name=sector.name),
        stars=certificate.stars,
        level=certificate.level,
        issuing_body=certificate.issuing_body,
        decision_number=certificate.decision_number,
        decision_date=certificate.decision_date,
        valid_until=certificate.valid_until,
        status=certificate.status,
        holder=OcopCertificateHolder(
            vendor_id=to_global_id("Vendor", vendor.pk),
            name=vendor.name,
            legal_name=vendor.legal_name,
            kind=vendor.kind,
            province=OcopCodeName(
                code=vendor.commune.province_id, name=vendor.commune.province.short_name
            ),
        ),
        products=[
            OcopListedProduct(
                id=to_global_id("Product", product.pk),
                name=product.name,
                slug=product.slug,
                traceability_url=info.context.build_absolute_uri(f"/q/{product.short_code}"),
            )
            for product in certificate.listed_products
        ],
    )


class CertificateLookupQueries(graphene.ObjectType):
    ocop_certificate_lookup = graphene.Field(
        OcopCertificateLookupPayload,
        required=True,
        decision_number=graphene.String(
            description='As printed ("1201/QĐ-UBND"), with or without diacritics and '
            "punctuation; the number alone also finds the province's suffixes."
        ),
        product_name=graphene.String(description="Words of the product's name."),
        producer_tax_code=graphene.String(
            description="A producer's tax code; a head office's also finds its branches'."
        ),
        description="Check an OCOP certificate: give exactly one of the three. Verified "
        "certificates only, with their status today (in force, expired, revoked). Rate-limited "
        "per client address (THROTTLED).",
    )

    @staticmethod
    def resolve_ocop_certificate_lookup(root, info, **criteria):
        try:
            result = certificate_lookup(client=client_address(info.context), **criteria)
        except ServiceError as error:
            return OcopCertificateLookupPayload(
                certificates=[], truncated=False, errors=to_graphql_errors(error.errors)
            )
        return OcopCertificateLookupPayload(
            certificates=[_record(c, info) for c in result.certificates],
            checked_on=result.checked_on,
            truncated=result.truncated,
            errors=[],
        )
