"""Scores answers against ``questions.yaml``: answer accuracy and citation precision.

Shared by the test (which holds the floors) and ``bench/bench_ask.py`` (which
prints them). Also says, for every wrong answer to a deal question, whether the
ledger holds the expected deal at all: when it does not, the miss is
extraction's (the deal was not read from the articles), not the question's.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Connection, select

from dealgraph.ask import Answer, ask
from dealgraph.store import tables as t
from dealgraph.store.writes import SEP

QUESTIONS = Path(__file__).with_name("questions.yaml")
TOLERANCE = 0.01


def load_questions() -> list[dict[str, Any]]:
    return list(yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"])


def fold(text: str | None) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


#: An organisation's canonical name in the ledger -> the other names it stores for it.
Forms = Mapping[str, Sequence[str]]
NO_FORMS: Forms = {}


def same_name(expected: Iterable[str], actual: str | None, forms: Forms = NO_FORMS) -> bool:
    """One expected form and the answer's name contain one another (case, accents), or
    an expected form is a whole word or words of a name the ledger stores for the
    answer's organisation: "TD" is the Toronto-Dominion Bank its alias "TD Bank" names."""
    a = fold(actual).strip()
    if not a:
        return False
    if any(fold(e) in a or a in fold(e) for e in expected):
        return True
    others = [fold(f) for f in forms.get(actual or "", ())]
    return any(re.search(rf"(?<!\w){re.escape(fold(e))}(?!\w)", o) for e in expected for o in others)


def ledger_forms(conn: Connection) -> dict[str, list[str]]:
    """Each stored organisation's aliases and tickers, by its canonical name."""
    o = t.organisations
    return {str(r.name): [f.strip() for f in f"{r.aliases or ''}{SEP}{r.tickers or ''}".split(SEP)
                          if f.strip()]
            for r in conn.execute(select(o.c.name, o.c.aliases, o.c.tickers))}


def _num(value: Any) -> float:
    return float(value)


def within(lo: float | None, hi: float | None, currency: str | None,
           envelopes: Sequence[dict[str, Any]]) -> bool:
    """The interval [lo, hi] (either end may be open) lies inside one envelope."""
    if lo is None and hi is None:
        return False
    low = lo if lo is not None else hi
    high = hi if hi is not None else lo
    assert low is not None and high is not None
    for env in envelopes:
        if env["currency"] != currency:
            continue
        if _num(env["min"]) * (1 - TOLERANCE) <= low and high <= _num(env["max"]) * (1 + TOLERANCE):
            return True
    return False


def _pair_ok(reading: Any, exp: dict[str, Any], forms: Forms = NO_FORMS) -> bool:
    if "investor" in exp and not same_name(exp["investor"], reading.investor, forms):
        return False
    return "target" not in exp or same_name(exp["target"], reading.target, forms)


def correct(answer: Answer, exp: dict[str, Any], forms: Forms = NO_FORMS) -> bool:
    kind = exp["answer"]
    readings = answer.readings
    if kind == "none":
        return answer.kind == "none"
    if kind == "search":
        return answer.kind == "search" and any(h.document in exp["documents"] for h in answer.hits)
    if answer.kind != kind or not (readings or answer.hits):
        return False
    if kind == "deal":
        r = readings[0]
        if not _pair_ok(r, exp, forms) or r.status not in exp["status"]:
            return False
        return "amount" not in exp or within(r.min, r.max, r.currency, exp["amount"])
    if kind == "sources":
        r = readings[0]
        said = [c.source for c in r.citations]
        return (_pair_ok(r, exp, forms)
                and all(any(same_name([s], x) for x in said) for s in exp["sources"])
                and bool(r.conflicts) == bool(exp["conflict"]))
    if kind == "investors":
        return all(any(same_name([n], r.investor, forms) for r in readings) for n in exp["include"])
    if kind == "targets":
        return all(any(same_name([n], r.target, forms) for r in readings) for n in exp["include"])
    if kind == "valuation":
        valued = [c for c in answer.citations if c.valuation]
        if not valued or not same_name(exp["target"], readings[0].target, forms):
            return False
        v = exp["valuation"]
        return within(valued[0].valuation, valued[0].valuation, valued[0].valuation_currency, [v])
    if kind == "largest":
        return any(_pair_ok(r, exp["deal"], forms) for r in readings[: exp["top"]])
    if kind == "changes":
        return all(any(_pair_ok(r, inc, forms) for r in readings) for inc in exp["include"])
    raise ValueError(f"unknown expected answer {kind!r}")


