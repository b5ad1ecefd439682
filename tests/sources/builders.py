"""Constants shared by the ingest tests: where the sample inputs are, and when we read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Every test reads as of this moment, so that dates do not age.
NOW = dt.datetime(2026, 2, 1, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
