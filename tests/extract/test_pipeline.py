"""The extraction engine's orchestration: warm-up, headlines, undated articles."""

from __future__ import annotations

import datetime as dt

from dealgraph.config import Settings
from dealgraph.extract.pipeline import Extractor
from dealgraph.records import Document


def test_warm_up_builds_each_languages_matchers_before_the_first_article() -> None:
    extractor = Extractor(Settings(ner=False))
    extractor.warm_up()
    assert set(extractor._finders) == {"fr", "en"}


def test_all_capitals_headline_is_left_out_of_the_analysed_text() -> None:
    doc = Document(id="w", title="TEXACO <TX> TO BUY GETTY", date=dt.date(1987, 3, 2), lang="en",
                   text="Texaco Inc said it agreed to buy Getty Oil Co for 10 billion dlrs.")
    record = Extractor(Settings(ner=False)).extract(doc)
    assert record.text == doc.text
    assert [(c.investor, c.target) for c in record.claims] == [("Texaco", "Getty Oil")]


def test_mixed_case_headline_is_read_and_its_repeat_folded_into_the_lead() -> None:
    doc = Document(id="h", title="Texaco to buy Getty Oil for $10 billion", lang="en",
                   date=dt.date(1987, 3, 2),
                   text="Texaco Inc said on Monday it agreed to buy Getty Oil Co for $10 billion.")
    record = Extractor(Settings(ner=False)).extract(doc)
    assert record.text.startswith(doc.title + "\n\n")
    [claim] = record.claims
    assert claim.evidence.start > len(doc.title)  # the lead's claim, with its date
    assert claim.date is not None and claim.date.iso() == "1987-03-02"


def test_undated_article_reads_relative_dates_against_the_latest_month_it_names() -> None:
    doc = Document(id="u", lang="fr", text=(
        "Fin janvier 2026, le projet a changé. En septembre dernier, Nvidia a annoncé "
        "son intention d'investir jusqu'à 100 milliards de dollars dans OpenAI."))
    record = Extractor(Settings(ner=False)).extract(doc)
    [claim] = record.claims
    assert claim.date is not None and claim.date.iso() == "2025-09"
    assert record.document.date is None and record.warnings
