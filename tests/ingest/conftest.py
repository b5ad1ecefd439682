"""Fixtures of the ingest tests: the sample inputs beside them and a fixed reading time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Every test reads as of this moment, so that dates do not age.
NOW = dt.datetime(2026, 2, 1, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


@pytest.fixture
def fixtures(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixtures folder, also made the working directory so names stay short."""
    monkeypatch.chdir(FIXTURES)
    return FIXTURES
