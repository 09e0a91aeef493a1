import pytest
from django.db import connection
from django.utils import translation

from marketplace.core.compile_messages import compile_all
from tests.factories import StaffFactory, UserFactory, VendorFactory, VendorMemberFactory


def pytest_configure(config):
    """Compile the catalogues, so a bare `pytest` (without `make`) sees the translations."""
    compile_all()


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are asserted in English; pages get their language from the request
    (Vietnamese by default), and translation tests switch to Vietnamese themselves."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Counters kept in the cache (failed logins) must not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's million rounds are for attackers, not for tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _encryption_key(settings):
    """Tests run with DEBUG off, where credentials at rest need a configured key."""
    settings.FIELD_ENCRYPTION_KEYS = ["zvJ5x0dR2qQy6fXo7bJ9vV3kH1mN8pL4sT0uW2yA6cE="]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads from tests go to a throwaway folder, public and private alike."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL's locking and concurrency; skip them elsewhere."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://...)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def admin_client(client, staff):
    """A client logged in to the admin as staff with every permission."""
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    return client


@pytest.fixture
def shopper(db):
    return UserFactory()


@pytest.fixture
def vendor(db):
    return VendorFactory()


@pytest.fixture
def owner(vendor):
    return VendorMemberFactory(vendor=vendor).user


@pytest.fixture
def other_vendor(db):
    return VendorFactory()


@pytest.fixture
def other_owner(other_vendor):
    return VendorMemberFactory(vendor=other_vendor).user


@pytest.fixture
def gql():
    """`gql(user=None)` -> a GraphQL client authenticated as `user` (anonymous by default)."""
    from tests.graphql.client import GraphQLClient

    return lambda user=None: GraphQLClient(user)


@pytest.fixture
def fake_carrier(settings):
    """GHN and GHTK both answered by tests.orders.carriers.fake.FakeCarrier (reset per test)."""
    from tests.orders.carriers.fake import FakeCarrier

    FakeCarrier.reset()
    settings.CARRIERS = {
        "ghn": "tests.orders.carriers.fake.FakeCarrier",
        "ghtk": "tests.orders.carriers.fake.FakeCarrier",
    }
    yield FakeCarrier
    FakeCarrier.reset()
