"""An in-process client over the real app (Starlette's TestClient speaks real ASGI/HTTP)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from destinai.catalog.db import Catalog
from destinai.config import Settings
from destinai.web.app import create_app
from destinai.web.caching import ResponseCache


def app_for(catalog: Catalog) -> FastAPI:
    return create_app(Settings(sources=catalog.path.parent, db=catalog.path))


@pytest.fixture
def app(mini_catalog: Catalog) -> FastAPI:
    return app_for(mini_catalog)


@pytest.fixture
def client(app: FastAPI) -> TestClient:
    return TestClient(app, follow_redirects=False)


def response_cache(app: FastAPI) -> ResponseCache:
    """The app's cache middleware (the stack is built on the first request)."""
    layer = app.middleware_stack
    while not isinstance(layer, ResponseCache):
        layer = layer.app
    return layer
