"""Answer accuracy and citation precision on the questions of ``questions.yaml``.

Accuracy is counted against what the articles say, so a deal extraction did not
read is a miss. The floors, set just under what was measured when names in two
languages, acronyms and the citations' support were fixed (0.985, 1.000, 0.598)
and only ever raised: accuracy on the questions whose answer the ledger's claims
hold (the asking itself; issue 15 asks 0.85) at least 0.95; citation precision
(each cited sentence comes from an article telling the deal and names one of its
parties) at least 0.98; and accuracy over every question, extraction's misses
included, at least 0.59 (issue 15 asks 0.85, which the engine's extraction does
not reach yet).
"""

from __future__ import annotations

import collections

from sqlalchemy import Connection

from tests.ask.scoring import load_questions, score

ASK_ACCURACY = 0.95
CITATION_PRECISION = 0.98
END_TO_END_ACCURACY = 0.59


def test_the_question_set_is_half_french_half_english_and_large_enough() -> None:
    items = load_questions()
    langs = collections.Counter(q["lang"] for q in items)
    assert len(items) >= 80
    assert langs["fr"] == langs["en"]
    assert len({q["id"] for q in items}) == len(items)


def test_answers_and_citations_hold_their_floors(ask_conn: Connection) -> None:
    result = score(ask_conn, load_questions())
    print(f"\nquestions {result.asked}, right {result.right}, accuracy {result.accuracy:.3f}; "
          f"answerable from the ledger's claims {result.answerable}, accuracy there "
          f"{result.ask_accuracy:.3f}; citations {result.cited}, precision {result.precision:.3f}")
    print("misses by cause:", {w: result.missed(w) for w in ("extraction", "reading", "ask")})
    assert result.ask_accuracy >= ASK_ACCURACY, result.misses
    assert result.precision >= CITATION_PRECISION, result.wrong_citations
    assert result.accuracy >= END_TO_END_ACCURACY, result.misses
