"""Amounts, dates and interface strings written per language, from the data files."""

from __future__ import annotations

import pytest

from dealgraph.knowledge import read_yaml
from dealgraph.wording import UI, choose_language, cookie_value, languages, wording

NBSP = "\u00a0"


def test_every_language_file_matches_the_schema_and_has_the_same_keys():
    files = sorted(UI.glob("*.yaml"))
    assert {p.stem for p in files} >= {"en", "fr"}
    keys = [set(read_yaml(p, "ui")["strings"]) for p in files]
    assert all(k == keys[0] for k in keys), [sorted(k ^ keys[0]) for k in keys]


@pytest.mark.parametrize(("lang", "value", "currency", "written"), [
    ("en", 6e10, "USD", "$60B"),
    ("en", 1.5e9, "EUR", "€1.5B"),
    ("en", 2.5e8, "CHF", "250M CHF"),
    ("en", 2.3e12, "USD", "$2.3T"),
    ("en", 750.0, "GBP", "£750"),
    ("fr", 1.5e9, "EUR", f"1,5{NBSP}Md€"),
    ("fr", 6e10, "USD", f"60{NBSP}Md$"),
    ("fr", 2.3e12, "USD", f"2{NBSP}300{NBSP}Md$"),
    ("fr", 2.5e8, "CHF", f"250{NBSP}M CHF"),
    ("fr", 750.0, "EUR", f"750{NBSP}€"),
])
def test_amounts_are_written_as_people_write_them(lang, value, currency, written):
    assert wording(lang).amount(value, currency) == written


def test_an_interval_says_what_is_known():
    en, fr = wording("en"), wording("fr")
    assert en.amount_range(2e10, 1e11, "USD") == "$20B–$100B"
    assert en.amount_range(None, 1e11, "USD") == "up to $100B"
    assert en.amount_range(None, None, None) == "amount not stated"
    assert fr.amount_range(None, 1e11, "USD") == f"jusqu'à 100{NBSP}Md$"


def test_partial_dates_keep_their_precision():
    en, fr = wording("en"), wording("fr")
    assert en.date("2026-01-31") == "31 Jan 2026"
    assert fr.date("2026-02-03") == "3 févr. 2026"
    assert en.date("2026-01") == "Jan 2026" and fr.date("2026-08") == "août 2026"
    assert en.date("2025") == "2025"
    assert en.date(None) == "undated" and fr.date(None) == "sans date"


def test_statuses_and_kinds_have_names_in_every_language():
    from dealgraph.records import DealKind, DealStatus

    for lang in languages():
        words = wording(lang)
        assert all(s.value in words.data["statuses"] for s in DealStatus)
        assert all(k.value in words.data["kinds"] for k in DealKind)
    assert wording("fr").status("in_talks") == "en négociation"


@pytest.mark.parametrize(("asked", "cookie", "accept", "chosen"), [
    (None, None, "fr-FR,fr;q=0.9,en;q=0.8", "fr"),
    (None, None, "de-DE,en;q=0.5,fr;q=0.7", "fr"),
    (None, None, "de-DE", "en"),
    (None, "fr", "en-GB", "fr"),
    ("en", "fr", "fr", "en"),
    ("xx", None, "fr", "fr"),
    (None, None, "fr;q=abc,en", "en"),
])
def test_the_language_comes_from_the_url_then_the_cookie_then_the_browser(asked, cookie, accept,
                                                                          chosen):
    assert choose_language(asked, cookie, accept) == chosen


def test_the_cookie_is_found_among_others():
    assert cookie_value("a=1; dealgraph_lang=fr; b=2") == "fr"
    assert cookie_value("a=1") is None and cookie_value(None) is None


def test_a_source_the_article_names_no_one_for_is_written_in_each_language():
    from dealgraph.records import GENERIC_SOURCES, SourceKind

    for lang in languages():
        words = wording(lang)
        assert all(k.value in words.data["source_kinds"] for k in SourceKind)
    en, fr = wording("en"), wording("fr")
    unnamed = GENERIC_SOURCES[SourceKind.UNNAMED]
    assert fr.source(unnamed, "unnamed") == "sources non nommées"
    assert en.source(unnamed, "unnamed") == "unnamed sources"
    assert fr.source(GENERIC_SOURCES[SourceKind.ANALYSTS], "analysts") == "analystes"
    # a named source is a name in every language, even a firm whose analysts speak
    assert fr.source("Morgan Stanley", "analysts") == "Morgan Stanley"
    assert fr.source("Reuters", "publication") == "Reuters"
    assert fr.source(None, None) is None
