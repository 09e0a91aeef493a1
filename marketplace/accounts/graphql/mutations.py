import graphene
from django.utils.translation import gettext as _

from marketplace.accounts import services, tokens
from marketplace.accounts.graphql.types import UserType
from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.graphql.core.mutations import BaseMutation


class AccountRegisterInput(graphene.InputObjectType):
    email = graphene.String(required=True)
    password = graphene.String(required=True)
    full_name = graphene.String()


class AccountRegister(BaseMutation):
    user = graphene.Field(UserType)

    class Arguments:
        input = AccountRegisterInput(required=True)

    class Meta:
        description = "Create a shopper account. Log in with tokenCreate afterwards."

    @classmethod
    def perform(cls, root, info, input):
        user = services.account_register(
            email=input.email, password=input.password, full_name=input.get("full_name") or ""
        )
        return {"user": user}


def _client_ip(request) -> str | None:
    # Behind a proxy the deployment sets REMOTE_ADDR from the trusted X-Forwarded-For.
    return request.META.get("REMOTE_ADDR")


class TokenCreate(BaseMutation):
    token = graphene.String(description="Access token: send as `Authorization: Bearer <token>`.")
    refresh_token = graphene.String(description="Exchange for a new access token (tokenRefresh).")
    user = graphene.Field(UserType)

    class Arguments:
        email = graphene.String(required=True)
        password = graphene.String(required=True)

    class Meta:
        description = "Log in. Repeated failures for an email or an address are throttled."

    @classmethod
    def perform(cls, root, info, email, password):
        user = services.login_for_token(
            email=email, password=password, client_ip=_client_ip(info.context)
        )
        return {
            "token": tokens.create_access_token(user),
            "refresh_token": tokens.create_refresh_token(user),
            "user": user,
        }


class TokenRefresh(BaseMutation):
    token = graphene.String()
    user = graphene.Field(UserType)

    class Arguments:
        refresh_token = graphene.String(required=True)

    class Meta:
        description = "A new access token for a refresh token that is still valid."

    @classmethod
    def perform(cls, root, info, refresh_token):
        try:
            user = tokens.user_from_token(refresh_token, token_type=tokens.REFRESH)
        except tokens.InvalidToken:
            raise ServiceError.single(
                ErrorCode.INVALID_TOKEN,
                _("The refresh token has expired or is not valid; log in again."),
                "refresh_token",
            ) from None
        return {"token": tokens.create_access_token(user), "user": user}


class AccountMutations(graphene.ObjectType):
    account_register = AccountRegister.Field()
    token_create = TokenCreate.Field()
    token_refresh = TokenRefresh.Field()
