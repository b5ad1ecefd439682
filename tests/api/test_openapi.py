"""The app keeps the promises of its own OpenAPI document (schemathesis, in-process)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from dealgraph.config import Settings
from dealgraph.serve.app import create_app
from tests.api.builders import build_records, hand_records

# Built at collection time: schemathesis parametrizes from a schema object.
_DB = build_records(Path(tempfile.mkdtemp(prefix="dealgraph-schema-")) / "ledger.db",
                    hand_records())
# A token is configured so the write route is exercised (and refused) too.
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(Settings(db=_DB, token="schema-token")))


@schema.parametrize()
@settings(max_examples=15, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_api_answers_as_documented(case: schemathesis.Case) -> None:
    from schemathesis.checks import (
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
    )

    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance,
                                   status_code_conformance])


def test_openapi_declares_the_error_envelope(make_client: Callable[..., TestClient]) -> None:
    doc = make_client().get("/openapi.json").json()
    assert "ErrorEnvelope" in doc["components"]["schemas"]
    post = doc["paths"]["/api/documents"]["post"]
    assert {"401", "403", "413", "422"} <= set(post["responses"])
