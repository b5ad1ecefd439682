"""``GET /api/ask``: the answer as JSON, in the question's language, with citations;
a bad question gets the error envelope naming it."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_a_deal_question_gets_the_reading_and_its_cited_sentences(client: TestClient) -> None:
    r = client.get("/api/ask", params={"q": "How much will Nvidia invest in OpenAI?"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["kind"] == "deal" and body["lang"] == "en"
    reading = body["readings"][0]
    assert (reading["investor"], reading["target"]) == ("Nvidia", "OpenAI")
    assert reading["max"] is not None and reading["currency"] == "USD"
    quotes = [c["quote"] for c in reading["citations"]]
    assert "Nvidia plans to invest up to $100 billion in OpenAI." in quotes
    # a sentence that names neither party supports the deal only through its
    # neighbours: it is not cited on its own
    assert "The deal has stalled, the Wall Street Journal reported on Friday." not in quotes
    assert all(c["link"] == f"/documents/{c['document_id']}" for c in reading["citations"])
    assert body["text"].startswith("Nvidia → OpenAI (investment)")


def test_a_french_question_is_answered_in_french(client: TestClient) -> None:
    r = client.get("/api/ask", params={"q": "Où en est l'investissement de Nvidia dans OpenAI ?"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["lang"] == "fr"
    assert "(investissement) :" in body["text"]


def test_an_unknown_deal_is_not_in_the_ledger_with_the_nearest(client: TestClient) -> None:
    r = client.get("/api/ask", params={"q": "How much did Amazon invest in Nvidia?", "lang": "en"})
    body = r.json()
    assert body["kind"] == "none" and body["readings"] == []
    assert body["text"].startswith("Not in the ledger")
    assert any("OpenAI" in n["label"] for n in body["nearest"])


def test_an_empty_question_is_a_bad_request_envelope(client: TestClient) -> None:
    r = client.get("/api/ask", params={"q": " "})
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] and "empty" in error["message"] and error["input"]


def test_a_language_without_question_patterns_is_refused(client: TestClient) -> None:
    r = client.get("/api/ask", params={"q": "Wer investiert in OpenAI?", "lang": "de"})
    assert r.status_code == 422
    assert "error" in r.json()
