"""Fixtures of the account tests: every store test runs on SQLite and on a real PostgreSQL.

``pg_server``: one throwaway PostgreSQL cluster per test session (tests/accounts/postgres.py).
``db_url``: an empty database, once as a SQLite file and once on that server.
``store``: an AccountStore migrated to the newest revision over ``db_url``.
``client``: the whole app (catalog from the miniature release) over real ASGI HTTP.
Argon2 runs with OWASP's minimum parameters here (DESTINAI_ARGON2), still real argon2id.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("DESTINAI_ARGON2", "t=2,m=19456,p=1")

from fastapi.testclient import TestClient

from destinai.accounts import AccountStore
from destinai.catalog.build import build_catalog
from destinai.config import Settings
from destinai.web.app import create_app
from tests.accounts.postgres import PostgresServer, find_bin
from tests.fixtures.release import write_release

PASSWORD = "a long enough passphrase"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL server (CI must have one: make test installs it)."""
    if not find_bin("initdb"):
        if os.environ.get("CI"):
            pytest.fail("CI must run the account tests on PostgreSQL: initdb not found")
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql)")
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty user database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'users.sqlite'}"
        return
    server: PostgresServer = request.getfixturevalue("pg_server")
    name = server.create_database()
    yield server.url(name)
    server.drop_database(name)


@pytest.fixture
def store(db_url: str) -> Iterator[AccountStore]:
    """A migrated account store."""
    accounts = AccountStore.open(db_url)
    yield accounts
    accounts.engine.dispose()


@pytest.fixture(scope="session")
def accounts_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The miniature release built once for the web tests of this folder."""
    root = tmp_path_factory.mktemp("accounts-catalog")
    return build_catalog(write_release(root / "sources"), root / "catalog.sqlite").db


@pytest.fixture
def client(db_url: str, accounts_catalog: Path, monkeypatch: pytest.MonkeyPatch
           ) -> Iterator[TestClient]:
    """The app with accounts on ``db_url``."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    app = create_app(Settings(sources=accounts_catalog.parent, db=accounts_catalog))
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client
    app.state.accounts.engine.dispose()


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def sign_up(client: TestClient, email: str, password: str = PASSWORD) -> None:
    """Sign up through the form (leaves the client logged in)."""
    token = csrf_of(client.get("/signup").text)
    response = client.post("/signup", data={"email": email, "password": password,
                                            "csrf": token}, follow_redirects=False)
    assert response.status_code == 303, response.text


def log_in(client: TestClient, email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    """Log in through the form; returns the response (303 on success)."""
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"email": email, "password": password, "csrf": token},
                       follow_redirects=False)


def me_csrf(client: TestClient) -> str:
    """The CSRF token of the signed-in user (from /me)."""
    return csrf_of(client.get("/me").text)