def cited(answer: Answer) -> list[tuple[str, str]]:
    """(article id, sentence) of every citation and search result of the answer."""
    return [(c.document, c.quote) for c in answer.citations] + [
        (h.document, h.sentence) for h in answer.hits]


def supports(item: dict[str, Any], document: str, sentence: str) -> bool:
    cite = item.get("cite")
    if not cite:
        return False
    return document in cite["documents"] and any(fold(n) in fold(sentence) for n in cite["names"])


def _deals(conn: Connection, exp: dict[str, Any]) -> list[Any]:
    forms = ledger_forms(conn)
    return [d for d in conn.execute(select(t.deals)) if _pair_ok(d, exp, forms)]


def _claims(conn: Connection, deal_id: int) -> list[Any]:
    return conn.execute(select(t.claims).where(t.claims.c.deal_id == deal_id)).all()


def blame(conn: Connection, exp: dict[str, Any]) -> str:
    """Why an answer is wrong: "extraction" when no claim of the ledger could give the
    expected answer (the articles' deal, status or amount was not read), "reading"
    when claims could but the ledger's current reading of the deal (its verdict
    over all claims) differs, else "ask"."""
    kind = exp["answer"]
    if kind in {"deal", "sources"}:
        deals = _deals(conn, exp)
        statuses = exp.get("status")
        usable = []
        for d in deals:
            rows = _claims(conn, d.id)
            if statuses and not any(r.status in statuses for r in rows):
                continue
            if "amount" in exp and not any(within(r.minimum, r.maximum, r.currency, exp["amount"])
                                           for r in rows):
                continue
            usable.append(d)
        if not usable:
            return "extraction"
        for d in usable:
            if (not statuses or d.status in statuses) and (
                    "amount" not in exp or within(d.minimum, d.maximum, d.currency, exp["amount"])):
                return "ask"
        return "reading"
    if kind in {"investors", "targets"}:
        side = "investor" if kind == "investors" else "target"
        pairs = [{side: [n], ("target" if side == "investor" else "investor"):
                  exp["target" if side == "investor" else "investor"]} for n in exp["include"]]
        return "ask" if all(_deals(conn, p) for p in pairs) else "extraction"
    if kind == "valuation":
        v = exp["valuation"]
        for d in _deals(conn, {"target": exp["target"]}):
            for r in _claims(conn, d.id):
                if r.valuation and _num(v["min"]) * (1 - TOLERANCE) <= r.valuation <= _num(v["max"]) * (1 + TOLERANCE):
                    return "ask"
        return "extraction"
    if kind == "largest":
        deal = exp["deal"]
        return "ask" if any(d.minimum or d.maximum for d in _deals(conn, deal)) else "extraction"
    if kind == "changes":
        return "ask" if all(_deals(conn, inc) for inc in exp["include"]) else "extraction"
    return "ask"


@dataclass
class Score:
    asked: int = 0
    right: int = 0
    cited: int = 0
    supported: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)  # (question id, why)
    wrong_citations: list[tuple[str, str, str]] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.asked if self.asked else 0.0

    @property
    def precision(self) -> float:
        return self.supported / self.cited if self.cited else 1.0

    def missed(self, why: str) -> int:
        return sum(1 for _, w in self.misses if w == why)

    @property
    def answerable(self) -> int:
        """Questions whose answer the ledger's claims hold."""
        return self.asked - self.missed("extraction")

    @property
    def ask_accuracy(self) -> float:
        """Accuracy on the questions whose answer the ledger's claims hold."""
        return self.right / self.answerable if self.answerable else 0.0


def score(conn: Connection, items: Sequence[dict[str, Any]]) -> Score:
    import time

    result = Score()
    forms = ledger_forms(conn)
    for item in items:
        today = dt.date.fromisoformat(str(item["today"])) if "today" in item else None
        began = time.perf_counter()
        answer = ask(conn, item["q"], item["lang"], today)
        result.seconds.append(time.perf_counter() - began)
        result.asked += 1
        exp = item["expect"]
        if correct(answer, exp, forms):
            result.right += 1
        else:
            result.misses.append((item["id"], blame(conn, exp)))
        for document, sentence in cited(answer):
            result.cited += 1
            if supports(item, document, sentence):
                result.supported += 1
            else:
                result.wrong_citations.append((item["id"], document, sentence[:120]))
    return result
