"""Fault tests (marker `faults`): the project runs as its own processes against a private
PostgreSQL (a fresh database per test, copied from one migrated once) and, where a test needs
one, a private Redis, so that they can be stopped and restarted. A test skips, saying why,
where this machine cannot run them."""

import itertools

import pytest

from tests.faults.instances import PrivatePostgres, PrivateRedis, Unavailable
from tests.faults.project import migrate, project_env

_databases = itertools.count(1)


@pytest.fixture(scope="session")
def private_postgres():
    try:
        server = PrivatePostgres().start()
    except Unavailable as exc:
        pytest.skip(f"cannot run a private PostgreSQL: {exc}")
    migrate(project_env(DATABASE_URL=server.create_database("ocop_migrated")))
    yield server
    server.stop()


@pytest.fixture
def project(private_postgres) -> dict:
    """The environment of a project process on a database of its own (migrated, empty)."""
    name = f"ocop_faults_{next(_databases)}"
    url = private_postgres.create_database(name, template="ocop_migrated")
    return project_env(DATABASE_URL=url)


@pytest.fixture
def private_redis():
    try:
        server = PrivateRedis().start()
    except Unavailable as exc:
        pytest.skip(f"cannot run a private Redis: {exc}")
    yield server
    server.remove()
