"""A TestClient over the app with the real catalog (module-shared: the pages are read-only)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from destinai.config import Settings
from destinai.web.app import create_app


@pytest.fixture(scope="session")
def client(real_catalog, real_sources) -> TestClient:
    """HTTP client for the whole app (API and pages) over the real catalog."""
    return TestClient(create_app(Settings.from_env(real_sources, real_catalog.path)))
