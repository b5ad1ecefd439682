"""Each cited sentence supports its answer: what changed cites what is new, and a
search result names what the question names. Asked of the development ledger."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection

from dealgraph.ask import ask


def test_what_changed_cites_only_claims_of_the_period(ask_conn: Connection) -> None:
    found = ask(ask_conn, "Quoi de neuf depuis janvier 2026 ?", "fr", dt.date(2026, 6, 1))
    assert found.kind == "changes" and found.readings
    for reading in found.readings:
        assert reading.citations, reading
        for c in reading.citations:
            when = c.date or c.published
            # dated claims are of the period; an undated one is dated by the ledger
            # from its article's neighbours, which brought the deal in
            assert when is None or when >= "2026-01"[:len(when)], (reading.investor, c.quote)


def test_a_search_result_names_what_the_question_names(ask_conn: Connection) -> None:
    found = ask(ask_conn, "Que va produire l'usine d'Ynsect ?", "fr")
    assert found.kind == "search" and found.hits
    assert all("Ynsect" in h.sentence for h in found.hits), [h.sentence for h in found.hits]


def test_a_search_for_words_alone_still_finds_sentences(ask_conn: Connection) -> None:
    found = ask(ask_conn, "combien de personnes emploie la start-up ?", "fr")
    assert found.kind == "search" and found.hits

