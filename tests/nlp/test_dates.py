"""Date expressions resolved against the publication day (nlp/dates.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealgraph.errors import KnowledgeError
from dealgraph.nlp.dates import find_dates, resolve_date
from dealgraph.records import PartialDate

SATURDAY = dt.date(2026, 1, 31)

RESOLVED = [
    ("vendredi", "fr", "2026-01-30"),
    ("samedi", "fr", "2026-01-31"),  # the publication weekday is that very day
    ("jeudi dernier", "fr", "2026-01-29"),
    ("samedi dernier", "fr", "2026-01-24"),
    ("hier", "fr", "2026-01-30"),
    ("avant-hier", "fr", "2026-01-29"),
    ("aujourd'hui", "fr", "2026-01-31"),
    ("aujourd’hui", "fr", "2026-01-31"),
    ("en septembre", "fr", "2025-09"),
    ("septembre dernier", "fr", "2025-09"),
    ("En septembre dernier", "fr", "2025-09"),
    ("en janvier", "fr", "2026-01"),
    ("fin janvier 2026", "fr", "2026-01"),
    ("janvier 2026", "fr", "2026-01"),
    ("début 2025", "fr", "2025"),
    ("mi-2025", "fr", "2025"),
    ("le 3 mars 2025", "fr", "2025-03-03"),
    ("lundi 3 mars 2025", "fr", "2025-03-03"),
    ("le 1er mars 2025", "fr", "2025-03-01"),
    ("2025-03-03", "fr", "2025-03-03"),
    ("en 2019", "fr", "2019"),
    ("l'année 2026", "fr", "2026"),
    ("la semaine dernière", "fr", "2026-01"),
    ("l'an dernier", "fr", "2025"),
    ("l'année dernière", "fr", "2025"),
    ("le mois dernier", "fr", "2025-12"),
    ("Friday", "en", "2026-01-30"),
    ("on Monday", "en", "2026-01-26"),
    ("last Thursday", "en", "2026-01-29"),
    ("yesterday", "en", "2026-01-30"),
    ("today", "en", "2026-01-31"),
    ("in September", "en", "2025-09"),
    ("last September", "en", "2025-09"),
    ("late January 2026", "en", "2026-01"),
    ("early 2025", "en", "2025"),
    ("March 3, 2025", "en", "2025-03-03"),
    ("Monday, March 3, 2025", "en", "2025-03-03"),
    ("3 March 2025", "en", "2025-03-03"),
    ("2025-03-03", "en", "2025-03-03"),
    ("in 2019", "en", "2019"),
    ("last week", "en", "2026-01"),
    ("last month", "en", "2025-12"),
    ("last year", "en", "2025"),
]


@pytest.mark.parametrize(("phrase", "lang", "iso"), RESOLVED)
def test_date_resolves_against_publication(phrase: str, lang: str, iso: str) -> None:
    found = find_dates(phrase, lang, SATURDAY)
    assert [(d.text, d.value.iso()) for d in found] == [(phrase, iso)]


@pytest.mark.parametrize(
    ("phrase", "lang"),
    [("depuis 2019", "fr"), ("Depuis 2019", "fr"), ("since 2019", "en"), ("depuis septembre", "fr")],
)
def test_date_since_marks_start_of_period(phrase: str, lang: str) -> None:
    (found,) = find_dates(phrase, lang, SATURDAY)
    assert found.since and found.text == phrase


def test_date_plain_year_is_not_since() -> None:
    (found,) = find_dates("en 2019", "fr", SATURDAY)
    assert not found.since


REJECTED = [
    ("2026", "fr"),
    ("pour 2026", "fr"),
    ("100 milliards", "fr"),
    ("depuis 10 ans", "fr"),
    ("3 pour cent", "fr"),
    ("the 2019 budget", "en"),
    ("it may rise", "en"),
    ("prices march on", "en"),
    ("4,500 dlrs", "en"),
    ("2025-13-45", "en"),
]


@pytest.mark.parametrize(("phrase", "lang"), REJECTED)
def test_date_rejects_bare_years_numbers_and_verbs(phrase: str, lang: str) -> None:
    assert find_dates(phrase, lang, SATURDAY) == []


def test_date_impossible_day_falls_back_to_its_month() -> None:
    found = find_dates("le 31 février 2025", "fr", SATURDAY)
    assert [(d.text, d.value) for d in found] == [("février 2025", PartialDate(2025, 2))]


@pytest.mark.parametrize("phrase", ["vendredi", "en septembre", "hier", "l'an dernier", "le 3 mars"])
def test_date_relative_needs_publication_date(phrase: str) -> None:
    assert find_dates(phrase, "fr", None) == []


@pytest.mark.parametrize(
    ("phrase", "lang", "value"),
    [("le 3 mars 2025", "fr", PartialDate(2025, 3, 3)), ("fin janvier 2026", "fr", PartialDate(2026, 1)),
     ("since 2019", "en", PartialDate(2019))],
)
def test_date_absolute_resolves_without_publication(phrase: str, lang: str, value: PartialDate) -> None:
    assert [d.value for d in find_dates(phrase, lang, None)] == [value]


def test_date_day_without_year_is_the_closest_occurrence() -> None:
    assert resolve_date("le 3 mars", "fr", SATURDAY) == PartialDate(2026, 3, 3)
    assert resolve_date("December 15", "en", SATURDAY) == PartialDate(2025, 12, 15)


def test_resolve_date_accepts_a_bare_year() -> None:
    assert resolve_date("2026", "fr", None) == PartialDate(2026)
    assert resolve_date("vendredi", "fr", SATURDAY) == PartialDate(2026, 1, 30)
    assert resolve_date("vendredi", "fr", None) is None
    assert resolve_date("rien", "fr", SATURDAY) is None


def test_date_unknown_language_raises() -> None:
    with pytest.raises(KnowledgeError):
        find_dates("hier", "xx", SATURDAY)
    with pytest.raises(KnowledgeError):
        resolve_date("2026", "xx", None)


def test_date_seed_article(seeds_dir: Path) -> None:
    text = (seeds_dir / "004_560f9430aca343cf.txt").read_text(encoding="utf-8")
    found = [(d.text, d.value.iso(), d.since) for d in find_dates(text, "fr", SATURDAY)]
    assert ("En septembre dernier", "2025-09", False) in found
    assert ("fin janvier 2026", "2026-01", False) in found
    assert ("Depuis 2019", "2019", True) in found
    assert not any(t == "2026" for t, _, _ in found)  # "pour 2026" is a forecast, not a date


def test_date_seed_reuters_friday(seeds_dir: Path) -> None:
    text = (seeds_dir / "000_e92a600c5fa44e7e.txt").read_text(encoding="utf-8")
    found = {d.text: d.value.iso() for d in find_dates(text, "fr", SATURDAY)}
    assert found["vendredi"] == "2026-01-30"
    assert found["jeudi"] == "2026-01-29"
    assert found["En septembre"] == "2025-09"


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(max_size=80),
    lang=st.sampled_from(["fr", "en"]),
    published=st.none() | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
)
def test_date_arbitrary_text_never_raises(text: str, lang: str, published: dt.date | None) -> None:
    for d in find_dates(text, lang, published):
        assert text[d.start : d.end] == d.text
    resolve_date(text, lang, published)


@settings(max_examples=100, deadline=None)
@given(published=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)),
       weekday=st.integers(min_value=0, max_value=6))
def test_date_weekday_is_within_the_week_before(published: dt.date, weekday: int) -> None:
    names = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    (found,) = find_dates(names[weekday], "fr", published)
    day = dt.date(found.value.year, found.value.month or 1, found.value.day or 1)
    assert 0 <= (published - day).days <= 6 and day.weekday() == weekday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DIVIDEND MEETINGS - MARCH 3", "1987-03-03"),
        ("PAYOUT DUE ON FRIDAY", "1987-02-27"),
    ],
)
def test_dates_en_capitals_of_wire_headlines_resolve(text: str, expected: str) -> None:
    found = find_dates(text, "en", dt.date(1987, 3, 2))
    assert [d.value.iso() for d in found] == [expected]
