"""Shared fixtures: where ../shared is, and builders used across test folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DEALGRAPH_SHARED", ROOT.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() == "true"


def need_shared(*parts: str) -> Path:
    """The path under ../shared, or skip (fail under CI) when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is absent: the shared seeds and corpora live beside the checkout"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    return need_shared()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return need_shared("seeds")
