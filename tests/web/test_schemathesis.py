"""A bounded property-based run of the OpenAPI schema against the real app and catalog:
whatever schemathesis generates (valid or not), the answer is never a 5xx, and documented
responses match their schemas. In-process over ASGI; a few examples per operation."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from tests.web.conftest import app_for

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def api_schema(real_catalog):
    app = app_for(real_catalog)
    warm = TestClient(app)                 # load the search and paths indexes once, untimed
    assert warm.get("/api/v1/search", params={"q": "nurse"}).status_code == 200
    assert warm.get("/api/v1/paths/welder").status_code == 200
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance],
                           timeout=60)
