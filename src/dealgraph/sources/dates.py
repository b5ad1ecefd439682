"""Publication dates as sources state them, checked against the reading time.

A page that claims to be published after the moment we read it is wrong (a
template year, an expiry date mistaken for a publication date): such a date is
dropped, and ``date_source`` keeps a trace of it as ``rejected-future:<date>``.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(text: str) -> dt.date | None:
    """The calendar day of ``YYYY-MM-DD`` or an ISO 8601 date-time, else ``None``.

    The day is the one written, whatever the time zone: "2026-01-31T23:30-05:00"
    is the 31st, the date the publication itself printed.
    """
    match = _ISO_DAY.match(text.strip())
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def checked(day: dt.date | None, source: str, today: dt.date) -> tuple[dt.date | None, str | None]:
    """``(date, date_source)`` for a document, refusing a date after ``today``."""
    if day is None:
        return None, None
    if day > today:
        return None, f"rejected-future:{day.isoformat()}"
    return day, source
