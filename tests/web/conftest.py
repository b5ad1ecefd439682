"""The page tests use the same hand-built ledger and clients as tests/api."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.api.conftest import client, hand_db, make_client

__all__ = ["client", "hand_db", "make_client"]


@pytest.fixture(scope="session")
def app_path() -> Path:
    return Path(__file__).parent
