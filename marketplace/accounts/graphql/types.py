import graphene
from graphene import relay
from graphene_django import DjangoObjectType

from marketplace.accounts.models import User
from marketplace.core.permissions import is_app
from orders.graphql.queries import my_orders_field, resolve_my_orders


class UserType(DjangoObjectType):
    email = graphene.String(required=True)
    full_name = graphene.String(required=True)
    is_staff = graphene.Boolean(
        required=True, description="Marketplace staff (ban quản lý sàn): reviews and moderates."
    )
    vendor_memberships = graphene.List(
        graphene.NonNull("vendors.graphql.types.VendorMemberType"),
        required=True,
        description="The producers this person acts for, and in which role.",
    )
    orders = my_orders_field()

    class Meta:
        model = User
        name = "User"
        interfaces = (relay.Node,)
        fields = ("email", "full_name", "is_staff", "date_joined")

    @classmethod
    def get_queryset(cls, queryset, info):
        # Users are private: through `node(id)` a person only ever finds themselves.
        user = info.context.user
        if getattr(user, "is_device", False) or is_app(user):  # devices and apps are nobody
            return queryset.none()
        if user.is_authenticated and user.is_staff:
            return queryset
        return queryset.filter(pk=user.pk) if user.is_authenticated else queryset.none()

    @staticmethod
    def resolve_vendor_memberships(root, info):
        return root.vendor_memberships.select_related("vendor__commune__province").order_by("pk")

    @staticmethod
    def resolve_orders(root, info, **args):
        return resolve_my_orders(root, info, **args)
