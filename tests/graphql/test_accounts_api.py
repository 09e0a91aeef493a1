import pytest

from marketplace.accounts.models import User
from marketplace.accounts.tokens import create_refresh_token
from tests.factories import PASSWORD, UserFactory, VendorMemberFactory
from tests.graphql.client import payload

pytestmark = pytest.mark.django_db

REGISTER = """
mutation($input: AccountRegisterInput!) {
  accountRegister(input: $input) { user { email fullName isStaff } errors { field code message } }
}"""
LOGIN = """
mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    token refreshToken user { email } errors { field code message }
  }
}"""
REFRESH = """
mutation($refreshToken: String!) {
  tokenRefresh(refreshToken: $refreshToken) { token user { email } errors { field code message } }
}"""
ME = "{ me { email fullName vendorMemberships { role vendor { name slug } } } }"


def test_register_log_in_and_ask_who_i_am(gql, client):
    created = payload(
        gql().execute(
            REGISTER,
            {
                "input": {
                    "email": " Lan@Example.VN ",
                    "password": "mien-dong-2025",
                    "fullName": "Lan",
                }
            },
        ),
        "accountRegister",
    )
    assert created["user"] == {"email": "lan@example.vn", "fullName": "Lan", "isStaff": False}

    tokens = payload(
        gql().execute(LOGIN, {"email": "lan@example.vn", "password": "mien-dong-2025"}),
        "tokenCreate",
    )
    response = client.post(
        "/graphql/",
        {"query": ME},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {tokens['token']}",
    )
    assert response.json()["data"]["me"]["email"] == "lan@example.vn"


def test_me_is_null_for_anonymous(gql):
    assert gql().execute(ME)["me"] is None


def test_me_lists_producer_memberships(gql):
    member = VendorMemberFactory(role="manager")
    me = gql(member.user).execute(ME)["me"]
    assert me["vendorMemberships"] == [
        {"role": "MANAGER", "vendor": {"name": member.vendor.name, "slug": member.vendor.slug}}
    ]


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"email": "not-an-email", "password": "mien-dong-2025"}, "email", "INVALID"),
        ({"email": "a@b.vn", "password": "123"}, "password", "INVALID"),
        ({"email": "a@b.vn", "password": "password"}, "password", "INVALID"),
        ({"email": "a@b.vn", "password": "mien-dong-2025", "fullName": "x" * 151}, "fullName",
         "INVALID"),
    ],
)  # fmt: skip
def test_register_refuses_bad_input_and_creates_nothing(gql, fields, field, code):
    result = gql().execute(REGISTER, {"input": fields})["accountRegister"]
    assert result["user"] is None
    assert (field, code) in {(e["field"], e["code"]) for e in result["errors"]}
    assert not User.objects.exists()


def test_an_email_registers_once_whatever_its_case(gql):
    UserFactory(email="lan@example.vn")
    result = gql().execute(
        REGISTER, {"input": {"email": "LAN@example.vn", "password": "mien-dong-2025"}}
    )["accountRegister"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("email", "UNIQUE")]
    assert User.objects.count() == 1


def test_wrong_password_is_refused_and_repeated_failures_are_throttled(gql, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    user = UserFactory(email="lan@example.vn")
    for _ in range(3):
        result = gql().execute(LOGIN, {"email": user.email, "password": "wrong"})["tokenCreate"]
        assert result["token"] is None
        assert result["errors"][0]["code"] == "INVALID_CREDENTIALS"
    # Even the right password is refused now: guessing must not continue.
    result = gql().execute(LOGIN, {"email": user.email, "password": PASSWORD})["tokenCreate"]
    assert result["token"] is None
    assert result["errors"][0]["code"] == "THROTTLED"
    assert "Hãy thử lại sau 15 phút" in result["errors"][0]["message"]  # Vietnamese by default


def test_throttling_also_counts_per_address(gql, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    victims = [UserFactory() for _ in range(4)]
    for victim in victims[:3]:
        gql().execute(LOGIN, {"email": victim.email, "password": "wrong"})
    result = gql().execute(LOGIN, {"email": victims[3].email, "password": PASSWORD})["tokenCreate"]
    assert result["errors"][0]["code"] == "THROTTLED"


def test_a_successful_login_forgets_earlier_failures(gql, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    user = UserFactory()
    for _ in range(2):
        gql().execute(LOGIN, {"email": user.email, "password": "wrong"})
    payload(gql().execute(LOGIN, {"email": user.email, "password": PASSWORD}), "tokenCreate")
    result = gql().execute(LOGIN, {"email": user.email, "password": "wrong"})["tokenCreate"]
    assert result["errors"][0]["code"] == "INVALID_CREDENTIALS"


def test_refresh_gives_a_new_access_token_only_for_a_refresh_token(gql):
    user = UserFactory()
    tokens = payload(
        gql().execute(LOGIN, {"email": user.email, "password": PASSWORD}), "tokenCreate"
    )
    refreshed = payload(
        gql().execute(REFRESH, {"refreshToken": tokens["refreshToken"]}), "tokenRefresh"
    )
    assert refreshed["token"] and refreshed["user"]["email"] == user.email

    for bad in [tokens["token"], "garbage"]:  # an access token is not a refresh token
        result = gql().execute(REFRESH, {"refreshToken": bad})["tokenRefresh"]
        assert result["token"] is None
        assert [(e["field"], e["code"]) for e in result["errors"]] == [
            ("refreshToken", "INVALID_TOKEN")
        ]

    user.is_active = False
    user.save()
    result = gql().execute(REFRESH, {"refreshToken": create_refresh_token(user)})["tokenRefresh"]
    assert result["errors"][0]["code"] == "INVALID_TOKEN"
