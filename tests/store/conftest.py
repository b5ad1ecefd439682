"""Fixtures of the ledger's tests: a fresh ledger on each backend, a throwaway server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.store.builders import (
    IN_CI,
    db,  # noqa: F401 - a fixture shared by the ledger's tests
)
from tests.store.pg_server import Server, remove_server, start_server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """A throwaway PostgreSQL server for the tests that stop it or fill its disk.

    Skips saying why when one cannot be started here; fails instead under CI=true.
    """
    try:
        server = start_server()
    except Exception as exc:  # noqa: BLE001 - any failure means "cannot run these tests here"
        message = f"cannot start a throwaway PostgreSQL server: {exc}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield server
    finally:
        remove_server(server)
