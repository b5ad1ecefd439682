"""Fixtures of the ingest tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sources.builders import FIXTURES


@pytest.fixture
def fixtures(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixtures folder, also made the working directory so names stay short."""
    monkeypatch.chdir(FIXTURES)
    return FIXTURES
