"""Amounts in US dollars: the rate of the month, else the year, else the nearest year;
figures rounded to what was written."""

from __future__ import annotations

import pytest

from dealgraph.nlp.usd import RateTable, rate_table, tidy, to_usd, written_digits
from dealgraph.records import PartialDate

TABLE = RateTable(years={"EUR": {2024: 0.9, 2026: 0.8}},
                  months={"EUR": {(2026, 3): 0.5}})


@pytest.mark.parametrize(("when", "rate"), [
    ("2026-03-15", 0.5),  # its month
    ("2026-03", 0.5),
    ("2026-04", 0.8),  # a month the table lacks: its year
    ("2026", 0.8),
    ("2025", 0.8),  # a year the table lacks: the nearest, the later one on a tie
    ("2030", 0.8),
    ("1990", 0.9),
])
def test_rate_of_the_month_else_the_year_else_the_nearest_year(when: str, rate: float) -> None:
    assert TABLE.per_usd("EUR", PartialDate.parse(when)) == rate


def test_dollars_stay_dollars_and_unknown_currencies_get_no_dollars() -> None:
    assert TABLE.to_usd(1.5e9, 2e9, "USD", None) == (1.5e9, 2e9)
    assert TABLE.to_usd(1e9, 1e9, "XYZ", None) == (None, None)
    assert TABLE.to_usd(None, None, "EUR", None) == (None, None)


def test_a_conversion_keeps_one_digit_more_than_was_written() -> None:
    # 8.3 billion euros at 0.8 per dollar is 10.375 billion: written with two
    # digits, it is given with three.
    assert TABLE.to_usd(8.3e9, None, "EUR", PartialDate(2026)) == (1.04e10, None)


def test_parsing_noise_is_rounded_away() -> None:
    assert 8.3 * 1e9 != 8.3e9
    assert tidy(8.3 * 1e9) == 8.3e9
    assert written_digits(8.3 * 1e9) == 2 and written_digits(350e6) == 2


def test_the_bundled_table_covers_the_corpora() -> None:
    # The Reuters wires of 1987 write lira, marks and yen; today's articles euros.
    table = rate_table()
    for code in ("ITL", "DEM", "FRF", "JPY", "GBP", "CAD", "AUD"):
        assert 1987 in table.years[code], code
    for year in range(2019, 2027):
        for code in ("EUR", "GBP", "JPY", "CNY", "CHF"):
            assert year in table.years[code], (code, year)
    lira = to_usd(None, 497e9, "ITL", "1987-06")[1]
    assert lira is not None and 3e8 < lira < 5e8  # 497 billion lira were under half a billion
