"""An answer names its sources in the question's language, wherever it is read.

The ledger stores a source the article names no one for as an English label
("unnamed sources", "analysts"); a French answer writes it in French, in the
command's text, in the API's JSON (``source_label`` and ``text``) and on the page,
and an English answer keeps the English words. Asked of the development ledger,
whose seed articles quote "leurs sources" and "la plupart des analystes".
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from dealgraph.cli import main
from dealgraph.config import Settings
from dealgraph.serve.app import create_app
from dealgraph.wording import wording

FRENCH = "Qui dit que l'investissement de Nvidia dans OpenAI est au point mort ?"
ENGLISH = "Who says the Nvidia OpenAI deal has stalled, and do the sources agree?"


@pytest.fixture(scope="module")
def client(ask_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=ask_db))) as c:
        yield c


def _ask(ask_db: str, question: str, *options: str) -> str:
    out = CliRunner().invoke(main, ["ask", "--db", ask_db, *options, question])
    assert out.exit_code == 0, out.output
    return out.output


def test_a_french_answer_writes_unnamed_sources_and_analysts_in_french(ask_db: str) -> None:
    text = _ask(ask_db, FRENCH)
    fr = wording("fr").data["source_kinds"]
    assert f"- {fr['unnamed']} (" in text  # a citation line
    assert f"{fr['analysts']} dit" in text  # the amount conflict
    assert "unnamed sources" not in text and "analysts" not in text


def test_an_english_answer_keeps_the_english_words(ask_db: str) -> None:
    text = _ask(ask_db, ENGLISH)
    assert "- unnamed sources (" in text
    assert "sources non nommées" not in text


def test_the_json_answer_gives_each_source_in_the_answers_words(ask_db: str) -> None:
    data = json.loads(_ask(ask_db, FRENCH, "--format", "json"))
    cited = [c for r in data["readings"] for c in r["citations"]]
    unnamed = [c for c in cited if c["source_kind"] == "unnamed"]
    assert unnamed, cited
    # the stored value stays what the ledger holds; the label is the reader's
    assert {c["source"] for c in unnamed} == {"unnamed sources"}
    assert {c["source_label"] for c in unnamed} == {"sources non nommées"}
    named = [c for c in cited if c["source_kind"] == "publication"]
    assert named and all(c["source_label"] == c["source"] for c in named)


def test_the_api_text_and_labels_are_french_for_a_french_question(client: TestClient) -> None:
    body = client.get("/api/ask", params={"q": FRENCH}).json()
    assert body["lang"] == "fr"
    labels = {c["source_label"] for r in body["readings"] for c in r["citations"]}
    assert "sources non nommées" in labels and "unnamed sources" not in labels
    assert "sources non nommées" in body["text"] and "unnamed sources" not in body["text"]


def test_the_page_names_the_sources_in_the_questions_language(client: TestClient) -> None:
    french = client.get("/ask", params={"q": FRENCH}).text
    assert "<strong>sources non nommées</strong>" in french
    assert "unnamed sources" not in french
    english = client.get("/ask", params={"q": ENGLISH}).text
    assert "<strong>unnamed sources</strong>" in english


def test_the_nearest_deals_of_a_french_answer_are_written_in_french(ask_db: str) -> None:
    text = _ask(ask_db, "Combien Meta a-t-il investi dans OpenAI ?", "--lang", "fr")
    assert text.startswith("Pas dans le registre")
    assert "Nvidia → OpenAI (investissement, " in text
    assert "(investment," not in text and "in_talks" not in text
