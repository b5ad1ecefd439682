"""The source tree stays clean under mypy --strict and ruff (versions pinned in the lock file)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, check=False)


def test_mypy_strict_on_the_package() -> None:
    result = run("mypy")
    assert result.returncode == 0, result.stdout[-4000:]


def test_ruff_on_the_package() -> None:
    result = run("ruff", "check", "src")
    assert result.returncode == 0, result.stdout[-4000:]
