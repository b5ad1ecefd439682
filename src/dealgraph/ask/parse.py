"""Reading a question: what is asked, about which organisations, over which period.

Pure logic: a question's text in, a :class:`Question` out, no database. What a
phrasing asks is data (``data/lexicons/<lang>/questions.yaml``: intents tried in
order, deal words, stop words, relative periods), so a linguist adds a phrasing
without touching Python. Organisations are found as extraction finds them (the
knowledge base's names, aliases, tickers and descriptions: "le géant de
Redmond", "NVDA.O"); other runs of capitalised words are kept as candidates for
the ledger's own names, which :mod:`dealgraph.ask.answer` looks up.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from dealgraph.errors import InputError
from dealgraph.knowledge import lexicon
from dealgraph.nlp.dates import find_dates
from dealgraph.nlp.entities import EntityFinder
from dealgraph.nlp.kb import default_kb
from dealgraph.records import EntityKind

LANGUAGES = ("fr", "en")
#: Longest question read; beyond it the text is not a question.
MAX_QUESTION = 500
_TOKEN = re.compile(r"[\w][\w&.'’-]*", re.UNICODE)
_ELIDED = re.compile(r"^(?:qu|[dljnmstc])['’]", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?$")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_LONGEST_NAME = 5


@dataclass(frozen=True, slots=True)
class Named:
    """An organisation the knowledge base recognises in the question."""

    text: str
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Question:
    """What a question asks. ``intent`` is None when it is not about deals."""

    text: str
    lang: str
    intent: str | None
    named: tuple[Named, ...]
    candidates: tuple[str, ...]  # word runs that may name an organisation of the ledger
    words: tuple[str, ...]  # content words, for the full-text index
    since: dt.date | None
    year: int | None
    receives: bool  # "raise": the one organisation named receives the money
    kinds: frozenset[str]  # kinds of deal the question's words name ("stake", "buy")


@dataclass(frozen=True, slots=True)
class _Intent:
    name: str
    patterns: tuple[re.Pattern[str], ...]
    needs_deal_word: bool


class QuestionReader:
    """The question grammar of one language, compiled once."""

    def __init__(self, lang: str) -> None:
        data: dict[str, Any] = lexicon(lang, "questions")
        self.lang = lang
        self.intents = tuple(
            _Intent(i["intent"], tuple(re.compile(p, re.IGNORECASE) for p in i["patterns"]),
                    bool(i.get("needs_deal_word", i["intent"] in {"amount", "status", "investors"})))
            for i in data["intents"])
        self.deal_word = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in data["deal_words"]) + ")",
                                    re.IGNORECASE)
        self.raise_words = frozenset(w.casefold() for w in data.get("raise_words", ()))
        self.stop = frozenset(w.casefold() for w in data["stop_words"])
        self.connectors = frozenset(w.casefold() for w in data["connectors"])
        self.since_days = {k.casefold(): int(v) for k, v in data["since_days"].items()}
        self.kind_words = {kind: re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in words) + ")",
                                            re.IGNORECASE)
                           for kind, words in data.get("kind_words", {}).items()}
        self.finder = EntityFinder(default_kb(), lang)

    def read(self, text: str, today: dt.date) -> Question:
        text = " ".join(text.split())
        deal_word = self.deal_word.search(text) is not None
        intent = self._intent(text, deal_word)
        named = self._named(text)
        tokens = self._tokens(text)
        candidates = self._candidates(text, tokens, named)
        words = tuple(dict.fromkeys(
            w.casefold() for _, _, w in tokens if w.casefold() not in self.stop and len(w) > 2))
        since = self._since(text, today)
        year = self._year(text, since)
        lowered = text.casefold()
        receives = any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in self.raise_words)
        kinds = frozenset(k for k, p in self.kind_words.items() if p.search(text))
        return Question(text, self.lang, intent, named, candidates, words, since, year, receives,
                        kinds)

    def _intent(self, text: str, deal_word: bool) -> str | None:
        for intent in self.intents:
            if intent.needs_deal_word and not deal_word:
                continue
            if any(p.search(text) for p in intent.patterns):
                return intent.name
        return "status" if deal_word else None

    def _named(self, text: str) -> tuple[Named, ...]:
        found = self.finder.find(text, [])
        return tuple(Named(text[m.start:m.end], m.entity.name, m.start, m.end) for m in found
                     if m.entity.kind is EntityKind.ORG and not m.entity.id.startswith("ner:"))

    def _tokens(self, text: str) -> list[tuple[int, int, str]]:
        out = []
        for m in _TOKEN.finditer(text):
            start, word = m.start(), m.group()
            elided = _ELIDED.match(word)
            if elided and len(word) > elided.end():
                start += elided.end()
                word = word[elided.end():]
            word = _POSSESSIVE.sub("", word.rstrip(".-"))
            if word:
                out.append((start, start + len(word), word))
        return out

    def _candidates(self, text: str, tokens: list[tuple[int, int, str]],
                    named: tuple[Named, ...]) -> tuple[str, ...]:
        """Runs of name-like words outside the known names, longest first, each
        run's sub-runs after it ("Canadian Western Bank", "Western Bank"...)."""
        taken = [(n.start, n.end) for n in named]
        runs: list[list[str]] = []
        run: list[str] = []
        for start, end, word in tokens:
            inside = any(start < b and end > a for a, b in taken)
            folded = word.casefold()
            namelike = (word[0].isupper() or word[0].isdigit() or any(c.isupper() for c in word[1:])) \
                and folded not in self.stop
            if not inside and namelike:
                run.append(word)
            elif not inside and run and folded in self.connectors:
                run.append(word)
            else:
                runs.append(run)
                run = []
        runs.append(run)
        out: list[str] = []
        for words in runs:
            while words and words[-1].casefold() in self.connectors:
                words = words[:-1]
            n = len(words)
            for size in range(min(n, _LONGEST_NAME), 0, -1):
                for i in range(n - size + 1):
                    part = words[i:i + size]
                    if part[0].casefold() in self.connectors or part[-1].casefold() in self.connectors:
                        continue
                    out.append(" ".join(part))
        # lower-case words last: a brand written in small letters ("bpost")
        out += [w for _, _, w in tokens if w.islower() and w.casefold() not in self.stop
                and len(w) > 2 and self.deal_word.fullmatch(w) is None]
        return tuple(dict.fromkeys(out))

    def _since(self, text: str, today: dt.date) -> dt.date | None:
        lowered = text.casefold()
        for phrase, days in self.since_days.items():
            if re.search(rf"\b{re.escape(phrase)}\b", lowered):
                return today - dt.timedelta(days=days)
        for mention in find_dates(text, self.lang, today):
            if mention.since:
                v = mention.value
                return dt.date(v.year, v.month or 1, v.day or 1)
        return None

    def _year(self, text: str, since: dt.date | None) -> int | None:
        if since is not None:
            return None
        m = _YEAR.search(text)
        return int(m.group()) if m else None


