"""The deal's time axis: true time, partial dates as spans, amount-less claims as markers."""

from __future__ import annotations

import datetime as dt

from dealgraph.web.timeline import PLOT_BOTTOM, date_span, layout
from dealgraph.wording import wording


def claim(i: int, date: str | None, low: float | None = None, high: float | None = None,
          status: str = "announced") -> dict[str, object]:
    return {"id": i, "document_id": 1, "date": date, "dated_by": "claim", "min": low,
            "max": high, "currency": "USD", "status": status, "source": f"Outlet {i}",
            "title": None}


def test_a_partial_date_denotes_all_its_days():
    year, month, day = date_span("2025"), date_span("2024-02"), date_span("2026-01-31")
    assert year and (year.first, year.last) == (dt.date(2025, 1, 1).toordinal(),
                                                dt.date(2025, 12, 31).toordinal())
    assert month and month.last - month.first == 28  # February of a leap year
    assert day and day.first == day.last
    assert date_span(None) is None and date_span("soon") is None


def test_claims_stand_at_their_dates_not_in_their_order():
    claims = [claim(1, "2026-01-10", 1e9, 1e9), claim(2, "2025-01-10", 2e9, 2e9),
              claim(3, "2025-02-10", 2e9, 2e9)]
    marks = {m["id"]: m for m in layout(claims, wording("en"))["marks"]}
    assert marks[2]["cx"] < marks[3]["cx"] < marks[1]["cx"]
    # eleven months lie between 2 and 1, one between 2 and 3
    assert (marks[1]["cx"] - marks[3]["cx"]) > 8 * (marks[3]["cx"] - marks[2]["cx"])


def test_month_and_year_dates_are_spans_and_days_are_points():
    marks = {m["id"]: m for m in layout([claim(1, "2025-03", 5e8, 5e8), claim(2, "2025", 5e8, 5e8),
                                         claim(3, "2025-06-01", 5e8, 5e8)],
                                        wording("en"))["marks"]}
    assert marks[1]["span"] and marks[2]["span"] and not marks[3]["span"]
    assert marks[2]["x2"] - marks[2]["x1"] > 10 * (marks[1]["x2"] - marks[1]["x1"]) / 2


def test_an_amount_is_an_interval_and_no_amount_is_a_marker_under_the_axis():
    drawn = layout([claim(1, "2025-03-01", 2e10, 1e11), claim(2, "2025-03-02"),
                    claim(3, "2025-03-02", status="stalled")], wording("en"))
    marks = {m["id"]: m for m in drawn["marks"]}
    assert marks[1]["with_amount"] and marks[1]["y_high"] < marks[1]["y_low"] < PLOT_BOTTOM
    for bare in (marks[2], marks[3]):
        assert not bare["with_amount"] and bare["cy"] > PLOT_BOTTOM
    assert marks[2]["cy"] != marks[3]["cy"], "overlapping markers take separate lanes"
    assert [g["label"] for g in drawn["grid"]] == ["$50B", "$100B"]
    assert {entry["status"] for entry in drawn["legend"]} == {"announced", "stalled"}


def test_tooltips_name_the_source_in_the_reader_language():
    marks = layout([claim(1, "2025-03", None, 4e9, status="in_talks")], wording("fr"))["marks"]
    assert marks[0]["tip"] == "mars 2025 · en négociation · jusqu'à 4\u00a0Md$ · Outlet 1"


def test_undated_claims_are_counted_apart():
    drawn = layout([claim(1, None, 1e9, 1e9), claim(2, "2025-05-05", 1e9, 1e9)], wording("en"))
    assert [m["id"] for m in drawn["marks"]] == [2] and len(drawn["undated"]) == 1
