import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from marketplace.geography.models import Commune, Province


class ProvinceType(DjangoObjectType):
    code = graphene.String(required=True, description="Two-digit code (Decision 19/2025/QĐ-TTg).")
    name = graphene.String(required=True, description='Short name: "Hà Nội", "Thái Nguyên".')
    official_name = graphene.String(
        required=True, description='Official name, e.g. "Thành phố Hà Nội".'
    )
    legacy_names = graphene.List(
        graphene.NonNull(graphene.String),
        required=True,
        description="Pre-2025 provinces it absorbed (and other names people use).",
    )

    class Meta:
        model = Province
        name = "Province"
        interfaces = (relay.Node,)
        fields = ("code",)
        description = "One of the 34 provinces and centrally-run cities since 1 July 2025."

    @staticmethod
    def resolve_name(root, info):
        return root.short_name

    @staticmethod
    def resolve_official_name(root, info):
        return root.name

    @staticmethod
    def resolve_legacy_names(root, info):
        names = []
        for legacy in root.legacy_provinces.all():
            if legacy.name != root.short_name:
                names.append(legacy.name)
            names.extend(legacy.other_names)
        return names


class CommuneType(DjangoObjectType):
    code = graphene.String(required=True, description="Five-digit code.")
    name = graphene.String(required=True, description='Official name, e.g. "Xã Na Rì".')
    short_name = graphene.String(required=True, description='Without the kind, e.g. "Na Rì".')
    kind = graphene.String(required=True, description="xa, phuong or dac_khu.")
    province = graphene.Field(ProvinceType, required=True)
    former_province_name = graphene.String(
        description='The pre-2025 province where it differs from today\'s ("Bắc Kạn").'
    )

    class Meta:
        model = Commune
        name = "Commune"
        interfaces = (relay.Node,)
        fields = ("code", "name", "short_name", "province")
        description = "A commune (xã), ward (phường) or special zone (đặc khu)."

    @staticmethod
    def resolve_kind(root, info):
        return root.division_type

    @staticmethod
    def resolve_former_province_name(root, info):
        return root.former_province_name