@cache
def reader(lang: str) -> QuestionReader:
    return QuestionReader(lang)


def guess_language(text: str) -> str:
    """French or English, from the question's own small words and phrasings."""
    tokens = [w.casefold() for w in _TOKEN.findall(text)]
    best, score = "en", -1
    for lang in LANGUAGES:
        r = reader(lang)
        s = sum(1 for w in tokens if w in r.stop) + 2 * sum(
            1 for i in r.intents for p in i.patterns if p.search(text))
        if s > score:
            best, score = lang, s
    return best


def parse(text: str, lang: str | None = None, today: dt.date | None = None) -> Question:
    """The :class:`Question` that ``text`` asks; ``lang`` is guessed when None,
    ``today`` (for "since last week") defaults to the clock's date.

    Raises :class:`InputError` for an empty or overlong question or a language
    without question patterns.
    """
    if not text or not text.strip():
        raise InputError("the question is empty", input=repr(text))
    if len(text) > MAX_QUESTION:
        raise InputError(f"the question is longer than {MAX_QUESTION} characters",
                         input=text[:60] + "…")
    if lang is not None and lang not in LANGUAGES:
        raise InputError(f"questions are read in {', '.join(LANGUAGES)} only", input=lang)
    if lang is None:
        lang = guess_language(text)
    return reader(lang).read(text, today or dt.date.today())
