"""A small real ledger (the store's own writer) and clients on the app built over it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dealgraph.config import Settings
from dealgraph.serve.app import create_app
from tests.api.builders import build_records, hand_records


@pytest.fixture(scope="session")
def hand_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_records(tmp_path_factory.mktemp("ledger") / "hand.db", hand_records())


@pytest.fixture(scope="session")
def make_client(hand_db: str) -> Callable[..., TestClient]:
    def make(**overrides: object) -> TestClient:
        settings = Settings(db=hand_db).with_overrides(**overrides)
        return TestClient(create_app(settings), raise_server_exceptions=False)

    return make


@pytest.fixture(scope="session")
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


@pytest.fixture(scope="session")
def app_path() -> Path:
    return Path(__file__).parent
