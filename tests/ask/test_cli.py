"""``dealgraph ask`` on the development ledger: text in the question's language,
JSON for programs, an ``Error:`` line for a bad question."""

from __future__ import annotations

import json

from click.testing import CliRunner

from dealgraph.cli import main


def test_text_answer_in_french_cites_the_article_and_its_sentence(ask_db: str) -> None:
    out = CliRunner().invoke(main, ["ask", "--db", ask_db, "Combien Meta a-t-il investi dans "
                                    "Black Forest Labs ?"])
    assert out.exit_code == 0, out.output
    first = out.output.splitlines()[0]
    assert first.startswith("Meta → Black Forest Labs (investissement) : finalisé")
    assert "4,5 milliards USD" in first
    assert "« Meta Platforms said on Monday it had completed a $4.5 billion investment" in out.output
    assert "/documents/" in out.output


def test_json_answer_holds_the_reading_and_the_citations(ask_db: str) -> None:
    out = CliRunner().invoke(main, ["ask", "--db", ask_db, "--format", "json",
                                    "Who invested in Black Forest Labs?"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["kind"] == "investors" and data["lang"] == "en"
    investors = {r["investor"] for r in data["readings"]}
    assert "Meta" in investors
    for reading in data["readings"]:
        for c in reading["citations"]:
            assert c["quote"] and c["document"] and c["link"].startswith("/documents/")


def test_a_deal_the_ledger_lacks_is_not_in_the_ledger(ask_db: str) -> None:
    out = CliRunner().invoke(main, ["ask", "--db", ask_db, "--lang", "en",
                                    "How much did Meta invest in OpenAI?"])
    assert out.exit_code == 0, out.output
    assert out.output.startswith("Not in the ledger: no deal between Meta and OpenAI.")
    assert "Nearest in the ledger:" in out.output
    assert "Nvidia → OpenAI" in out.output


def test_a_question_not_about_deals_gets_search_results(ask_db: str) -> None:
    out = CliRunner().invoke(main, ["ask", "--db", ask_db, "Who is Stuart Chambers?"])
    assert out.exit_code == 0, out.output
    assert out.output.startswith("Search results")
    assert "Chambers" in out.output


def test_an_empty_question_is_an_error_line(ask_db: str) -> None:
    out = CliRunner().invoke(main, ["ask", "--db", ask_db, "  "])
    assert out.exit_code == 1
    assert "Error:" in out.output and "empty" in out.output
