"""Amounts brought to US dollars, so that deals in lira, euros and yen compare.

The rates are data (``data/rates/usd.yaml``: units of each currency per dollar,
averaged per month and per year, its source named). An amount is converted at
the rate of its date's month, else of its year; a date the table does not cover
takes the nearest year it does (an undated amount, the latest year). Every
figure is rounded to the precision it was written with: "8.3 billion" is
8,300,000,000, never 8300000000.000001, and its conversion keeps one digit more
than was written (a rate cannot make a figure more exact than the article).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from dealgraph.knowledge import DATA, read_yaml
from dealgraph.records import PartialDate

RATES = DATA / "rates" / "usd.yaml"
#: Significant digits a stored figure keeps: more than any article writes, fewer
#: than float arithmetic leaves behind ("8.3 * 1e9").
STORED_DIGITS = 12


def tidy(value: float | None) -> float | None:
    """``value`` without the float noise of its parsing: ``8300000000.000001`` -> ``8.3e9``."""
    if value is None or not math.isfinite(value):
        return value
    return float(f"{value:.{STORED_DIGITS}g}")


def written_digits(value: float) -> int:
    """How many significant digits ``value`` was written with (``8.3e9`` -> 2, ``350e6`` -> 2)."""
    if value == 0:
        return 1
    digits = Decimal(repr(tidy(value))).normalize().as_tuple().digits
    return max(1, len(digits))


def rounded(value: float, digits: int) -> float:
    """``value`` to ``digits`` significant digits."""
    if value == 0 or not math.isfinite(value):
        return value
    return float(f"{value:.{digits}g}")


@dataclass(frozen=True, slots=True)
class RateTable:
    """Units of each currency per US dollar, by year and by (year, month)."""

    years: dict[str, dict[int, float]]
    months: dict[str, dict[tuple[int, int], float]]

    def per_usd(self, currency: str, when: PartialDate | None) -> float | None:
        """The rate for ``currency`` at ``when`` (month, else year, else the nearest
        year known); ``None`` for a currency the table lacks."""
        if currency == "USD":
            return 1.0
        years = self.years.get(currency)
        if not years:
            return None
        if when is None:
            return years[max(years)]
        if when.month is not None:
            monthly = self.months.get(currency, {}).get((when.year, when.month))
            if monthly is not None:
                return monthly
        if when.year in years:
            return years[when.year]
        nearest = min(years, key=lambda y: (abs(y - when.year), -y))
        return years[nearest]

    def to_usd(self, low: float | None, high: float | None, currency: str | None,
               when: PartialDate | None) -> tuple[float | None, float | None]:
        """The interval ``[low, high]`` in ``currency`` as US dollars at ``when``;
        ``(None, None)`` when the currency is unknown to the table or not stated."""
        if currency is None or (low is None and high is None):
            return None, None
        rate = self.per_usd(currency, when)
        if rate is None:
            return None, None

        def one(value: float | None) -> float | None:
            if value is None:
                return None
            if rate == 1.0:
                return tidy(value)
            return rounded(value / rate, written_digits(value) + 1)

        return one(low), one(high)


@cache
def rate_table() -> RateTable:
    """The bundled table, loaded and checked once."""
    data = read_yaml(RATES, "rates")
    years: dict[str, dict[int, float]] = {}
    months: dict[str, dict[tuple[int, int], float]] = {}
    for code, entry in data["currencies"].items():
        years[code] = {int(y): float(v) for y, v in entry["years"].items()}
        months[code] = {(int(y), i + 1): float(v)
                        for y, values in entry.get("months", {}).items()
                        for i, v in enumerate(values) if v is not None}
    return RateTable(years, months)


def to_usd(low: float | None, high: float | None, currency: str | None,
           when: PartialDate | str | None) -> tuple[float | None, float | None]:
    """:meth:`RateTable.to_usd` on the bundled table; ``when`` may be ISO text."""
    if isinstance(when, str):
        when = PartialDate.parse(when)
    return rate_table().to_usd(low, high, currency, when)
