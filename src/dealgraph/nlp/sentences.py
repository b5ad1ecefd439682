"""Sentence boundaries, by rule: fast, and good enough for news prose.

A statistical parser would be more accurate on hard cases but costs far more than
the rest of the extraction; news sentences end in ``.``, ``!``, ``?``, a closing
quote after one of them, or a line break. What breaks the naive rule, and is
handled here: abbreviations ("M.", "Inc.", "U.S."), decimals ("1.5"), tickers
("NVDA.O"), initials ("J.P. Morgan") and quotes.
"""

from __future__ import annotations

import re

from dealgraph.records import Sentence

# Words after which a full stop does not end a sentence (lower-cased, without the dot).
_ABBREVIATIONS = frozenset(
    """
    m mm mme mmes mlle dr pr st ste me mr mrs ms messrs prof gen gov sen rep lt col
    inc corp co ltd plc jr sr bros no nos vol fig etc cf vs av approx dept est
    jan feb mar apr jun jul aug sep sept oct nov dec
    janv févr avr juil déc
    u.s u.k u.n e.u s.a n.v b.v a.g
    """.split()
)

_BOUNDARY = re.compile(
    r"""
    (?:[.!?…]+["»”’)\]]*)   # end punctuation, maybe closed by a quote or bracket
    (?=\s+["«“(\[]?[\w"«“(\[])  # then space and the start of the next sentence
    | \n\s*                  # or a line break
    """,
    re.VERBOSE,
)


_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")


def _word_before(text: str, pos: int) -> str:
    start = pos
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:pos]


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, each with its ``[start, end)`` span, stripped."""
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group().startswith("."):
            word = _word_before(text, match.start()).lstrip("(\"«“")
            low = word.lower()
            nxt = text[end : end + 1]
            if low in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                continue
            if _INITIALS.fullmatch(word):  # "J.P. Morgan", "U.S. regulators"
                continue
            if "." in word and word.replace(".", "").isalpha() and len(word) <= 6 and nxt.islower():
                continue
            if nxt.islower() and match.group() == ".":
                continue
        _append(sentences, text, start, match.start() + len(match.group().rstrip()))
        start = end
    _append(sentences, text, start, len(text))
    return sentences


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))
